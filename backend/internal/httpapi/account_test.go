package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

func TestSetPINConfirmsByEmailAndAudits(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)

	c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": st.Password, "pin": "583920"}),
		http.StatusNoContent, "")

	m := h.WaitForMail(st.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "PIN") })
	if strings.Contains(m.Text, "583920") || strings.Contains(m.HTML, "583920") {
		t.Errorf("confirmation email contains the PIN:\n%s", m.Text)
	}
	if got := h.Count(`select count(*) from audit_events where subject_id = $1 and action = 'pin_changed' and outcome = 'succeeded'`, st.ID); got != 1 {
		t.Errorf("pin_changed audit events = %d, want 1", got)
	}
	a := c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	if a.Body["pinSet"] != true {
		t.Errorf("account pinSet = %v, want true", a.Body["pinSet"])
	}
}
