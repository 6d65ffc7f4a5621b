package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// BenchmarkEdge measures what the edge middleware adds to a request: each
// case runs with and without noStore and edgeCheck in front of a handler
// that decodes as the real one does.
func BenchmarkEdge(b *testing.B) {
	const signIn = `{"login":"mayag2024","password":"Orchard-Lamp-73"}`
	cases := []struct {
		name, method, route, path, body string
	}{
		{"sign-in body", http.MethodPost, "/api/v1/session", "/api/v1/session", signIn},
		{"GET session", http.MethodGet, "/api/v1/session", "/api/v1/session", ""},
		{"GET child by id", http.MethodGet, "/api/v1/family/children/:childId",
			"/api/v1/family/children/5f0c6a52-9a51-4c3e-9d8e-0f4f3a1b2c3d", ""},
	}
	handler := func(c echo.Context) error {
		if c.Request().Method == http.MethodPost {
			var req SignInRequest
			if err := decode(c, &req, "login", "password"); err != nil {
				return err
			}
		}
		return c.NoContent(http.StatusNoContent)
	}
	for _, tc := range cases {
		for _, edge := range []bool{false, true} {
			e := echo.New()
			if edge {
				e.Use(noStore, edgeCheck)
			}
			e.Add(tc.method, tc.route, handler)
			name := tc.name + "/without"
			if edge {
				name = tc.name + "/with edge"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
					if tc.body != "" {
						r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
					}
					rec := httptest.NewRecorder()
					e.ServeHTTP(rec, r)
					if rec.Code != http.StatusNoContent {
						b.Fatalf("got %d %s", rec.Code, rec.Body)
					}
				}
			})
		}
	}
}
