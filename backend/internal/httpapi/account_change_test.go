package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// chgBody is a change-password request.
func chgBody(current, newPassword string) map[string]string {
	return map[string]string{"currentPassword": current, "newPassword": newPassword, "confirmPassword": newPassword}
}

// chgCookieValue returns the session cookie a response set.
func chgCookieValue(t *testing.T, r apitest.Response) string {
	t.Helper()
	c := sessCookie(t, r.Header, apitest.SessionCookieName)
	sessCheckCookie(t, c, false)
	if c.Value == "" {
		t.Fatalf("got an empty session cookie, want a fresh session")
	}
	return c.Value
}

func TestChangePassword(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	const newPassword = "Harbor-Finch-82"

	c := h.Client()
	oldCookie := chgCookieValue(t, c.SignIn(st.Username, st.Password))
	oldCSRF := c.CSRF
	other := h.Client()
	other.SignIn(st.Email, st.Password)
	other.Expect(other.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	before := badSnapshot(t, h, st.ID)

	r := c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", chgBody(st.Password, newPassword)), http.StatusOK, "")
	newCookie := chgCookieValue(t, r)
	if newCookie == oldCookie {
		t.Errorf("got the old session cookie back, want a fresh one")
	}
	newCSRF := r.String("csrfToken")
	if newCSRF == "" || newCSRF == oldCSRF {
		t.Errorf("got csrfToken %q (old %q), want a new one", newCSRF, oldCSRF)
	}
	if account, _ := r.Body["account"].(map[string]any); account["username"] != st.Username || account["mustChangePassword"] != false {
		t.Errorf("got account %v, want %s without mustChangePassword", account, st.Username)
	}

	after := badSnapshot(t, h, st.ID)
	if after.TokenVersion != before.TokenVersion+1 {
		t.Errorf("got token version %d, want %d", after.TokenVersion, before.TokenVersion+1)
	}
	if after.PasswordHash == before.PasswordHash || after.PasswordHash == "" {
		t.Errorf("password hash did not change")
	}
	if strings.Contains(after.PasswordHash, newPassword) {
		t.Errorf("got password_hash %q, want no trace of the password", after.PasswordHash)
	}
	if after.PasswordChangedAt == before.PasswordChangedAt {
		t.Errorf("got password_changed_at %q unchanged, want the time of the change", after.PasswordChangedAt)
	}
	if after.Jobs != before.Jobs+1 || after.AuditEvents != before.AuditEvents+1 {
		t.Errorf("got %d new jobs and %d new audit events, want 1 and 1", after.Jobs-before.Jobs, after.AuditEvents-before.AuditEvents)
	}

	t.Run("this session goes on with the fresh cookie and CSRF token", func(t *testing.T) {
		c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": newPassword, "pin": "583920"},
			"X-CSRF-Token", oldCSRF), http.StatusForbidden, "csrf_token_invalid")
		c.CSRF = newCSRF
		c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
		s := c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, "")
		if s.String("csrfToken") != newCSRF {
			t.Errorf("got csrfToken %q, want the one of the change %q", s.String("csrfToken"), newCSRF)
		}
		c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": newPassword, "pin": "583920"}),
			http.StatusNoContent, "")
	})

	t.Run("every other session has ended", func(t *testing.T) {
		other.Expect(other.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusUnauthorized, "not_signed_in")
		other.Expect(other.Do(http.MethodGet, "/api/v1/session", nil), http.StatusNoContent, "")
		other.Expect(other.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": newPassword, "pin": "694031"}),
			http.StatusUnauthorized, "not_signed_in")
		r := sessWithCookie(h, http.MethodGet, "/api/v1/me/account", oldCookie)
		if r.Status != http.StatusUnauthorized || r.Code() != "not_signed_in" {
			t.Errorf("the cookie from before the change: got %d %s, want 401 not_signed_in", r.Status, r.Raw)
		}
	})

	t.Run("the old password fails and the new one works", func(t *testing.T) {
		n := h.Client()
		n.Expect(n.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": st.Password}),
			http.StatusUnauthorized, "invalid_credentials")
		n.SignIn(st.Username, newPassword)
	})

	t.Run("a confirmation email without the password", func(t *testing.T) {
		m := h.WaitForMail(st.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "Password changed") })
		if !strings.Contains(m.Subject, st.Username) {
			t.Errorf("got subject %q, want it to name %s", m.Subject, st.Username)
		}
		for _, secret := range []string{newPassword, st.Password} {
			for part, text := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML, "raw": m.Raw} {
				if strings.Contains(text, secret) {
					t.Errorf("the email's %s contains the password %q", part, secret)
				}
			}
		}
	})

	t.Run("audited", func(t *testing.T) {
		if got := h.Count(`select count(*) from audit_events where subject_kind = 'student' and subject_id = $1
			and actor_kind = 'student' and actor_id = $1 and action = 'password_changed' and path = 'signed_in'
			and outcome = 'succeeded' and ip <> ''`, st.ID); got != 1 {
			t.Errorf("got %d password_changed/signed_in audit events with an IP, want 1", got)
		}
	})
}

func TestChangePasswordMustChange(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{MustChangePassword: true})
	const newPassword = "Copper-Wren-51"
	c := h.Client()
	r := c.SignIn(st.Username, st.Password)
	// No recorded change: the starting password is the school's default.
	if account, _ := r.Body["account"].(map[string]any); account["mustChangePassword"] != true || account["passwordSetBy"] != "school" {
		t.Fatalf("got account %v, want mustChangePassword true, passwordSetBy school", account)
	}
	s := c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, "")
	if account, _ := s.Body["account"].(map[string]any); account["mustChangePassword"] != true {
		t.Errorf("GET /session: got account %v, want mustChangePassword true", account)
	}

	badRun(t, h, c, st.ID, []badCase{
		{name: "account", method: http.MethodGet, path: "/api/v1/me/account", status: 403, code: "password_change_required"},
		{name: "PIN", method: http.MethodPut, path: "/api/v1/me/pin",
			body: map[string]string{"currentPassword": st.Password, "pin": "583920"}, status: 403, code: "password_change_required"},
		{name: "questions", method: http.MethodPut, path: "/api/v1/me/security-questions", body: map[string]any{
			"currentPassword": st.Password, "answers": []map[string]string{
				{"questionId": "first-pet", "answer": "Captain Whiskers"},
				{"questionId": "birth-city", "answer": "Springfield"},
				{"questionId": "oldest-cousin", "answer": "Dumplings"},
			}}, status: 403, code: "password_change_required"},
		{name: "same password again", method: http.MethodPost, path: "/api/v1/me/password", body: chgBody(st.Password, st.Password),
			status: 422, code: "password_rules", rules: []string{"same_as_current"}, fields: []string{"newPassword"}},
	})

	r = c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", chgBody(st.Password, newPassword)), http.StatusOK, "")
	if account, _ := r.Body["account"].(map[string]any); account["mustChangePassword"] != false || account["passwordSetBy"] != nil {
		t.Errorf("after the change got account %v, want mustChangePassword false without passwordSetBy", account)
	}
	c.CSRF = r.String("csrfToken")
	if got := badSnapshot(t, h, st.ID); got.MustChange {
		t.Errorf("got must_change_password true after the change, want false")
	}
	c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": newPassword, "pin": "583920"}),
		http.StatusNoContent, "")
	again := h.Client().SignIn(st.Username, newPassword)
	if account, _ := again.Body["account"].(map[string]any); account["mustChangePassword"] != false {
		t.Errorf("signing in again: got account %v, want mustChangePassword false", account)
	}
}

func TestChangePasswordFromSchoolDefault(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{DefaultPassword: true, Password: "Kettle-Plum-93"})
	const newPassword = "Meadow-Otter-29"
	sealed := func() (sealed, keyID, hash bool) {
		t.Helper()
		if err := h.Pool.QueryRow(context.Background(), `select default_password_sealed is not null,
				default_password_key_id is not null, password_hash is not null from students where id = $1`, st.ID).
			Scan(&sealed, &keyID, &hash); err != nil {
			t.Fatal(err)
		}
		return sealed, keyID, hash
	}
	if s, k, hash := sealed(); !s || !k || hash {
		t.Fatalf("set-up: got sealed %v, key id %v, hash %v; want a sealed default and no hash", s, k, hash)
	}

	c := h.Client()
	c.SignIn(st.Username, st.Password)
	a := c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	if a.Body["passwordChangedAt"] != nil {
		t.Errorf("got passwordChangedAt %v for a school-issued password, want null", a.Body["passwordChangedAt"])
	}

	badRun(t, h, c, st.ID, []badCase{{name: "the default again", method: http.MethodPost, path: "/api/v1/me/password",
		body: chgBody(st.Password, st.Password), status: 422, code: "password_rules",
		rules: []string{"same_as_current"}, fields: []string{"newPassword"}}})

	r := c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", chgBody(st.Password, newPassword)), http.StatusOK, "")
	c.CSRF = r.String("csrfToken")
	if s, k, hash := sealed(); s || k || !hash {
		t.Errorf("after the change got sealed %v, key id %v, hash %v; want the default gone and a hash", s, k, hash)
	}
	a = c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	if a.String("passwordChangedAt") == "" {
		t.Errorf("got passwordChangedAt %v after the change, want a time", a.Body["passwordChangedAt"])
	}
	n := h.Client()
	n.Expect(n.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": st.Password}),
		http.StatusUnauthorized, "invalid_credentials")
	n.SignIn(st.Username, newPassword)
	h.WaitForMail(st.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "Password changed") })
}

func TestChangePasswordRules(t *testing.T) {
	h := apitest.New(t)

	t.Run("same as current", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{})
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		same := func(name, pw string) badCase {
			return badCase{name: name, method: http.MethodPost, path: "/api/v1/me/password", body: chgBody(st.Password, pw),
				status: 422, code: "password_rules", rules: []string{"same_as_current"}, fields: []string{"newPassword"}}
		}
		// "Ｌ" is a full-width L: the same password once normalised (NFKC).
		badRun(t, h, c, st.ID, []badCase{same("identical", st.Password), same("full-width letter", "Ｌ"+st.Password[1:])})
	})

	t.Run("not signed in", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{})
		badRun(t, h, h.Client(), st.ID, []badCase{{name: "no session", method: http.MethodPost, path: "/api/v1/me/password",
			body: chgBody(st.Password, "Harbor-Finch-82"), status: 401, code: "not_signed_in"}})
	})

	t.Run("128 characters are accepted", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{})
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		long := "Aa1" + strings.Repeat("x", 125)
		c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", chgBody(st.Password, long)), http.StatusOK, "")
		h.Client().SignIn(st.Username, long)
	})

	t.Run("the password is normalised before hashing", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{})
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", chgBody(st.Password, "Café-Lantern-9")), http.StatusOK, "")
		// A decomposed é and a full-width C, as another keyboard may type them.
		h.Client().SignIn(st.Username, "Ｃafe\u0301-Lantern-9")
	})
}
