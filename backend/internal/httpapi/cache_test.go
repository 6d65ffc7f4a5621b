package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestAPIAnswersAreNotCached checks every answer that carries a session, a
// CSRF token, a flow or reset token or a generated password, and an error
// answer, for Cache-Control: no-store.
func TestAPIAnswersAreNotCached(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{Grade: 8, PIN: "418063"})
	g := h.Guardian(apitest.GuardianOpts{})
	child := h.Student(apitest.StudentOpts{Grade: 4})
	h.Link(g.ID, child.ID, false)
	student, family, anon := h.Client(), h.Client(), h.Client()

	signIn := student.SignIn(st.Username, st.Password)
	familySignIn := family.FamilySignIn(g.Email, g.Password)
	start := anon.ForgotStart(st.Username)
	verify := anon.ForgotVerifyPIN(start.String("flowToken"), "418063")
	tests := []struct {
		name     string
		r        apitest.Response
		wantCode int
		carries  string // the field holding the secret; empty for an error answer
	}{
		{"sign in", signIn, http.StatusOK, "csrfToken"},
		{"GET /session", student.Do(http.MethodGet, "/api/v1/session", nil), http.StatusOK, "csrfToken"},
		{"forgot start", start, http.StatusOK, "flowToken"},
		{"forgot verify", verify, http.StatusOK, "resetToken"},
		{"family sign in", familySignIn, http.StatusOK, "csrfToken"},
		{"GET /family/session", family.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "csrfToken"},
		{"child reset, generated", family.Do(http.MethodPost, "/api/v1/family/children/"+child.ID+"/password",
			map[string]any{"mode": "generated", "mustChange": true}), http.StatusOK, "generatedPassword"},
		{"wrong password", anon.Do(http.MethodPost, "/api/v1/session",
			map[string]string{"login": st.Username, "password": "Not-Her-Password-1"}), http.StatusUnauthorized, ""},
		{"malformed request", anon.Do(http.MethodPost, "/api/v1/forgot/start", `{"username":"a\u0000"}`),
			http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.r.Status != tt.wantCode {
				t.Fatalf("got %d (body %s), want %d", tt.r.Status, tt.r.Raw, tt.wantCode)
			}
			if tt.carries != "" && tt.r.String(tt.carries) == "" {
				t.Fatalf("got no %q in %s, want one", tt.carries, tt.r.Raw)
			}
			if got := tt.r.Header.Values("Cache-Control"); len(got) != 1 || got[0] != "no-store" {
				t.Errorf("got Cache-Control %q, want exactly [no-store]", got)
			}
		})
	}
}
