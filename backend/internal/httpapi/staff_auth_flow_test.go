package httpapi_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// recoveryCodeFormat is XXXXX-XXXXX without look-alikes.
var recoveryCodeFormat = regexp.MustCompile(`^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$`)

// TestStaffFirstSignInEnrols walks a first sign-in: password, pending step, enrolment (QR,
// key, URI), confirmation with a code, ten recovery codes, the session, its email and
// audit; then a second sign-in with a code from the app.
func TestStaffFirstSignInEnrols(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{NotEnrolled: true, Title: "Teacher"})
	c := h.Client()

	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": strings.ToUpper(m.Email), "password": m.Password}), 200, "")
	if r.String("step") != "enrol_totp" || len(r.Body["methods"].([]any)) != 0 || r.String("csrfToken") == "" {
		t.Fatalf("got step %s, want enrol_totp with no methods and a CSRF token", r.Raw)
	}
	c.CSRF = r.String("csrfToken")
	if until := time.Until(timeField(t, r, "expiresAt")); until < 4*time.Minute || until > 5*time.Minute {
		t.Errorf("the pending step expires in %v, want 5 minutes", until)
	}
	if ck := sessCookie(t, r.Header, "portal_staff_pending"); time.Until(ck.Expires) > 5*time.Minute {
		t.Errorf("got pending cookie expiring %v, want within 5 minutes", ck.Expires)
	}
	pending := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session/pending", nil), 200, "")
	if pending.String("step") != "enrol_totp" {
		t.Errorf("got pending %s, want enrol_totp", pending.Raw)
	}
	// Not signed in yet: the session answers 204 and signed-in routes 401.
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session", nil), http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), http.StatusUnauthorized, "not_signed_in")

	first := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/totp/enrol", nil), 200, "")
	e := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/totp/enrol", nil), 200, "")
	if first.String("secret") == e.String("secret") {
		t.Error("two enrolments gave the same secret, want a new one each call")
	}
	if !strings.HasPrefix(e.String("qrCode"), "data:image/png;base64,") ||
		!strings.HasPrefix(e.String("otpauthUri"), "otpauth://totp/") || !strings.Contains(e.String("otpauthUri"), e.String("secret")) {
		t.Errorf("got enrolment %s, want a PNG data URL and an otpauth URI with the secret", e.Raw)
	}
	if n := h.Count(`select count(*) from staff where id = $1 and totp_pending_sealed is not null
		and position(convert_to($2, 'UTF8') in totp_pending_sealed) = 0`, m.ID, e.String("secret")); n != 1 {
		t.Error("the pending secret is not stored sealed")
	}
	// A code of the first secret no longer confirms: the last secret is the one enrolled.
	m.TOTPSecret = first.String("secret")
	code, _ := m.NextCode()
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/totp/confirm", map[string]string{"code": code}), http.StatusUnauthorized, "second_factor_invalid")

	m.TOTPSecret = e.String("secret")
	code, _ = m.NextCode()
	r = c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/totp/confirm", map[string]string{"code": code}), 200, "")
	codes, _ := r.Body["recoveryCodes"].([]any)
	if len(codes) != 10 {
		t.Fatalf("got %d recovery codes, want 10", len(codes))
	}
	seen := map[string]bool{}
	for _, rc := range codes {
		if s, _ := rc.(string); !recoveryCodeFormat.MatchString(s) || seen[s] {
			t.Errorf("got recovery code %q, want a new XXXXX-XXXXX without look-alikes", s)
		} else {
			seen[s] = true
		}
	}
	session, _ := r.Body["session"].(map[string]any)
	c.CSRF, _ = session["csrfToken"].(string)
	staffOut, _ := session["staff"].(map[string]any)
	factors, _ := staffOut["secondFactors"].(map[string]any)
	if staffOut["email"] != m.Email || factors["totp"] != true || factors["recoveryCodesLeft"] != float64(10) {
		t.Errorf("got session %v, want %s with TOTP and 10 recovery codes", session, m.Email)
	}
	if n := h.Count(`select count(*) from staff_recovery_codes where staff_id = $1 and used_at is null`, m.ID); n != 10 {
		t.Errorf("got %d stored recovery codes, want 10", n)
	}
	if n := h.Count(`select count(*) from staff_recovery_codes where position(convert_to($1, 'UTF8') in code_digest) > 0`, codes[0]); n != 0 {
		t.Error("a recovery code is stored in plain text")
	}
	// Signed in: the pending step is over, the session is live.
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session/pending", nil), http.StatusNoContent, "")
	got := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session", nil), 200, "")
	if got.String("csrfToken") != c.CSRF {
		t.Errorf("got CSRF token %q on GET, want the session's %q (stable while the session slides)", got.String("csrfToken"), c.CSRF)
	}
	h.WaitForMail(m.Email, func(msg mailcatcher.Message) bool {
		return strings.Contains(msg.Subject, "authenticator app was set up")
	})
	for action, want := range map[string]int{"staff_sign_in_password": 1, "staff_totp_enrolled": 1} {
		if n := h.Count(`select count(*) from audit_events where actor_id = $1 and action = $2 and outcome = 'succeeded'
			and actor_kind = 'staff'`, m.ID, action); n != want {
			t.Errorf("got %d %s events, want %d", n, action, want)
		}
	}
	if n := h.Count(`select count(*) from audit_events where actor_id = $1 and action = 'staff_totp_enrolled' and outcome = 'refused'`, m.ID); n != 1 {
		t.Errorf("got %d refused enrolment events, want 1 (the old secret's code)", n)
	}

	// The next sign-in asks for a code, and the app's code signs in.
	c2 := h.Client()
	r = c2.Expect(c2.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": m.Email, "password": m.Password}), 200, "")
	if r.String("step") != "second_factor" || len(r.Body["methods"].([]any)) != 2 {
		t.Errorf("got %s, want second_factor with totp and recovery_code", r.Raw)
	}
	c2.CSRF = r.String("csrfToken")
	c2.Expect(c2.Do(http.MethodPost, "/api/v1/staff/session/totp/enrol", nil), http.StatusConflict, "second_factor_enrolled")
	code, _ = m.NextCode()
	c2.Expect(c2.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}), 200, "")
}

// TestStaffSignInRefusals: a wrong password and an unknown email answer alike (and are
// audited); a right password alone is no session.
func TestStaffSignInRefusals(t *testing.T) {
	h := apitest.New(t)
	m := h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	c := h.Client()
	wrong := c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": m.Email, "password": "Wrong-Password-11"})
	unknown := c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": "nobody@district.test.example", "password": "Wrong-Password-11"})
	if wrong.Status != 401 || unknown.Status != 401 || string(wrong.Raw) != string(unknown.Raw) {
		t.Errorf("got wrong password %d %s and unknown email %d %s, want the same 401", wrong.Status, wrong.Raw, unknown.Status, unknown.Raw)
	}
	if len(wrong.Header.Values("Set-Cookie")) != 0 {
		t.Errorf("a refused sign-in set cookies: %v", wrong.Header.Values("Set-Cookie"))
	}
	for reason, want := range map[string]int{"wrong_password": 1, "unknown_email": 1} {
		if n := h.Count(`select count(*) from audit_events where action = 'staff_sign_in_password' and outcome = 'refused' and reason = $1`, reason); n != want {
			t.Errorf("got %d %s refusals audited, want %d", n, reason, want)
		}
	}
	var failures int
	_ = h.Pool.QueryRow(context.Background(), `select failures from sign_in_attempts where attempt_key = $1`, "staff:"+m.ID).Scan(&failures)
	if failures != 1 {
		t.Errorf("got %d failures on the staff key, want 1", failures)
	}
}

// timeField reads a date-time field of a response body.
func timeField(t *testing.T, r apitest.Response, field string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, r.String(field))
	if err != nil {
		t.Fatalf("field %s of %s: %v", field, r.Raw, err)
	}
	return at
}
