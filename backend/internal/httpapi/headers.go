package httpapi

import (
	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows only the portal's own scripts, styles,
// images and API: no inline script, no framing, no foreign form targets.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// permissionsPolicy turns off the powerful features the portal never uses; cameraPolicy is
// it for the pages that scan a QR badge (cameraPages), which may use this origin's camera.
const (
	permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=()"
	cameraPolicy      = "camera=(self), microphone=(), geolocation=(), payment=()"
)

// cameraPages are the SPA pages that scan a badge: the badge page and the student sign-in
// page (its "Sign in with my badge" scanner). No other page gets the camera.
var cameraPages = map[string]bool{"/badge": true, "/": true}

// securityHeaders sets strict headers on every response.
func securityHeaders(https bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Cross-Origin-Resource-Policy", "same-origin")
			h.Set("Permissions-Policy", permissionsPolicy)
			if https {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			return next(c)
		}
	}
}
