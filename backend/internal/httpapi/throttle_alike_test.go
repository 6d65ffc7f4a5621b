package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestSignInThrottleLooksAlike checks that the sign-in throttle tells nothing about which
// logins exist: ten failures throttle a real username, an unknown one, a real family email
// and an unknown one exactly alike (the same status, code and body shape).
func TestSignInThrottleLooksAlike(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	g := h.Guardian(apitest.GuardianOpts{})
	tests := []struct {
		name, path, field, login string
	}{
		{"student username", "/api/v1/session", "login", st.Username},
		{"unknown username", "/api/v1/session", "login", "nobody-here-7"},
		{"family email", "/api/v1/family/session", "email", g.Email},
		{"unknown family email", "/api/v1/family/session", "email", "nobody@family.test.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.Client()
			try := func(i int) apitest.Response {
				return c.Do(http.MethodPost, tt.path, map[string]string{tt.field: tt.login, "password": fmt.Sprintf("Wrong-Guess-%02d", i)})
			}
			for i := range 10 {
				c.Expect(try(i), http.StatusUnauthorized, "invalid_credentials")
			}
			r := c.Expect(try(10), http.StatusTooManyRequests, "sign_in_throttled")
			if r.String("retryAt") == "" {
				t.Errorf("got no retryAt: %s", r.Raw)
			}
		})
	}
	// The throttle is per account, and a new password clears it at once: a guardian locked
	// out by someone's guessing gets back in through "Forgot password".
	c := h.Client()
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/session",
		map[string]string{"email": g.Email, "password": g.Password}), http.StatusTooManyRequests, "sign_in_throttled")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": g.Email}), http.StatusAccepted, "")
	const newPassword = "Orchard-Pebble-58"
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", map[string]string{
		"token": h.LinkToken(g.Email, "reset-password"), "newPassword": newPassword, "confirmPassword": newPassword,
	}), http.StatusNoContent, "")
	c.FamilySignIn(g.Email, newPassword)
	if n := h.Count(`select count(*) from sign_in_attempts where attempt_key = 'guardian:' || $1`, g.ID); n != 0 {
		t.Errorf("got %d counters for the guardian after the reset and sign-in, want 0", n)
	}
}
