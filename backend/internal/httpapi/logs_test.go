package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestLogsHoldNoSecrets runs every flow that carries a secret and then
// searches everything the portal logged for those secrets.
func TestLogsHoldNoSecrets(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	signIn := c.SignIn(st.Username, st.Password)
	c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": st.Password, "pin": "583920"}),
		http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodPut, "/api/v1/me/security-questions", map[string]any{
		"currentPassword": st.Password,
		"answers": []map[string]string{
			{"questionId": "first-pet", "answer": "Marmalade"},
			{"questionId": "birth-city", "answer": "Timbuktu"},
			{"questionId": "oldest-cousin", "answer": "Pierogi"},
		},
	}), http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", map[string]string{
		"currentPassword": st.Password, "newPassword": "Copper-Fjord-62", "confirmPassword": "Copper-Fjord-62",
	}), http.StatusOK, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": "Wrong-Guess-11"}),
		http.StatusUnauthorized, "invalid_credentials")
	start := c.Expect(c.Do(http.MethodPost, "/api/v1/forgot/start", map[string]string{"username": st.Username}), http.StatusOK, "")
	verify := c.Expect(c.Do(http.MethodPost, "/api/v1/forgot/verify", map[string]string{
		"flowToken": start.String("flowToken"), "method": "pin", "pin": "583920",
	}), http.StatusOK, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/forgot/reset", map[string]string{
		"resetToken": verify.String("resetToken"), "newPassword": "Velvet-Acorn-35", "confirmPassword": "Velvet-Acorn-35",
	}), http.StatusNoContent, "")

	logs := h.Logs.String()
	if !strings.Contains(logs, `"path":"/api/v1/forgot/reset"`) {
		t.Fatalf("the portal logged no request line for the reset; logs:\n%s", logs)
	}
	for _, secret := range []string{
		st.Password, "583920", "Marmalade", "Timbuktu", "Pierogi", "Copper-Fjord-62", "Wrong-Guess-11", "Velvet-Acorn-35",
		signIn.String("csrfToken"), start.String("flowToken"), verify.String("resetToken"),
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain the secret %q", secret)
		}
	}
}
