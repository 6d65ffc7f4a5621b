package httpapi

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"
)

// serveSPA serves the built single-page app from dir: files as they are,
// and index.html for every other path so the SPA's router can take it.
// Hashed assets are cached for a year; index.html never, so a new release
// is picked up at once.
func serveSPA(e *echo.Echo, dir string) {
	index := filepath.Join(dir, "index.html")
	e.GET("/*", func(c echo.Context) error {
		p := filepath.Clean("/" + c.Param("*"))
		full := filepath.Join(dir, p)
		if info, err := os.Stat(full); err == nil && !info.IsDir() {
			if strings.HasPrefix(p, "/assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			return c.File(full)
		}
		if _, err := os.Stat(index); err != nil {
			return c.String(http.StatusNotFound, "The web app is not built yet: run `make run`, or `npm run build` in frontend/.")
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.File(index)
	})
}
