package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// staffPending signs m's password in on a new client and returns it holding the pending
// cookie and its CSRF token.
func staffPending(t *testing.T, h *apitest.Harness, m *apitest.StaffMember) *apitest.Client {
	t.Helper()
	c := h.Client()
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": m.Email, "password": m.Password}), 200, "")
	c.CSRF = r.String("csrfToken")
	return c
}

// codeAt is m's authenticator code at a moment.
func codeAt(t *testing.T, m *apitest.StaffMember, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(m.TOTPSecret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestStaffCodesRefused: every bad code gets 401 second_factor_invalid, leaves the sign-in
// pending and the last used step as it was, and is audited; a code is never accepted
// twice, not even inside its window.
func TestStaffCodesRefused(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	c := staffPending(t, h, m)
	now := time.Now()
	wrong := codeAt(t, m, now)
	wrong = string('0'+(wrong[0]-'0'+1)%10) + wrong[1:]
	tests := []struct{ name, code string }{
		{"wrong digits", wrong},
		{"expired: two steps ago", codeAt(t, m, now.Add(-75*time.Second))},
		{"from the future: two steps ahead", codeAt(t, m, now.Add(75*time.Second))},
		{"five digits", "12345"},
		{"letters", "12a456"},
		{"a recovery code never issued", "ABCDE-FGHJK"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.code != "" && tt.code == codeAt(t, m, time.Now()) {
				t.Skip("the code of another step happens to equal the current one")
			}
			c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": tt.code}),
				http.StatusUnauthorized, "second_factor_invalid")
		})
	}
	if n := h.Count(`select count(*) from staff where id = $1 and totp_last_step = 0`, m.ID); n != 1 {
		t.Error("a refused code moved the last used step")
	}
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session", nil), http.StatusNoContent, "")
	if n := h.Count(`select count(*) from audit_events where actor_id = $1 and action = 'staff_sign_in_second_factor'
		and outcome = 'refused' and reason = 'second_factor_invalid'`, m.ID); n != len(tests) {
		t.Errorf("got %d refusals audited, want %d", n, len(tests))
	}

	// The right code signs in once; the same code again, still in its window, is refused,
	// and so is the code of the step before it.
	code, _ := m.NextCode()
	c.CSRF = c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}), 200, "").String("csrfToken")
	again := staffPending(t, h, m)
	again.Expect(again.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}),
		http.StatusUnauthorized, "second_factor_invalid")
	var step int64
	_ = h.Pool.QueryRow(h.Context, `select totp_last_step from staff where id = $1`, m.ID).Scan(&step)
	older := codeAt(t, m, time.Unix((step-1)*30, 0))
	if older != code {
		again.Expect(again.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": older}),
			http.StatusUnauthorized, "second_factor_invalid")
	}
	// With a session (and its CSRF token), a code renews the second factor; a replay is
	// refused there too.
	code, _ = m.NextCode()
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}), 200, "")
	if r.String("csrfToken") != c.CSRF {
		t.Error("a renewal changed the session's CSRF token, want the same session")
	}
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}),
		http.StatusUnauthorized, "second_factor_invalid")
}

// TestStaffCodeBurst: forty simultaneous uses of one code (one pending sign-in each) sign in
// exactly once.
func TestStaffCodeBurst(t *testing.T) {
	h := burstHarness(t)
	m := h.Staff(apitest.StaffOpts{})
	clients := make([]*apitest.Client, burstSize)
	for i := range clients {
		clients[i] = staffPending(t, h, m)
		// Each password claims a throttle attempt until a second factor clears it: clear
		// them, so the burst meets the replay check and the throttle's ten tries.
		if _, err := h.Pool.Exec(h.Context, `delete from sign_in_attempts`); err != nil {
			t.Fatal(err)
		}
	}
	code, _ := m.NextCode()
	tally, _ := burst(t, burstSize, func(i int) (apitest.Response, error) {
		return clients[i].Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}), nil
	})
	if tally["200"] != 1 || tally["200"]+tally["401 second_factor_invalid"]+tally["429 sign_in_throttled"] != burstSize {
		t.Errorf("got %v, want exactly one 200 and the rest refused", tally)
	}
}

// TestStaffRecoveryCode: a recovery code signs in once (any case, with or without its dash),
// is then refused, and its use is emailed and audited.
func TestStaffRecoveryCode(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{NotEnrolled: true})
	r := h.Client().SignInStaff(m)
	codes, _ := r.Body["recoveryCodes"].([]any)
	rc := codes[3].(string)

	c := staffPending(t, h, m)
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": strings.ToLower(strings.ReplaceAll(rc, "-", ""))}), 200, "")
	again := staffPending(t, h, m)
	again.Expect(again.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": rc}),
		http.StatusUnauthorized, "second_factor_invalid")
	if n := h.Count(`select count(*) from staff_recovery_codes where staff_id = $1 and used_at is null`, m.ID); n != 9 {
		t.Errorf("got %d unused recovery codes, want 9", n)
	}
	msg := h.WaitForMail(m.Email, func(msg mailcatcher.Message) bool { return strings.Contains(msg.Subject, "recovery code was used") })
	if !strings.Contains(msg.Text, "9 remain") {
		t.Errorf("the email does not say 9 codes remain: %s", msg.Text)
	}
	if n := h.Count(`select count(*) from audit_events where actor_id = $1 and action = 'staff_recovery_code_used'`, m.ID); n != 1 {
		t.Errorf("got %d recovery code uses audited, want 1", n)
	}
}

// TestStaffSignInThrottleBurst: forty wrong passwords at once, for a staff account and for an
// unknown email alike, get exactly ten checked (401) and thirty throttled (429).
func TestStaffSignInThrottleBurst(t *testing.T) {
	h := burstHarness(t)
	m := h.Staff(apitest.StaffOpts{})
	for _, email := range []string{m.Email, "nobody@district.test.example"} {
		tally, _ := burst(t, burstSize, func(int) (apitest.Response, error) {
			c := h.Client()
			return c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": email, "password": "Wrong-Password-11"}), nil
		})
		burstExpect(t, tally, map[string]int{"401 invalid_credentials": 10, "429 sign_in_throttled": burstSize - 10})
	}
	// Wrong codes count on the same counter: the right password now waits too.
	c := h.Client()
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": m.Email, "password": m.Password}),
		http.StatusTooManyRequests, "sign_in_throttled")
}

// TestStaffWrongCodesThrottle: wrong codes after a right password count on the sign-in
// throttle, and a right password does not clear them.
func TestStaffWrongCodesThrottle(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{})
	c := staffPending(t, h, m)
	for range 8 {
		c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": "ZZZZZ-ZZZZZ"}),
			http.StatusUnauthorized, "second_factor_invalid")
	}
	c = staffPending(t, h, m) // the tenth attempt: a right password does not take the others back
	code, _ := m.NextCode()
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}),
		http.StatusTooManyRequests, "sign_in_throttled")
}
