package httpapi_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

var staffResetLink = regexp.MustCompile(`/staff/reset-password#token=([A-Za-z0-9_-]+)`)

// staffLinkTokens waits until n reset-link emails reached to and returns their tokens.
func staffLinkTokens(t *testing.T, h *apitest.Harness, to string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var out []string
		for _, m := range h.Mail.Messages() {
			if slices.Contains(m.To, to) {
				if match := staffResetLink.FindStringSubmatch(m.Text); match != nil {
					out = append(out, match[1])
				}
			}
		}
		if len(out) >= n || time.Now().After(deadline) {
			if len(out) != n {
				t.Fatalf("got %d reset links to %s, want %d", len(out), to, n)
			}
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestStaffForgotLink: always 202; the emailed link works once, a newer link ends the older,
// an expired link is refused, a refused password leaves the link usable, and a reset ends
// every session but keeps the second factor.
func TestStaffForgotLink(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	signedIn := h.Client()
	signedIn.SignInStaff(m)
	anon := h.Client()
	for _, email := range []string{m.Email, "nobody@district.test.example", "not an email"} {
		anon.Expect(anon.Do(http.MethodPost, "/api/v1/staff/forgot", map[string]string{"email": email}), http.StatusAccepted, "")
	}
	first := staffLinkTokens(t, h, m.Email, 1)[0]
	anon.Expect(anon.Do(http.MethodPost, "/api/v1/staff/forgot", map[string]string{"email": strings.ToUpper(m.Email)}), http.StatusAccepted, "")
	tokens := staffLinkTokens(t, h, m.Email, 2)
	second := tokens[1]
	if second == first {
		second = tokens[0]
	}
	reset := func(token, password, confirm string) apitest.Response {
		return anon.Do(http.MethodPost, "/api/v1/staff/forgot/reset", map[string]string{
			"token": token, "newPassword": password, "confirmPassword": confirm})
	}
	const newPassword = "Meadow-Lantern-74"
	anon.Expect(reset(first, newPassword, newPassword), http.StatusGone, "link_expired")
	anon.Expect(reset("made-up-token", newPassword, newPassword), http.StatusGone, "link_expired")
	anon.Expect(reset(second, "password", "password"), http.StatusUnprocessableEntity, "password_rules")
	anon.Expect(reset(second, newPassword, newPassword), http.StatusNoContent, "")
	anon.Expect(reset(second, newPassword+"!", newPassword+"!"), http.StatusGone, "link_expired")
	signedIn.Expect(signedIn.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), 401, "not_signed_in")
	h.WaitForMail(m.Email, func(msg mailcatcher.Message) bool { return strings.Contains(msg.Subject, "password was changed") })
	m.Password = newPassword
	r := h.Client().SignInStaff(m)
	if r.String("csrfToken") == "" {
		t.Errorf("got %s after the reset, want a session with the authenticator kept", r.Raw)
	}

	// An expired link: made, then aged past its 30 minutes.
	anon.Expect(anon.Do(http.MethodPost, "/api/v1/staff/forgot", map[string]string{"email": m.Email}), http.StatusAccepted, "")
	third := staffLinkTokens(t, h, m.Email, 3)
	if _, err := h.Pool.Exec(h.Context, `update staff_link_tokens set expires_at = now() - interval '1 second' where used_at is null`); err != nil {
		t.Fatal(err)
	}
	for _, tok := range third {
		anon.Expect(reset(tok, "River-Compass-93", "River-Compass-93"), http.StatusGone, "link_expired")
	}
	if n := h.Count(`select count(*) from audit_events where action = 'staff_forgot_password' and reason = 'unknown_email'`); n != 1 {
		t.Errorf("got %d unknown-email requests audited, want 1", n)
	}
}

// TestStaffForgotLimit: at most five links an hour per account, however many requests.
func TestStaffForgotLimit(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	anon := h.Client()
	for range 8 {
		anon.Expect(anon.Do(http.MethodPost, "/api/v1/staff/forgot", map[string]string{"email": m.Email}), http.StatusAccepted, "")
	}
	deadline := time.Now().Add(10 * time.Second)
	for h.Count(`select count(*) from audit_events where action = 'staff_forgot_password' and subject_kind = 'staff'`) < 8 {
		if time.Now().After(deadline) {
			t.Fatal("the queued requests did not all run")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := h.Count(`select count(*) from staff_link_tokens where staff_id = $1`, m.ID); n != 5 {
		t.Errorf("got %d links made, want 5", n)
	}
	if n := h.Count(`select count(*) from staff_link_tokens where staff_id = $1 and used_at is null`, m.ID); n != 1 {
		t.Errorf("got %d live links, want 1 (the newest)", n)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'staff_forgot_password' and reason = 'too_many_links'`); n != 3 {
		t.Errorf("got %d refusals, want 3", n)
	}
}
