package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// staffWith sends a request carrying only the cookie name=value (and a CSRF token, if any).
func staffWith(h *apitest.Harness, method, path, name, value, csrf string) apitest.Response {
	return h.Client().Do(method, path, nil, "Cookie", name+"="+value, "X-CSRF-Token", csrf)
}

// staffToken mints a staff session token as the portal would, with chosen times.
func staffToken(t *testing.T, h *apitest.Harness, m *apitest.StaffMember, signInAt time.Time, ttl time.Duration) (string, tokens.Claims) {
	t.Helper()
	tok, claims, err := h.TokenIssuer().IssueStaff(tokens.Session, m.ID, 1, tokens.StaffTimes{SignInAt: signInAt, SecondFactorAt: signInAt}, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok, claims
}

// TestStaffSessionLifetime: every signed-in request re-issues the cookie 30 minutes ahead,
// never past 8 hours after the sign-in; an idle-expired token and one past its 8 hours are
// refused.
func TestStaffSessionLifetime(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	iss := h.TokenIssuer()
	now := time.Now()
	tests := []struct {
		name     string
		signInAt time.Time
		ttl      time.Duration
		status   int
		// wantEnd is when the re-issued cookie should expire.
		wantEnd time.Time
	}{
		{"fresh session slides 30 minutes", now.Add(-time.Hour), 5 * time.Minute, 200, now.Add(30 * time.Minute)},
		{"near its 8 hours, the slide stops at the cap", now.Add(-8*time.Hour + 10*time.Minute), 30 * time.Minute, 200, now.Add(10 * time.Minute)},
		{"idle for over 30 minutes: expired", now.Add(-time.Hour), -time.Second, 401, time.Time{}},
		{"past 8 hours after sign-in, token unexpired", now.Add(-8*time.Hour - time.Minute), 30 * time.Minute, 401, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, claims := staffToken(t, h, m, tt.signInAt, tt.ttl)
			r := staffWith(h, http.MethodGet, "/api/v1/staff/me/passkeys", apitest.StaffCookieName, tok, "")
			if r.Status != tt.status {
				t.Fatalf("got %d %s, want %d", r.Status, r.Raw, tt.status)
			}
			if tt.status != 200 {
				if r.Code() != "not_signed_in" {
					t.Errorf("got code %q, want not_signed_in", r.Code())
				}
				return
			}
			ck := sessCookie(t, r.Header, apitest.StaffCookieName)
			sessCheckCookie(t, ck, false)
			got, err := iss.Parse(tokens.Session, ck.Value)
			if err != nil {
				t.Fatalf("re-issued cookie: %v", err)
			}
			if d := got.ExpiresAt.Sub(tt.wantEnd); d < -5*time.Second || d > 5*time.Second {
				t.Errorf("got re-issued expiry %v, want %v", got.ExpiresAt.Time, tt.wantEnd)
			}
			if got.ID != claims.ID || !got.SignInAt.Equal(claims.SignInAt.Time) {
				t.Errorf("got session %s signed in %v, want the same session %s %v", got.ID, got.SignInAt, claims.ID, claims.SignInAt)
			}
		})
	}
}

// TestStaffSessionRefusals: only a staff session cookie opens staff routes.
func TestStaffSessionRefusals(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	st := h.Student(apitest.StudentOpts{})
	g := h.Guardian(apitest.GuardianOpts{})
	student, guardian := h.Client(), h.Client()
	student.SignIn(st.Username, st.Password)
	guardian.FamilySignIn(g.Email, g.Password)
	pending := staffPending(t, h, m)
	pendingToken := famCookie(t, h, pending, "portal_staff_pending")
	studentToken := famCookie(t, h, student, apitest.SessionCookieName)
	guardianToken := famCookie(t, h, guardian, "portal_family")
	iss := h.TokenIssuer()
	noTimes, _, _ := iss.Issue(tokens.Session, "staff", m.ID, 1, time.Hour)
	tests := []struct{ name, cookie, value string }{
		{"the pending cookie", "portal_staff_pending", pendingToken},
		{"the pending token as the session cookie", apitest.StaffCookieName, pendingToken},
		{"a student's session cookie", apitest.SessionCookieName, studentToken},
		{"a student's token as the staff cookie", apitest.StaffCookieName, studentToken},
		{"a guardian's token as the staff cookie", apitest.StaffCookieName, guardianToken},
		{"a staff token without sign-in times", apitest.StaffCookieName, noTimes},
		{"garbage", apitest.StaffCookieName, "not-a-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staffWith(h, http.MethodGet, "/api/v1/staff/me/passkeys", tt.cookie, tt.value, "")
			if r.Status != 401 || r.Code() != "not_signed_in" {
				t.Errorf("got %d %s, want 401 not_signed_in", r.Status, r.Raw)
			}
			if r := staffWith(h, http.MethodGet, "/api/v1/staff/session", tt.cookie, tt.value, ""); r.Status != http.StatusNoContent {
				t.Errorf("GET /staff/session: got %d, want 204", r.Status)
			}
		})
	}
	// A student's or guardian's session cannot take the second step either.
	for _, c := range []*apitest.Client{student, guardian} {
		c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": "123456"}), 401, "not_signed_in")
	}

	c := h.Client()
	c.SignInStaff(m)
	csrf := c.CSRF
	c.CSRF = ""
	c.Expect(c.Do(http.MethodDelete, "/api/v1/staff/members/"+m.ID+"/second-factor", nil), http.StatusForbidden, "csrf_token_invalid")
	c.Expect(c.Do(http.MethodDelete, "/api/v1/staff/session", nil), http.StatusForbidden, "csrf_token_invalid")
	c.CSRF = pending.CSRF // another session's token
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/me/password", map[string]string{"currentPassword": m.Password,
		"newPassword": "Tulip-Harbor-58", "confirmPassword": "Tulip-Harbor-58"}), http.StatusForbidden, "csrf_token_invalid")
	c.CSRF = csrf
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": "123456"},
		"Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "cross_site_request")
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": m.Email, "password": m.Password},
		"Origin", "https://evil.example"), http.StatusForbidden, "cross_site_request")
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session", `{"email":"a\u0000b@x.example","password":"p"}`), http.StatusBadRequest, "invalid_text")
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", `{"code":"`+strings.Repeat("1", 70<<10)+`"}`),
		http.StatusRequestEntityTooLarge, "body_too_large")
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", `{"code":"12345\u0000"}`), http.StatusBadRequest, "invalid_text")
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/forgot", `{"email":"x@y.example","extra":1}`), http.StatusBadRequest, "unknown_field")
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), 200, "")
}

// TestStaffSignOutAndPasswordChange: a signed-out cookie replayed is refused; a password
// change keeps the session that made it and ends the others, and is emailed.
func TestStaffSignOutAndPasswordChange(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	c := h.Client()
	c.SignInStaff(m)
	token := famCookie(t, h, c, apitest.StaffCookieName)
	c.Expect(c.Do(http.MethodDelete, "/api/v1/staff/session", nil), http.StatusNoContent, "")
	if r := staffWith(h, http.MethodGet, "/api/v1/staff/me/passkeys", apitest.StaffCookieName, token, ""); r.Status != 401 {
		t.Errorf("replayed signed-out cookie: got %d, want 401", r.Status)
	}
	if n := h.Count(`select count(*) from revoked_sessions where expires_at > now() + interval '7 hours'`); n != 1 {
		t.Errorf("got %d revocations kept to the session's 8-hour end, want 1", n)
	}

	c1, c2 := h.Client(), h.Client()
	c1.SignInStaff(m)
	c2.SignInStaff(m)
	const newPassword = "Tulip-Harbor-58"
	change := func(current, newPassword, confirm string) apitest.Response {
		return c1.Do(http.MethodPost, "/api/v1/staff/me/password", map[string]string{
			"currentPassword": current, "newPassword": newPassword, "confirmPassword": confirm})
	}
	c1.Expect(change("Wrong-Password-11", newPassword, newPassword), http.StatusUnprocessableEntity, "current_password_wrong")
	c1.Expect(change(m.Password, "short", "short"), http.StatusUnprocessableEntity, "password_rules")
	c1.Expect(change(m.Password, newPassword, newPassword+"x"), http.StatusUnprocessableEntity, "password_rules")
	c2.Expect(c2.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), 200, "")
	r := c1.Expect(change(m.Password, newPassword, newPassword), 200, "")
	c1.CSRF = r.String("csrfToken")
	c1.Expect(c1.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), 200, "")
	c2.Expect(c2.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), 401, "not_signed_in")
	h.WaitForMail(m.Email, func(msg mailcatcher.Message) bool { return strings.Contains(msg.Subject, "password was changed") })
	if n := h.Count(`select count(*) from audit_events where actor_id = $1 and action = 'staff_password_changed' and outcome = 'succeeded'`, m.ID); n != 1 {
		t.Errorf("got %d password changes audited, want 1", n)
	}
	m.Password = newPassword
	h.Client().SignInStaff(m)
}

// TestStaffSignedInReadIsOneQuery: a signed-in staff read costs one query, the staff member
// with their second factors and whether the session was signed out, like the others.
func TestStaffSignedInReadIsOneQuery(t *testing.T) {
	counter := &queryCounter{sql: map[string][]string{}}
	h := apitest.New(t, apitest.WithQueryTracer(counter))
	m := h.Staff(apitest.StaffOpts{})
	c := h.Client()
	c.SignInStaff(m)
	const ua = "query-count /staff/session"
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session", nil, "User-Agent", ua), http.StatusOK, "")
	if got := counter.queries(ua); len(got) != 1 {
		t.Errorf("GET /staff/session: got %d queries %q, want 1", len(got), got)
	}
}
