package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// famEmailJobs counts the family-portal email jobs to an address.
func famEmailJobs(t *testing.T, h *apitest.Harness, to string) int {
	t.Helper()
	return h.Count(`select count(*) from river_job where kind = 'family_email' and args->>'to' = $1`, to)
}

// famSame fails the test unless every response has the status and exactly the body of the
// first, and none sets a cookie.
func famSame(t *testing.T, status int, rs map[string]apitest.Response, first string) {
	t.Helper()
	for name, r := range rs {
		if r.Status != status || string(r.Raw) != string(rs[first].Raw) {
			t.Errorf("%s: got %d %s, want %d %s like %s", name, r.Status, r.Raw, status, rs[first].Raw, first)
		}
		if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
			t.Errorf("%s: got Set-Cookie %q, want none", name, got)
		}
	}
}

func TestFamilyEmailsAreNotTold(t *testing.T) {
	h := apitest.New(t)
	owner := h.Guardian(apitest.GuardianOpts{})
	var hash, name string
	if err := h.Pool.QueryRow(h.Context, `select password_hash, name from guardians where id = $1`, owner.ID).Scan(&hash, &name); err != nil {
		t.Fatal(err)
	}
	c := h.Client()
	const fresh = "brand.new@family.test.example"

	t.Run("register", func(t *testing.T) {
		register := func(email string) apitest.Response {
			return c.Do(http.MethodPost, "/api/v1/family/register", map[string]string{"email": email, "name": "Someone Else",
				"password": "Orchard-Pebble-58", "confirmPassword": "Orchard-Pebble-58", "locale": "es"})
		}
		famSame(t, http.StatusAccepted, map[string]apitest.Response{
			"new address": register(fresh), "registered address": register(owner.Email),
			"registered address in capitals": register(strings.ToUpper(owner.Email)),
		}, "new address")

		h.LinkToken(fresh, "verify-email")
		m := h.WaitForMail(owner.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "already have") })
		for _, part := range []string{m.Text, m.HTML} {
			if strings.Contains(part, "token") || strings.Contains(part, "/family/verify-email") || strings.Contains(part, "/family/reset-password") {
				t.Errorf("the already-registered email holds a link that acts: %s", part)
			}
		}
		// Two tries in a minute send the owner one email, not two.
		if n := famEmailJobs(t, h, owner.Email); n != 1 {
			t.Errorf("got %d emails to the owner, want 1", n)
		}
		var gotHash, gotName, gotLocale string
		if err := h.Pool.QueryRow(h.Context, `select password_hash, name, locale from guardians where lower(email) = $1`,
			owner.Email).Scan(&gotHash, &gotName, &gotLocale); err != nil {
			t.Fatal(err)
		}
		if gotHash != hash || gotName != name || gotLocale != "en" {
			t.Errorf("registering a taken address changed the account: name %q locale %q, password changed %v",
				gotName, gotLocale, gotHash != hash)
		}
		if n := famAudits(t, h, "", "guardian_register", "refused", "email_taken"); n != 2 {
			t.Errorf("got %d audited registrations of a taken address, want 2", n)
		}
		h.Client().FamilySignIn(owner.Email, owner.Password)
		if r := h.Client().Do(http.MethodPost, "/api/v1/family/session", map[string]string{
			"email": owner.Email, "password": "Orchard-Pebble-58"}); r.Status != http.StatusUnauthorized {
			t.Errorf("the second registration's password signed in: %d %s", r.Status, r.Raw)
		}
	})

	t.Run("forgot", func(t *testing.T) {
		forgot := func(email string) apitest.Response {
			return c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": email})
		}
		famSame(t, http.StatusAccepted, map[string]apitest.Response{
			"registered": forgot(owner.Email), "unknown": forgot("nobody@family.test.example"),
			"malformed": forgot("not-an-email"), "empty": forgot(""),
		}, "registered")
		h.LinkToken(owner.Email, "reset-password")
		if n := famEmailJobs(t, h, "nobody@family.test.example"); n != 0 {
			t.Errorf("got %d emails to an unknown address, want none", n)
		}
	})

	t.Run("sign-in", func(t *testing.T) {
		signIn := func(email, password string) apitest.Response {
			return c.Do(http.MethodPost, "/api/v1/family/session", map[string]string{"email": email, "password": password})
		}
		rs := map[string]apitest.Response{
			"wrong password":              signIn(owner.Email, "Garden-Kettle-83"),
			"unknown email":               signIn("nobody@family.test.example", owner.Password),
			"password in another case":    signIn(owner.Email, strings.ToLower(owner.Password)),
			"malformed email":             signIn("nobody", owner.Password),
			"empty password":              signIn(owner.Email, ""),
			"a student's login and email": signIn("testkid1@students.test.example", "Lantern-Moss-47"),
		}
		famSame(t, http.StatusUnauthorized, rs, "wrong password")
		if code := rs["unknown email"].Code(); code != "invalid_credentials" {
			t.Errorf("got code %q, want invalid_credentials", code)
		}
		c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusNoContent, "")
		h.Client().FamilySignIn(strings.ToUpper(owner.Email), owner.Password)
	})
}

func TestFamilyPasswordChange(t *testing.T) {
	h := apitest.New(t)
	g := h.Guardian(apitest.GuardianOpts{})
	a, b := h.Client(), h.Client()
	a.FamilySignIn(g.Email, g.Password)
	b.FamilySignIn(g.Email, g.Password)
	const path, newPassword = "/api/v1/family/me/password", "Quartz-Harbor-64"
	change := func(current string) map[string]string {
		return map[string]string{"currentPassword": current, "newPassword": newPassword, "confirmPassword": newPassword}
	}

	r := a.Do(http.MethodPost, path, change("Garden-Kettle-83"))
	badExpect(t, r, badCase{status: 422, code: "current_password_wrong", rules: []string{"current_password"}, fields: []string{"currentPassword"}})
	b.Expect(b.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "")

	oldCSRF := a.CSRF
	r = a.Expect(a.Do(http.MethodPost, path, change(g.Password)), http.StatusOK, "")
	a.CSRF = r.String("csrfToken")
	if guardian, _ := r.Body["guardian"].(map[string]any); a.CSRF == "" || a.CSRF == oldCSRF || guardian["email"] != g.Email {
		t.Errorf("got %s, want a fresh session of %s", r.Raw, g.Email)
	}
	if cookies := r.Header.Values("Set-Cookie"); len(cookies) != 1 || !strings.HasPrefix(cookies[0], "portal_family=") {
		t.Errorf("got Set-Cookie %q, want a fresh family cookie", cookies)
	}
	b.Expect(b.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusNoContent, "")
	b.Expect(b.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusUnauthorized, "not_signed_in")
	a.Expect(a.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusOK, "")
	a.Expect(a.Do(http.MethodPut, "/api/v1/family/me/language", map[string]string{"locale": "en"}, "X-CSRF-Token", oldCSRF),
		http.StatusForbidden, "csrf_token_invalid")
	a.Expect(a.Do(http.MethodPut, "/api/v1/family/me/language", map[string]string{"locale": "en"}), http.StatusNoContent, "")

	h.Client().Expect(h.Client().Do(http.MethodPost, "/api/v1/family/session", map[string]string{
		"email": g.Email, "password": g.Password}), http.StatusUnauthorized, "invalid_credentials")
	h.Client().FamilySignIn(g.Email, newPassword)
	m := h.WaitForMail(g.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "password was changed") })
	if strings.Contains(m.Text+m.HTML, newPassword) {
		t.Errorf("the confirmation holds the new password")
	}
	if n := famAudits(t, h, g.ID, "guardian_password_changed", "succeeded", ""); n != 1 {
		t.Errorf("got %d audited password changes, want 1", n)
	}
}

func TestFamilySignOut(t *testing.T) {
	h := apitest.New(t)
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	r := c.Expect(c.Do(http.MethodDelete, "/api/v1/family/session", nil), http.StatusNoContent, "")
	if cookies := r.Header.Values("Set-Cookie"); len(cookies) != 1 || !strings.HasPrefix(cookies[0], "portal_family=;") ||
		!strings.Contains(cookies[0], "Max-Age=0") {
		t.Errorf("got Set-Cookie %q, want the family cookie cleared", cookies)
	}
	c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodDelete, "/api/v1/family/session", nil), http.StatusNoContent, "")
	c.FamilySignIn(g.Email, g.Password)
}

// TestFamilyResendVerification: a new link at most once a minute, and each new link ends
// the earlier ones.
func TestFamilyResendVerification(t *testing.T) {
	h := apitest.New(t)
	const email, password = "resend.me@family.test.example", "Orchard-Pebble-58"
	c := h.Client()
	registered := time.Now()
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/register", map[string]string{"email": email, "name": "Rey Sender",
		"password": password, "confirmPassword": password, "locale": "en"}), http.StatusAccepted, "")
	first := h.LinkToken(email, "verify-email")
	c.FamilySignIn(email, password)
	const path = "/api/v1/family/verify-email/resend"

	// Registration sent a link a moment ago.
	r := c.Expect(c.Do(http.MethodPost, path, nil), http.StatusTooManyRequests, "verification_resend_too_soon")
	if at := famRetryAt(t, r); at.Before(registered.Add(time.Minute)) || at.After(time.Now().Add(time.Minute)) {
		t.Errorf("got retryAt %v, want a minute after registration (%v)", at, registered)
	}

	if _, err := h.Pool.Exec(h.Context, `update guardians set verification_sent_at = now() - interval '2 minutes'
		where email = $1`, email); err != nil {
		t.Fatal(err)
	}
	c.Expect(c.Do(http.MethodPost, path, nil), http.StatusAccepted, "")
	second := famLinkToken(h, email, "verify-email", first)
	c.Expect(c.Do(http.MethodPost, path, nil), http.StatusTooManyRequests, "verification_resend_too_soon")
	if n := famEmailJobs(t, h, email); n != 2 {
		t.Errorf("got %d emails, want 2 (registration and one resend)", n)
	}
	for outcome, want := range map[string]int{"succeeded": 1, "refused": 2} {
		if n := h.Count(`select count(*) from audit_events where action = 'guardian_verification_resent'
			and outcome = $1`, outcome); n != want {
			t.Errorf("got %d %s resend audit events, want %d", n, outcome, want)
		}
	}

	anon := h.Client()
	anon.Expect(anon.Do(http.MethodPost, "/api/v1/family/verify-email", map[string]string{"token": first}), http.StatusGone, "link_expired")
	anon.Expect(anon.Do(http.MethodPost, "/api/v1/family/verify-email", map[string]string{"token": second}), http.StatusNoContent, "")
	s := c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "")
	if guardian, _ := s.Body["guardian"].(map[string]any); guardian["emailVerified"] != true {
		t.Errorf("got %s, want the email verified", s.Raw)
	}

	// A verified guardian asking again gets the same 202 and no email.
	if _, err := h.Pool.Exec(h.Context, `update guardians set verification_sent_at = now() - interval '2 minutes'
		where email = $1`, email); err != nil {
		t.Fatal(err)
	}
	c.Expect(c.Do(http.MethodPost, path, nil), http.StatusAccepted, "")
	if n := famEmailJobs(t, h, email); n != 2 {
		t.Errorf("got %d emails after a resend to a verified guardian, want still 2", n)
	}
}

func TestFamilyLanguage(t *testing.T) {
	h := apitest.New(t)
	g, c := famSignedIn(t, h, apitest.GuardianOpts{Locale: "en"})
	set := func(locale string) {
		t.Helper()
		c.Expect(c.Do(http.MethodPut, "/api/v1/family/me/language", map[string]string{"locale": locale}), http.StatusNoContent, "")
		s := c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "")
		if guardian, _ := s.Body["guardian"].(map[string]any); guardian["locale"] != locale {
			t.Errorf("got session %s, want locale %s", s.Raw, locale)
		}
	}
	forgotSubject := func(want string) {
		t.Helper()
		c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": g.Email}), http.StatusAccepted, "")
		h.WaitForMail(g.Email, func(m mailcatcher.Message) bool { return m.Subject == want })
	}
	set("es")
	forgotSubject("Restablezca su contraseña del portal para familias")
	set("en")
	forgotSubject("Reset your family portal password")
}
