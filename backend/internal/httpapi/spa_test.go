package httpapi

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/config"
)

func TestServeSPA(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><head><title>app</title></head><body></body>"), 0o644)
	os.WriteFile(filepath.Join(dir, "assets", "app-1234.js"), []byte("console.log(1)"), 0o644)
	os.WriteFile(filepath.Join(dir, "robots.txt"), []byte("User-agent: *\nDisallow: /\n"), 0o644)
	e, err := New(Deps{Logger: slog.New(slog.DiscardHandler), WebDir: dir, Ready: func(context.Context) error { return nil },
		District: config.District{Name: `Riverside "Unified" & Co <USD>`, Color: "#0f5e4b", OnColor: "#ffffff"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		wantStatus   int
		wantBody     string
		wantCache    string
	}{
		{http.MethodGet, "/", 200, "<title>app</title>", "no-cache"},
		// Every page carries the district, escaped, in a meta element before </head>: the
		// header names it from the first paint.
		{http.MethodGet, "/account", 200, `<meta name="portal-district" content="{&#34;color&#34;:&#34;#0f5e4b&#34;,` +
			`&#34;help&#34;:{},&#34;name&#34;:&#34;Riverside \&#34;Unified\&#34; \u0026 Co \u003cUSD\u003e&#34;,` +
			`&#34;onColor&#34;:&#34;#ffffff&#34;}" /></head>`, "no-cache"},
		{http.MethodGet, "/index.html", 200, `<meta name="portal-district"`, "no-cache"},
		{http.MethodGet, "/forgot/verify", 200, "<title>app</title>", "no-cache"},
		{http.MethodGet, "/assets/app-1234.js", 200, "console.log(1)", "public, max-age=31536000, immutable"},
		{http.MethodGet, "/../../../etc/passwd", 200, "<title>app</title>", "no-cache"},
		{http.MethodGet, "/robots.txt", 200, "Disallow: /", "no-cache"},
		{http.MethodGet, "/foo.png", 404, `"code":"not_found"`, ""},
		{http.MethodGet, "/assets/missing.js", 404, `"code":"not_found"`, ""},
		{http.MethodHead, "/family/nope.css", 404, "", ""},
		{http.MethodGet, "/../../../etc/passwd.txt", 404, `"code":"not_found"`, ""},
		{http.MethodGet, "/family/verify-email", 200, "<title>app</title>", "no-cache"},
		{http.MethodGet, "/api/v1/nope", 404, `"code":"not_found"`, "no-store"},
		{http.MethodGet, "/api/v1/me/pin", 405, `"code":"method_not_allowed"`, "no-store"},
		{http.MethodPost, "/account", 404, `"code":"not_found"`, ""},
		{http.MethodGet, "/healthz", 200, `"status":"ok"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("got %d %q, want %d containing %q", rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.wantCache)
			}
			if rec.Header().Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy header")
			}
		})
	}
}

func TestServeSPACompressesAssets(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "assets"), 0o755)
	body := strings.Repeat("console.log(1);\n", 500)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>app</title>"), 0o644)
	os.WriteFile(filepath.Join(dir, "assets", "big-1234.js"), []byte(body), 0o644)
	e, err := New(Deps{Logger: slog.New(slog.DiscardHandler), WebDir: dir, Ready: func(context.Context) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path     string
		wantGzip bool
	}{{"/assets/big-1234.js", true}, {"/healthz", false}} {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		gotGzip := rec.Header().Get("Content-Encoding") == "gzip"
		if gotGzip != tt.wantGzip {
			t.Errorf("%s: gzip %v, want %v", tt.path, gotGzip, tt.wantGzip)
		}
		if tt.wantGzip {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(zr)
			if string(got) != body || rec.Body.Len() >= len(body)/3 {
				t.Errorf("%s: decompressed %d bytes (want %d), sent %d", tt.path, len(got), len(body), rec.Body.Len())
			}
		}
	}
}

// TestCameraOnlyOnBadgePages: the camera is this origin's on the two pages that scan a badge
// (the badge page and the student sign-in page) and nobody's anywhere else, assets and API
// included; the rest of the headers stay as they are.
func TestCameraOnlyOnBadgePages(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><head></head>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "robots.txt"), []byte("User-agent: *\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := New(Deps{Logger: slog.New(slog.DiscardHandler), WebDir: dir, Ready: func(context.Context) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{
		"/": "camera=(self)", "/badge": "camera=(self)", "/badge/": "camera=(self)",
		"/account": "camera=()", "/staff": "camera=()", "/family": "camera=()", "/badges": "camera=()",
		"/index.html": "camera=()", "/robots.txt": "camera=()", "/api/v1/district": "camera=()", "/healthz": "camera=()",
		"/api/v1/badge": "camera=()",
	} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		got := rec.Header().Get("Permissions-Policy")
		if !strings.HasPrefix(got, want+",") || !strings.Contains(got, "microphone=()") || !strings.Contains(got, "geolocation=()") {
			t.Errorf("GET %s: Permissions-Policy %q, want %s and every other feature off", p, got, want)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); csp != contentSecurityPolicy {
			t.Errorf("GET %s: CSP %q changed", p, csp)
		}
	}
}
