package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
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
// index.html is revalidated, so a release is picked up at once. Every page
// is index.html with the district (GET /district's answer) in a meta element,
// so the header names the district from the first paint instead of growing a
// line when the answer arrives.
func serveSPA(e *echo.Echo, dir string, district District) error {
	index, err := indexWithDistrict(dir, district)
	if err != nil {
		return err
	}
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
		func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				if index == nil || notSPA(c) || !isPage(c.Request().URL.Path) {
					return next(c)
				}
				if cameraPages[path.Clean("/"+c.Request().URL.Path)] {
					c.Response().Header().Set("Permissions-Policy", cameraPolicy)
				}
				return c.HTMLBlob(http.StatusOK, index)
			}
		},
		middleware.StaticWithConfig(middleware.StaticConfig{
			Root:    dir,
			HTML5:   true,
			Skipper: notSPA,
		}))
	return nil
}

// districtMeta is the name of index.html's meta element holding the district (src/main.tsx).
const districtMeta = "portal-district"

// indexWithDistrict returns dir's index.html with the district as JSON in a meta element
// (data, not script: the content security policy stays as it is), or nil when dir has no
// index.html.
func indexWithDistrict(dir string, district District) ([]byte, error) {
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index.html: %w", err)
	}
	data, err := json.Marshal(district)
	if err != nil {
		return nil, fmt.Errorf("district as JSON: %w", err)
	}
	meta := fmt.Sprintf(`<meta name="%s" content="%s" />`, districtMeta, html.EscapeString(string(data)))
	if !bytes.Contains(page, []byte("</head>")) {
		return append(page, meta...), nil
	}
	return bytes.Replace(page, []byte("</head>"), []byte(meta+"</head>"), 1), nil
}

// isPage tells the paths the SPA answers with index.html: its routes, which never have an
// extension, and index.html itself.
func isPage(urlPath string) bool {
	clean := path.Clean("/" + urlPath)
	return path.Ext(clean) == "" || clean == "/index.html"
}

// notSPA tells the requests the SPA does not answer: API and operations
// paths, and anything but GET and HEAD.
func notSPA(c echo.Context) bool {
	p, m := c.Request().URL.Path, c.Request().Method
	return strings.HasPrefix(p, apiPrefix) || p == "/healthz" || p == "/readyz" || p == "/metrics" ||
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
