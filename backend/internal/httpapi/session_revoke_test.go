package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// revokeCase is one kind of session: how to sign in, its cookie, its sign-out route and the
// reads a copied cookie must no longer pass.
type revokeCase struct {
	name    string
	cookie  string
	signOut string
	signIn  func(c *apitest.Client)
	reads   []string
}

func revokeCases(h *apitest.Harness) []revokeCase {
	st := h.Student(apitest.StudentOpts{})
	g := h.Guardian(apitest.GuardianOpts{})
	return []revokeCase{
		{
			name: "student", cookie: apitest.SessionCookieName, signOut: "/api/v1/session",
			signIn: func(c *apitest.Client) { c.SignIn(st.Username, st.Password) },
			reads:  []string{"/api/v1/session", "/api/v1/me/account"},
		},
		{
			name: "guardian", cookie: "portal_family", signOut: "/api/v1/family/session",
			signIn: func(c *apitest.Client) { c.FamilySignIn(g.Email, g.Password) },
			reads:  []string{"/api/v1/family/session", "/api/v1/family/children"},
		},
	}
}

// revokeReplay sends a request from another browser carrying only a copied session cookie
// and, when not empty, the copied session's CSRF token.
func revokeReplay(h *apitest.Harness, method, path, cookie, value, csrf string) apitest.Response {
	return h.Client().Do(method, path, nil, "Cookie", cookie+"="+value, "X-CSRF-Token", csrf)
}

// TestSignOutRevokesSession copies a session cookie, signs out, and replays the copy: on a
// shared school computer the copy must be worth nothing, while the account's other
// sessions go on.
func TestSignOutRevokesSession(t *testing.T) {
	h := apitest.New(t)
	for _, tt := range revokeCases(h) {
		t.Run(tt.name, func(t *testing.T) {
			shared, other := h.Client(), h.Client()
			tt.signIn(shared)
			tt.signIn(other)
			copied, csrf := famCookie(t, h, shared, tt.cookie), shared.CSRF
			for _, path := range tt.reads {
				if r := revokeReplay(h, http.MethodGet, path, tt.cookie, copied, ""); r.Status != http.StatusOK {
					t.Fatalf("control: GET %s with the copied cookie before sign-out: got %d, want 200", path, r.Status)
				}
			}

			shared.Expect(shared.Do(http.MethodDelete, tt.signOut, nil), http.StatusNoContent, "")

			for _, path := range tt.reads {
				r := revokeReplay(h, http.MethodGet, path, tt.cookie, copied, "")
				if !isSignedOut(path, r) {
					t.Errorf("GET %s with the copied cookie after sign-out: got %d %s, want it refused as not signed in",
						path, r.Status, r.Raw)
				}
				if r := other.Do(http.MethodGet, path, nil); r.Status != http.StatusOK {
					t.Errorf("GET %s in the account's other session: got %d %s, want 200", path, r.Status, r.Raw)
				}
			}
			// Signing out again with the copy and its CSRF token is no error and clears it.
			r := revokeReplay(h, http.MethodDelete, tt.signOut, tt.cookie, copied, csrf)
			if r.Status != http.StatusNoContent {
				t.Errorf("DELETE %s with the revoked cookie: got %d %s, want 204", tt.signOut, r.Status, r.Raw)
			}
			if c := sessCookie(t, r.Header, tt.cookie); c.Value != "" || c.MaxAge >= 0 {
				t.Errorf("DELETE %s with the revoked cookie: got cookie %q Max-Age %d, want it cleared", tt.signOut, c.Value, c.MaxAge)
			}
		})
	}
}

// TestSignOutRefusals checks that sign-out still wants the session's CSRF token (a page of
// another site must not end a session, nor revoke it) and that a cookie that is no session
// is signed out without an error.
func TestSignOutRefusals(t *testing.T) {
	h := apitest.New(t)
	for _, tt := range revokeCases(h) {
		t.Run(tt.name, func(t *testing.T) {
			c := h.Client()
			tt.signIn(c)
			copied := famCookie(t, h, c, tt.cookie)
			tests := []struct {
				name, value, csrf string
				status            int
				code              string
			}{
				{"no CSRF token", copied, "", http.StatusForbidden, "csrf_token_invalid"},
				{"wrong CSRF token", copied, "AAAA", http.StatusForbidden, "csrf_token_invalid"},
				{"garbage cookie", "not-a-token", "", http.StatusNoContent, ""},
				{"empty cookie", "", "", http.StatusNoContent, ""},
			}
			for _, sub := range tests {
				r := revokeReplay(h, http.MethodDelete, tt.signOut, tt.cookie, sub.value, sub.csrf)
				if r.Status != sub.status || r.Code() != sub.code {
					t.Errorf("%s: got %d %q (%s), want %d %q", sub.name, r.Status, r.Code(), r.Raw, sub.status, sub.code)
				}
			}
			if n := h.Count(`select count(*) from revoked_sessions`); n != 0 {
				t.Errorf("got %d revoked sessions after refused and empty sign-outs, want 0", n)
			}
			for _, path := range tt.reads {
				c.Expect(c.Do(http.MethodGet, path, nil), http.StatusOK, "")
			}
		})
	}
}

// TestSignOutFinishesWhenTheBrowserLeaves signs out with a request its browser has already
// given up on, as when a page navigates away right after "Sign out": the session is revoked
// all the same, for students and guardians.
func TestSignOutFinishesWhenTheBrowserLeaves(t *testing.T) {
	h := apitest.New(t)
	for _, tc := range revokeCases(h) {
		t.Run(tc.name, func(t *testing.T) {
			c := h.Client()
			tc.signIn(c)
			copied := famCookie(t, h, c, tc.cookie)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			req := httptest.NewRequestWithContext(ctx, http.MethodDelete, tc.signOut, nil)
			req.AddCookie(&http.Cookie{Name: tc.cookie, Value: copied})
			req.Header.Set("X-CSRF-Token", c.CSRF)
			h.Server.Config.Handler.ServeHTTP(httptest.NewRecorder(), req)
			for _, path := range tc.reads {
				if r := revokeReplay(h, http.MethodGet, path, tc.cookie, copied, ""); !isSignedOut(path, r) {
					t.Errorf("GET %s after a sign-out its browser gave up on: got %d %s, want it refused as not signed in",
						path, r.Status, r.Raw)
				}
			}
		})
	}
}
