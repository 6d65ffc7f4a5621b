package httpapi

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// serveSPA serves the built single-page app from dir, in HTML5 mode: files
// as they are, and index.html for every other page so the SPA's router can
// take it. A path that names a file (it has an extension, as the SPA's routes
// never do) and finds none gets 404: a missing script or image answered with
// the app and 200 hides a broken release, and crawlers index it. API and
// operations paths are left to their routes, so a wrong method there still
// gets 405 and an unknown API path 404. Hashed assets are cached for a year;
// index.html is revalidated, so a release is picked up at once.
func serveSPA(e *echo.Echo, dir string) {
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !notSPA(c) {
				if missingFile(dir, c.Request().URL.Path) {
					return echo.ErrNotFound
				}
				if strings.HasPrefix(c.Request().URL.Path, "/assets/") {
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					c.Response().Header().Set("Cache-Control", "no-cache")
				}
			}
			return next(c)
		}
	},
		// The SPA's files shrink to a third; API answers are small and skip it.
		middleware.GzipWithConfig(middleware.GzipConfig{
			Level: 5, MinLength: 1024,
			Skipper: func(c echo.Context) bool { return notSPA(c) || c.Request().Header.Get("Range") != "" },
		}),
		middleware.StaticWithConfig(middleware.StaticConfig{
			Root:    dir,
			HTML5:   true,
			Skipper: notSPA,
		}))
}

// notSPA tells the requests the SPA does not answer: API and operations
// paths, and anything but GET and HEAD.
func notSPA(c echo.Context) bool {
	p, m := c.Request().URL.Path, c.Request().Method
	return strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/readyz" || p == "/metrics" ||
		(m != http.MethodGet && m != http.MethodHead)
}

// missingFile reports whether urlPath names a file (its last part has an extension) that
// dir does not hold. The cleaned path cannot climb out of dir.
func missingFile(dir, urlPath string) bool {
	clean := path.Clean("/" + urlPath)
	if path.Ext(clean) == "" {
		return false
	}
	info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(clean)))
	return err != nil || !info.Mode().IsRegular()
}
