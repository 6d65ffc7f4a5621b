package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

func TestSecurityHeadersAndOperations(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()

	checkHeaders := func(t *testing.T, r apitest.Response) {
		t.Helper()
		csp := r.Header.Get("Content-Security-Policy")
		directives := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			directives[name] = value
		}
		script, ok := directives["script-src"]
		if !ok {
			script = directives["default-src"]
		}
		if script == "" || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") || strings.Contains(script, "*") {
			t.Errorf("got CSP %q, want a script-src without 'unsafe-inline', 'unsafe-eval' or wildcards", csp)
		}
		if directives["frame-ancestors"] != "'none'" {
			t.Errorf("got CSP %q, want frame-ancestors 'none'", csp)
		}
		if directives["object-src"] != "'none'" {
			t.Errorf("got CSP %q, want object-src 'none'", csp)
		}
		for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
			if got := r.Header.Get(name); got != want {
				t.Errorf("got %s %q, want %q", name, got, want)
			}
		}
		switch got := r.Header.Get("Referrer-Policy"); got {
		case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
		default:
			t.Errorf("got Referrer-Policy %q, want one that keeps paths from other sites", got)
		}
		if got := r.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("got Strict-Transport-Security %q over plain http, want none", got)
		}
	}

	type probe struct {
		name    string
		method  string
		path    string
		body    any
		headers []string
		status  int
		code    string
	}
	probes := []probe{
		{"catalogue", http.MethodGet, "/api/v1/security-questions", nil, nil, 200, ""},
		{"not signed in", http.MethodGet, "/api/v1/me/account", nil, nil, 401, "not_signed_in"},
		{"bad JSON", http.MethodPost, "/api/v1/session", `{`, nil, 400, "invalid_json"},
		{"wrong credentials", http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": "nope"}, nil, 401, "invalid_credentials"},
		{"cross-site", http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": st.Password},
			[]string{"Sec-Fetch-Site", "cross-site"}, 403, "cross_site_request"},
		{"too large", http.MethodPost, "/api/v1/session", badBigBody(nil, "login"), nil, 413, "body_too_large"},
		{"not JSON", http.MethodPost, "/api/v1/session", `login=x`, []string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"unknown API path", http.MethodGet, "/api/v1/nope", nil, nil, 404, "not_found"},
		{"unknown API path, POST", http.MethodPost, "/api/v1/nope", `{}`, nil, 404, "not_found"},
		{"unknown API version", http.MethodGet, "/api/v2/me/account", nil, nil, 404, "not_found"},
		{"wrong method on a collection", http.MethodDelete, "/api/v1/security-questions", nil, nil, 405, "method_not_allowed"},
		{"wrong method on the session", http.MethodPut, "/api/v1/session", `{}`, nil, 405, "method_not_allowed"},
		{"wrong method on the account", http.MethodPost, "/api/v1/me/account", `{}`, nil, 405, "method_not_allowed"},
		{"wrong method on the PIN", http.MethodGet, "/api/v1/me/pin", nil, nil, 405, "method_not_allowed"},
		{"healthz", http.MethodGet, "/healthz", nil, nil, 200, ""},
		{"readyz", http.MethodGet, "/readyz", nil, nil, 200, ""},
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			r := c.Do(p.method, p.path, p.body, p.headers...)
			if r.Status != p.status || r.Code() != p.code {
				t.Errorf("got %d %q (body %s), want %d %q", r.Status, r.Code(), r.Raw, p.status, p.code)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("got Content-Type %q, want JSON", ct)
			}
			if r.Status >= 400 && r.String("message") == "" {
				t.Errorf("got error body %s, want a message", r.Raw)
			}
			checkHeaders(t, r)
		})
	}

	t.Run("signed-in responses", func(t *testing.T) {
		s := h.Client()
		checkHeaders(t, s.SignIn(st.Username, st.Password))
		checkHeaders(t, s.Expect(s.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, ""))
		checkHeaders(t, s.Expect(s.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, ""))
		checkHeaders(t, s.Expect(s.Do(http.MethodDelete, "/api/v1/session", nil), http.StatusNoContent, ""))
	})

	t.Run("health bodies", func(t *testing.T) {
		if r := c.Do(http.MethodGet, "/healthz", nil); r.String("status") != "ok" {
			t.Errorf("got /healthz body %s, want status ok", r.Raw)
		}
		if r := c.Do(http.MethodGet, "/readyz", nil); r.String("status") != "ready" {
			t.Errorf("got /readyz body %s, want status ready", r.Raw)
		}
	})

	t.Run("no metrics on the public port", func(t *testing.T) {
		// The portal serves them on PORTAL_METRICS_ADDR (portal.OpsHandler).
		if r := c.Do(http.MethodGet, "/metrics", nil); r.Status != http.StatusNotFound {
			t.Errorf("got /metrics status %d, want 404", r.Status)
		}
	})
}
