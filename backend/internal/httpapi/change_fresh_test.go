package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// freshBody is a change-password request without the current password.
func freshBody(newPassword string) map[string]string {
	return map[string]string{"newPassword": newPassword, "confirmPassword": newPassword}
}

// TestMustChangeRightAfterSignIn: the must-change screen does not ask again for the password
// typed seconds before. The sign-in proves it; nothing else does.
func TestMustChangeRightAfterSignIn(t *testing.T) {
	h := apitest.New(t)
	const newPassword = "Harbor-Finch-82"

	t.Run("a must-change student just signed in leaves it out", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{MustChangePassword: true, DefaultPassword: true})
		c := h.Client()
		r := c.SignIn(st.Username, st.Password)
		until, err := time.Parse(time.RFC3339, r.String("freshSignInUntil"))
		if err != nil || time.Until(until) < 9*time.Minute || time.Until(until) > 10*time.Minute {
			t.Errorf("got freshSignInUntil %q, want about 10 minutes from now", r.String("freshSignInUntil"))
		}
		if got := c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, "").String("freshSignInUntil"); got != r.String("freshSignInUntil") {
			t.Errorf("GET /session: got freshSignInUntil %q, want %q", got, r.String("freshSignInUntil"))
		}
		r = c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", freshBody(newPassword)), http.StatusOK, "")
		if account, _ := r.Body["account"].(map[string]any); account["mustChangePassword"] != false {
			t.Errorf("got account %v, want mustChangePassword false", account)
		}
		// The fresh session that answer set was not made by a sign-in: it proves nothing.
		if got := r.String("freshSignInUntil"); got != "" {
			t.Errorf("got freshSignInUntil %q after the change, want none", got)
		}
		h.Client().SignIn(st.Username, newPassword)
	})

	t.Run("the new password must still differ from the starting one", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{MustChangePassword: true, Password: "Meadow-Otter-47"})
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		r := c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", freshBody(st.Password)), http.StatusUnprocessableEntity, "password_rules")
		if rules := r.Rules(); len(rules) != 1 || rules[0] != "same_as_current" {
			t.Errorf("got rules %v, want [same_as_current]", rules)
		}
	})

	t.Run("a student who need not change types the current password", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{})
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		r := c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", freshBody(newPassword)), http.StatusBadRequest, "missing_field")
		if got := badFields(r); !slices.Equal(got, []string{"currentPassword"}) {
			t.Errorf("got fields %v in %s, want [currentPassword]", got, r.Raw)
		}
		// The normal case still counts a wrong current password on the sign-in throttle.
		c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", chgBody("Wrong-Pass-123", newPassword)), http.StatusUnprocessableEntity, "current_password_wrong")
	})

	t.Run("of several changes sent at once without it, one changes the password", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{MustChangePassword: true, DefaultPassword: true})
		c := h.Client()
		c.SignIn(st.Username, st.Password)
		got, _ := burst(t, 8, func(i int) (apitest.Response, error) {
			return famDo(h, c, http.MethodPost, "/api/v1/me/password", freshBody(fmt.Sprintf("Harbor-Finch-%02d", 10+i)))
		})
		if got["200"] != 1 {
			t.Errorf("got answers %v, want exactly one 200: once the password changed, the others need the current one", got)
		}
		if n := h.Count(`select count(*) from audit_events where subject_id = $1 and action = 'password_changed'
			and outcome = 'succeeded'`, st.ID); n != 1 {
			t.Errorf("got %d password changes audited, want 1", n)
		}
	})

	t.Run("a session not made by a sign-in proves nothing", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{MustChangePassword: true})
		snap := badSnapshot(t, h, st.ID)
		token, claims, err := h.TokenIssuer().Issue(tokens.Session, "student", st.ID, snap.TokenVersion, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		c := h.Client()
		csrf := h.TokenIssuer().Bind(claims.ID)
		r := c.Do(http.MethodPost, "/api/v1/me/password", freshBody(newPassword),
			"Cookie", apitest.SessionCookieName+"="+token, "X-CSRF-Token", csrf)
		if r.Status != http.StatusBadRequest || r.Code() != "missing_field" {
			t.Errorf("got %d %s, want 400 missing_field", r.Status, r.Raw)
		}
		if after := badSnapshot(t, h, st.ID); after.PasswordHash != snap.PasswordHash {
			t.Errorf("the password changed")
		}
	})
}
