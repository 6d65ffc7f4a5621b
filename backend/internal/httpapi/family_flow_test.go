package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// TestFamilyFlow walks the whole guardian path: register, verify the email from the
// emailed link, link a child with an access code, see the child, reset the child's password
// with "must change", and check both confirmation emails and the child's next sign-in.
func TestFamilyFlow(t *testing.T) {
	h := apitest.New(t)
	child := h.Student(apitest.StudentOpts{Grade: 4})
	code := h.AccessCode(child.ID, time.Now().Add(60*24*time.Hour))
	childSession := h.Client()
	childSession.SignIn(child.Username, child.Password)

	c := h.Client()
	const email, password = "ana.lopez@family.test.example", "Sunflower-Desk-29"
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/register", map[string]string{
		"email": "Ana.Lopez@Family.Test.Example", "name": "Ana López", "password": password,
		"confirmPassword": password, "locale": "es",
	}), http.StatusAccepted, "")

	// Signed in before verifying: linking is refused and changes nothing.
	c.FamilySignIn(email, password)
	r := c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "")
	if g, _ := r.Body["guardian"].(map[string]any); g["emailVerified"] != false || g["locale"] != "es" || g["email"] != email {
		t.Errorf("got guardian %v, want %s unverified in Spanish", g, email)
	}
	link := map[string]string{"studentId": child.StudentNumber, "accessCode": code}
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/children", link), http.StatusForbidden, "email_not_verified")
	if n := h.Count(`select count(*) from guardian_links`); n != 0 {
		t.Fatalf("got %d links before verification, want 0", n)
	}

	// A guardian the child already has (linked by the school) is told of every new link.
	second := h.Guardian(apitest.GuardianOpts{Locale: "en"})
	h.Link(second.ID, child.ID, false)

	token := h.LinkToken(email, "verify-email")
	anon := h.Client()
	anon.Expect(anon.Do(http.MethodPost, "/api/v1/family/verify-email", map[string]string{"token": token}), http.StatusNoContent, "")
	anon.Expect(anon.Do(http.MethodPost, "/api/v1/family/verify-email", map[string]string{"token": token}), http.StatusGone, "link_expired")

	r = c.Expect(c.Do(http.MethodPost, "/api/v1/family/children", link), http.StatusCreated, "")
	childID := r.String("id")
	if childID != child.ID || r.Body["access"] != "active" || r.Body["pinSet"] != false || r.Body["resetsLeftToday"] != float64(5) {
		t.Errorf("got linked child %s, want %s active with no PIN and 5 resets left", r.Raw, child.ID)
	}
	told := h.WaitForMail(second.Email, func(m mailcatcher.Message) bool {
		return strings.Contains(m.Subject, "was linked to "+child.FirstName)
	})
	if !strings.Contains(told.Text, "Ana López ("+email+")") {
		t.Errorf("the email to the other guardian does not say who linked: %s", told.Text)
	}
	// The code was single-use.
	other := h.Guardian(apitest.GuardianOpts{})
	oc := h.Client()
	oc.FamilySignIn(other.Email, other.Password)
	oc.Expect(oc.Do(http.MethodPost, "/api/v1/family/children", link), http.StatusUnprocessableEntity, "access_code_used")

	r = c.Expect(c.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusOK, "")
	if list, _ := r.Body["children"].([]any); len(list) != 1 {
		t.Fatalf("got children %s, want the one linked child", r.Raw)
	}
	for _, secret := range []string{child.Password, "password_hash", "pin_hash"} {
		if strings.Contains(string(r.Raw), secret) {
			t.Errorf("the dashboard holds %q: %s", secret, r.Raw)
		}
	}

	const newPassword = "Copper-Violin-64"
	r = c.Expect(c.Do(http.MethodPost, "/api/v1/family/children/"+childID+"/password", map[string]any{
		"mode": "typed", "newPassword": newPassword, "confirmPassword": newPassword, "mustChange": true,
	}), http.StatusOK, "")
	if _, ok := r.Body["generatedPassword"]; ok {
		t.Errorf("a typed reset answered a generated password: %s", r.Raw)
	}
	if got, _ := r.Body["child"].(map[string]any); got["mustChangePassword"] != true || got["resetsLeftToday"] != float64(4) {
		t.Errorf("got child %v, want mustChangePassword and 4 resets left", got)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("got Cache-Control %q, want no-store", cc)
	}

	for _, to := range []string{child.Email, email, second.Email} {
		m := h.WaitForMail(to, func(m mailcatcher.Message) bool {
			return strings.Contains(m.Subject, child.Username)
		})
		if strings.Contains(m.Text, newPassword) || strings.Contains(m.HTML, newPassword) {
			t.Errorf("the email to %s holds the new password", to)
		}
		if to == email && !strings.Contains(m.Subject, "contraseña") {
			t.Errorf("got subject %q for the Spanish-speaking guardian, want Spanish", m.Subject)
		}
	}

	// The reset ended the child's session; the new password signs in and must be changed.
	childSession.Expect(childSession.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusUnauthorized, "not_signed_in")
	kid := h.Client()
	r = kid.SignIn(child.Username, newPassword)
	if acct, _ := r.Body["account"].(map[string]any); acct["mustChangePassword"] != true || acct["passwordSetBy"] != "guardian" {
		t.Errorf("got account %v, want mustChangePassword with passwordSetBy guardian", acct)
	}
	s := kid.Expect(kid.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, "")
	if acct, _ := s.Body["account"].(map[string]any); acct["passwordSetBy"] != "guardian" {
		t.Errorf("GET /session: got account %v, want passwordSetBy guardian", acct)
	}
	if n := h.Count(`select count(*) from audit_events where actor_kind = 'guardian' and subject_id = $1
		and action = 'password_changed' and path = 'guardian' and outcome = 'succeeded'`, child.ID); n != 1 {
		t.Errorf("got %d audit events of the reset, want 1", n)
	}

	// A generated password for a young child is easy to type and works.
	r = c.Expect(c.Do(http.MethodPost, "/api/v1/family/children/"+childID+"/password", map[string]any{
		"mode": "generated", "mustChange": false,
	}), http.StatusOK, "")
	generated := r.String("generatedPassword")
	if len(generated) < 8 || strings.ContainsAny(generated, "0O1lI") {
		t.Errorf("got generated password %q, want a readable one", generated)
	}
	h.Client().SignIn(child.Username, generated)

	// Unlinking ends the guardian's rights at once.
	c.Expect(c.Do(http.MethodDelete, "/api/v1/family/children/"+childID, nil), http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodGet, "/api/v1/family/children/"+childID, nil), http.StatusNotFound, "not_found")
}

// TestGuardianForgotPassword resets a guardian's password with the emailed link.
func TestGuardianForgotPassword(t *testing.T) {
	h := apitest.New(t)
	g := h.Guardian(apitest.GuardianOpts{})
	old := h.Client()
	old.FamilySignIn(g.Email, g.Password)

	c := h.Client()
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": g.Email}), http.StatusAccepted, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": "nobody@family.test.example"}), http.StatusAccepted, "")
	token := h.LinkToken(g.Email, "reset-password")

	// A refused password leaves the link usable.
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", map[string]string{
		"token": token, "newPassword": "short", "confirmPassword": "short",
	}), http.StatusUnprocessableEntity, "password_rules")
	const newPassword = "Meadow-Lantern-31"
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", map[string]string{
		"token": token, "newPassword": newPassword, "confirmPassword": newPassword,
	}), http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", map[string]string{
		"token": token, "newPassword": "Other-Lantern-32", "confirmPassword": "Other-Lantern-32",
	}), http.StatusGone, "link_expired")

	old.Expect(old.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusUnauthorized, "not_signed_in")
	h.Client().FamilySignIn(g.Email, newPassword)
	h.WaitForMail(g.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "changed") })
}
