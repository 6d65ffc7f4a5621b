package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// sessCookie returns the session cookie a response sets, failing the test
// when it sets none.
func sessCookie(t *testing.T, header http.Header, name string) *http.Cookie {
	t.Helper()
	for _, line := range header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			t.Fatalf("Set-Cookie %q: %v", line, err)
		}
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("got Set-Cookie %q, want a cookie named %s", header.Values("Set-Cookie"), name)
	return nil
}

// sessCheckCookie checks the attributes every session cookie must have.
func sessCheckCookie(t *testing.T, c *http.Cookie, secure bool) {
	t.Helper()
	if !c.HttpOnly {
		t.Errorf("cookie %s: got HttpOnly false, want true", c.Name)
	}
	if c.SameSite != http.SameSiteStrictMode {
		t.Errorf("cookie %s: got SameSite %v, want Strict", c.Name, c.SameSite)
	}
	if c.Path != "/" {
		t.Errorf("cookie %s: got Path %q, want /", c.Name, c.Path)
	}
	if c.Domain != "" {
		t.Errorf("cookie %s: got Domain %q, want none (host-only)", c.Name, c.Domain)
	}
	if c.Secure != secure {
		t.Errorf("cookie %s: got Secure %v, want %v", c.Name, c.Secure, secure)
	}
}

// sessWithCookie sends a request with only the given session cookie value.
func sessWithCookie(h *apitest.Harness, method, path, value string) apitest.Response {
	return h.Client().Do(method, path, nil, "Cookie", apitest.SessionCookieName+"="+value)
}

func TestSignIn(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	tests := []struct {
		name  string
		login string
	}{
		{"username", st.Username},
		{"username in capitals", strings.ToUpper(st.Username)},
		{"email", st.Email},
		{"email in capitals", strings.ToUpper(st.Email)},
		{"email in mixed case", strings.ToUpper(st.Username) + st.Email[len(st.Username):]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.Client()
			start := time.Now()
			r := c.SignIn(tt.login, st.Password)
			account, _ := r.Body["account"].(map[string]any)
			if account["kind"] != "student" || account["username"] != st.Username || account["firstName"] != st.FirstName ||
				account["mustChangePassword"] != false {
				t.Errorf("got account %v, want student %s (%s) without mustChangePassword", account, st.Username, st.FirstName)
			}
			if c.CSRF == "" {
				t.Errorf("got no csrfToken in %s", r.Raw)
			}
			expires, err := time.Parse(time.RFC3339Nano, r.String("expiresAt"))
			if err != nil || expires.Before(start.Add(h.Config.SessionTTL-time.Minute)) || expires.After(start.Add(h.Config.SessionTTL+time.Minute)) {
				t.Errorf("got expiresAt %q (%v), want about %v from now", r.String("expiresAt"), err, h.Config.SessionTTL)
			}

			cookie := sessCookie(t, r.Header, apitest.SessionCookieName)
			sessCheckCookie(t, cookie, false)
			if cookie.Value == "" {
				t.Errorf("got an empty session cookie")
			}
			if d := cookie.Expires.Sub(expires); d < -time.Second || d > time.Second {
				t.Errorf("got cookie Expires %v, want the session's expiry %v", cookie.Expires, expires)
			}

			a := c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
			if a.String("username") != st.Username || a.String("email") != st.Email {
				t.Errorf("got account %s, want %s", a.Raw, st.Username)
			}
			s := c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, "")
			if s.String("csrfToken") != c.CSRF {
				t.Errorf("got csrfToken %q from GET /session, want the sign-in one %q", s.String("csrfToken"), c.CSRF)
			}
		})
	}

	t.Run("two sessions have different CSRF tokens", func(t *testing.T) {
		a, b := h.Client(), h.Client()
		a.SignIn(st.Username, st.Password)
		b.SignIn(st.Username, st.Password)
		if a.CSRF == b.CSRF {
			t.Errorf("got the same CSRF token %q for two sessions, want one per session", a.CSRF)
		}
	})
}

func TestSignInFailuresLookAlike(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	def := h.Student(apitest.StudentOpts{DefaultPassword: true, Password: "Kettle-Plum-93"})
	tests := []struct {
		name, login, password string
	}{
		{"wrong password", st.Username, "Lantern-Moss-48"},
		{"password in another case", st.Username, strings.ToLower(st.Password)},
		{"empty password", st.Username, ""},
		{"unknown username", "nobody-here-9", st.Password},
		{"unknown email", "nobody@students.test.example", st.Password},
		{"email with the wrong password", st.Email, "Lantern-Moss-48"},
		{"wrong school-issued password", def.Username, "Kettle-Plum-94"},
		{"empty login", "", st.Password},
	}
	var first []byte
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.Client()
			r := c.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": tt.login, "password": tt.password})
			if r.Status != http.StatusUnauthorized || r.Code() != "invalid_credentials" {
				t.Fatalf("got %d %s, want 401 invalid_credentials", r.Status, r.Raw)
			}
			if first == nil {
				first = r.Raw
			} else if string(r.Raw) != string(first) {
				t.Errorf("got body %s, want exactly the body of every other failure %s", r.Raw, first)
			}
			if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("got Set-Cookie %q on a failed sign-in, want none", got)
			}
			c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusUnauthorized, "not_signed_in")
		})
	}
}

func TestCSRFToken(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)
	sameStudent := h.Client()
	sameStudent.SignIn(st.Username, st.Password)
	otherStudent := h.Student(apitest.StudentOpts{})
	stranger := h.Client()
	stranger.SignIn(otherStudent.Username, otherStudent.Password)

	pin := map[string]string{"currentPassword": st.Password, "pin": "583920"}
	newPassword := map[string]string{"currentPassword": st.Password, "newPassword": "Harbor-Finch-82", "confirmPassword": "Harbor-Finch-82"}
	tests := []struct {
		name  string
		token string
	}{
		{"missing", ""},
		{"wrong", "not-the-token"},
		{"empty base64", "AAAA"},
		{"another session of the same student", sameStudent.CSRF},
		{"another student's session", stranger.CSRF},
		{"the token with its first character changed", map[bool]string{true: "B", false: "A"}[c.CSRF[0] == 'A'] + c.CSRF[1:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := badSnapshot(t, h, st.ID)
			for _, req := range []struct {
				method, path string
				body         any
			}{
				{http.MethodPut, "/api/v1/me/pin", pin},
				{http.MethodPost, "/api/v1/me/password", newPassword},
				{http.MethodPut, "/api/v1/me/security-questions", map[string]any{"currentPassword": st.Password, "answers": []any{}}},
				{http.MethodDelete, "/api/v1/session", nil},
			} {
				r := c.Do(req.method, req.path, req.body, "X-CSRF-Token", tt.token)
				if r.Status != http.StatusForbidden || r.Code() != "csrf_token_invalid" {
					t.Errorf("%s %s: got %d %s, want 403 csrf_token_invalid", req.method, req.path, r.Status, r.Raw)
				}
				if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
					t.Errorf("%s %s: got Set-Cookie %q, want none", req.method, req.path, got)
				}
			}
			if diff := cmp.Diff(before, badSnapshot(t, h, st.ID)); diff != "" {
				t.Errorf("a request without its CSRF token changed state (-before +after):\n%s", diff)
			}
			c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
		})
	}

	t.Run("control: the right token", func(t *testing.T) {
		c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", pin), http.StatusNoContent, "")
	})
}

func TestCrossSiteRequestsRefused(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	signIn := map[string]string{"login": st.Username, "password": st.Password}

	tests := []struct {
		name    string
		headers []string
	}{
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site"}},
		{"Sec-Fetch-Site same-site", []string{"Sec-Fetch-Site", "same-site"}},
		{"Sec-Fetch-Site cross-site with a foreign Origin", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
		{"foreign Origin without Sec-Fetch-Site", []string{"Origin", "https://evil.example"}},
		{"null Origin", []string{"Origin", "null"}},
		{"Origin on another port", []string{"Origin", "http://127.0.0.1:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.Client()
			before := badSnapshot(t, h, st.ID)
			r := c.Do(http.MethodPost, "/api/v1/session", signIn, tt.headers...)
			if r.Status != http.StatusForbidden || r.Code() != "cross_site_request" {
				t.Fatalf("got %d %s, want 403 cross_site_request", r.Status, r.Raw)
			}
			if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("got Set-Cookie %q, want none", got)
			}
			c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusNoContent, "")
			if diff := cmp.Diff(before, badSnapshot(t, h, st.ID)); diff != "" {
				t.Errorf("a cross-site sign-in changed state (-before +after):\n%s", diff)
			}
		})
	}

	t.Run("signed-in changes", func(t *testing.T) {
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		before := badSnapshot(t, h, st.ID)
		r := c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": st.Password, "pin": "583920"},
			"Sec-Fetch-Site", "cross-site")
		c.Expect(r, http.StatusForbidden, "cross_site_request")
		r = c.Do(http.MethodPost, "/api/v1/me/password", map[string]string{
			"currentPassword": st.Password, "newPassword": "Harbor-Finch-82", "confirmPassword": "Harbor-Finch-82"},
			"Origin", "https://evil.example")
		c.Expect(r, http.StatusForbidden, "cross_site_request")
		c.Expect(c.Do(http.MethodDelete, "/api/v1/session", nil, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "cross_site_request")
		if diff := cmp.Diff(before, badSnapshot(t, h, st.ID)); diff != "" {
			t.Errorf("cross-site changes changed state (-before +after):\n%s", diff)
		}
		c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	})

	for name, headers := range map[string][]string{
		"Sec-Fetch-Site same-origin": {"Sec-Fetch-Site", "same-origin"},
		"Sec-Fetch-Site none":        {"Sec-Fetch-Site", "none"},
		"our own Origin":             {"Origin", h.Server.URL},
	} {
		t.Run("control: "+name, func(t *testing.T) {
			c := h.Client()
			c.Expect(c.Do(http.MethodPost, "/api/v1/session", signIn, headers...), http.StatusOK, "")
		})
	}
}

func TestSignOut(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)

	r := c.Expect(c.Do(http.MethodDelete, "/api/v1/session", nil), http.StatusNoContent, "")
	cookie := sessCookie(t, r.Header, apitest.SessionCookieName)
	sessCheckCookie(t, cookie, false)
	if cookie.Value != "" || cookie.MaxAge >= 0 {
		t.Errorf("got cookie value %q Max-Age %d, want an empty cookie that expires now", cookie.Value, cookie.MaxAge)
	}
	c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusUnauthorized, "not_signed_in")
	c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusNoContent, "")

	t.Run("signed out already", func(t *testing.T) {
		c.Expect(c.Do(http.MethodDelete, "/api/v1/session", nil), http.StatusNoContent, "")
		h.Client().Expect(h.Client().Do(http.MethodDelete, "/api/v1/session", nil), http.StatusNoContent, "")
	})
	t.Run("must change password", func(t *testing.T) {
		must := h.Student(apitest.StudentOpts{MustChangePassword: true})
		m := h.Client()
		m.SignIn(must.Username, must.Password)
		m.Expect(m.Do(http.MethodDelete, "/api/v1/session", nil), http.StatusNoContent, "")
		m.Expect(m.Do(http.MethodGet, "/api/v1/session", nil), http.StatusNoContent, "")
	})
}

func TestSignInThrottle(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	signIn := func(password string) apitest.Response {
		return c.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": password})
	}
	failures := func() (n int, last *time.Time) {
		t.Helper()
		err := h.Pool.QueryRow(context.Background(), `select failures, last_failure_at from sign_in_attempts
			where attempt_key = 'student:' || $1`, st.ID).Scan(&n, &last)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		return n, last
	}

	for i := 1; i <= 10; i++ {
		c.Expect(signIn("Wrong-Guess-"+string(rune('0'+i%10))), http.StatusUnauthorized, "invalid_credentials")
	}
	n, last := failures()
	if n != 10 || last == nil {
		t.Fatalf("after 10 wrong passwords got %d failures (last %v), want 10", n, last)
	}

	for _, pw := range []string{st.Password, "Wrong-Guess-11"} {
		r := c.Expect(signIn(pw), http.StatusTooManyRequests, "sign_in_throttled")
		retryAt, err := time.Parse(time.RFC3339Nano, r.String("retryAt"))
		if err != nil {
			t.Fatalf("got retryAt %q: %v", r.String("retryAt"), err)
		}
		if want := last.Add(time.Minute); retryAt.Sub(want).Abs() > time.Millisecond {
			t.Errorf("got retryAt %v, want a minute after the last failure, %v", retryAt, want)
		}
		if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
			t.Errorf("got Set-Cookie %q while throttled, want none", got)
		}
	}
	if n, _ := failures(); n != 10 {
		t.Errorf("throttled attempts changed the failure count to %d, want 10", n)
	}
	c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusNoContent, "")

	t.Run("other accounts are not throttled", func(t *testing.T) {
		other := h.Student(apitest.StudentOpts{})
		h.Client().SignIn(other.Username, other.Password)
	})

	if _, err := h.Pool.Exec(context.Background(),
		`update sign_in_attempts set last_failure_at = last_failure_at - interval '61 seconds'
			where attempt_key = 'student:' || $1`, st.ID); err != nil {
		t.Fatal(err)
	}
	c.SignIn(st.Username, st.Password)
	if n, last := failures(); n != 0 || last != nil {
		t.Errorf("after a good sign-in got %d failures (last %v), want 0 and none", n, last)
	}

	t.Run("nine failures do not throttle", func(t *testing.T) {
		for i := 0; i < 9; i++ {
			c.Expect(signIn("Wrong-Guess-1"), http.StatusUnauthorized, "invalid_credentials")
		}
		c.SignIn(st.Username, st.Password)
		if n, _ := failures(); n != 0 {
			t.Errorf("got %d failures after a good sign-in, want 0", n)
		}
	})
}

// TestSecureCookieOnHTTPS drives a portal whose public origin is https: its
// session cookie is the __Host- one, Secure, and it sends HSTS.
func TestSecureCookieOnHTTPS(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	const origin = "https://portal.example"
	handler := h.PortalAt(origin)
	serve := func(method, path, body string, headers ...string) *httptest.ResponseRecorder {
		var req *http.Request
		if body == "" {
			req = httptest.NewRequest(method, origin+path, nil)
		} else {
			req = httptest.NewRequest(method, origin+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, req)
		return w
	}
	body, _ := json.Marshal(map[string]string{"login": st.Username, "password": st.Password})
	w := serve(http.MethodPost, "/api/v1/session", string(body), "Sec-Fetch-Site", "same-origin", "Origin", origin)
	if w.Code != http.StatusOK {
		t.Fatalf("sign in at %s: got %d %s, want 200", origin, w.Code, w.Body)
	}
	cookie := sessCookie(t, w.Result().Header, "__Host-portal_session")
	sessCheckCookie(t, cookie, true)
	if got := w.Result().Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("got Strict-Transport-Security %q, want one", got)
	}
	var session struct {
		CSRFToken string `json:"csrfToken"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &session); err != nil || session.CSRFToken == "" {
		t.Fatalf("got session %s (%v), want a csrfToken", w.Body, err)
	}

	if w := serve(http.MethodGet, "/api/v1/me/account", "", "Cookie", "__Host-portal_session="+cookie.Value); w.Code != http.StatusOK {
		t.Errorf("with the __Host- cookie: got %d %s, want 200", w.Code, w.Body)
	}
	if w := serve(http.MethodGet, "/api/v1/me/account", "", "Cookie", apitest.SessionCookieName+"="+cookie.Value); w.Code != http.StatusUnauthorized {
		t.Errorf("with the plain cookie name: got %d %s, want 401", w.Code, w.Body)
	}
	// A token of the http portal names another issuer.
	httpToken, _, err := h.TokenIssuer().Issue(tokens.Session, "student", st.ID, 1, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if w := serve(http.MethodGet, "/api/v1/me/account", "", "Cookie", "__Host-portal_session="+httpToken); w.Code != http.StatusUnauthorized {
		t.Errorf("with a token of another origin: got %d %s, want 401", w.Code, w.Body)
	}

	pin, _ := json.Marshal(map[string]string{"currentPassword": st.Password, "pin": "583920"})
	if w := serve(http.MethodPut, "/api/v1/me/pin", string(pin), "Cookie", "__Host-portal_session="+cookie.Value,
		"X-CSRF-Token", session.CSRFToken, "Origin", "https://evil.example"); w.Code != http.StatusForbidden {
		t.Errorf("cross-site PUT /me/pin: got %d %s, want 403", w.Code, w.Body)
	}
	if w := serve(http.MethodPut, "/api/v1/me/pin", string(pin), "Cookie", "__Host-portal_session="+cookie.Value,
		"X-CSRF-Token", session.CSRFToken, "Origin", origin, "Sec-Fetch-Site", "same-origin"); w.Code != http.StatusNoContent {
		t.Errorf("same-origin PUT /me/pin: got %d %s, want 204", w.Code, w.Body)
	}

	w = serve(http.MethodDelete, "/api/v1/session", "", "Cookie", "__Host-portal_session="+cookie.Value,
		"X-CSRF-Token", session.CSRFToken, "Sec-Fetch-Site", "same-origin")
	if w.Code != http.StatusNoContent {
		t.Fatalf("sign out: got %d %s, want 204", w.Code, w.Body)
	}
	cleared := sessCookie(t, w.Result().Header, "__Host-portal_session")
	sessCheckCookie(t, cleared, true)
	if cleared.Value != "" || cleared.MaxAge >= 0 {
		t.Errorf("got cookie value %q Max-Age %d on sign-out, want it cleared", cleared.Value, cleared.MaxAge)
	}
}

// isSignedOut tells whether r is the answer of path to someone not signed in: the session
// reads say so with 204 (a page's first question, not an error), every other route with
// 401 not_signed_in and a message.
func isSignedOut(path string, r apitest.Response) bool {
	if strings.HasSuffix(path, "/session") {
		return r.Status == http.StatusNoContent && len(r.Raw) == 0
	}
	return r.Status == http.StatusUnauthorized && r.Code() == "not_signed_in" && r.String("message") != ""
}
