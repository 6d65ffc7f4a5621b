package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestFamilyResetLinkCheck: the reset page learns whether its link still works when it opens,
// and asking does not spend the link.
func TestFamilyResetLinkCheck(t *testing.T) {
	h := apitest.New(t)
	g := h.Guardian(apitest.GuardianOpts{})
	c := h.Client()
	check := func(body any) apitest.Response { return c.Do(http.MethodPost, "/api/v1/family/forgot/check", body) }

	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": g.Email}), http.StatusAccepted, "")
	token := h.LinkToken(g.Email, "reset-password")

	c.Expect(check(map[string]string{"token": token}), http.StatusNoContent, "")
	c.Expect(check(map[string]string{"token": token}), http.StatusNoContent, "")
	const newPassword = "Lantern-Grove-64"
	reset := map[string]string{"token": token, "newPassword": newPassword, "confirmPassword": newPassword}
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", reset), http.StatusNoContent, "")

	c.Expect(check(map[string]string{"token": token}), http.StatusGone, "link_expired")
	c.Expect(check(map[string]string{"token": "never-sent-by-the-portal"}), http.StatusGone, "link_expired")
	c.Expect(check(map[string]string{}), http.StatusBadRequest, "missing_field")
	c.Expect(check(map[string]any{"token": 7}), http.StatusBadRequest, "invalid_type")
}

// TestFamilyChildSelfReset: the dashboard is told whether a child can reset alone, and from
// which grade, rather than guessing it from the grade.
func TestFamilyChildSelfReset(t *testing.T) {
	h := apitest.New(t)
	g := h.Guardian(apitest.GuardianOpts{})
	young, older := h.Student(apitest.StudentOpts{Grade: 1}), h.Student(apitest.StudentOpts{Grade: 5})
	h.Link(g.ID, young.ID, false)
	h.Link(g.ID, older.ID, false)
	c := h.Client()
	c.FamilySignIn(g.Email, g.Password)
	r := c.Expect(c.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusOK, "")
	children, _ := r.Body["children"].([]any)
	got := map[string][2]any{}
	for _, ch := range children {
		m, _ := ch.(map[string]any)
		got[m["username"].(string)] = [2]any{m["selfResetEligible"], m["selfResetFromGrade"]}
	}
	want := map[string][2]any{young.Username: {false, float64(3)}, older.Username: {true, float64(3)}}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: got selfResetEligible, selfResetFromGrade %v, want %v", name, got[name], w)
		}
	}
}
