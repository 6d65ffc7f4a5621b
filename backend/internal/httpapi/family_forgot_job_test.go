package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// TestGuardianForgotIsQueuedAlike checks that a forgot-password request does the same work
// for a registered address and an unknown one (one audit event and one queued request),
// and that only the queued request, later, tells them apart: a link for the one, an audit
// refusal for the other.
func TestGuardianForgotIsQueuedAlike(t *testing.T) {
	h := apitest.New(t)
	g := h.Guardian(apitest.GuardianOpts{})
	const unknown = "nobody.here@family.test.example"
	c := h.Client()
	for _, email := range []string{g.Email, unknown} {
		c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": strings.ToUpper(email)}), http.StatusAccepted, "")
		if n := h.Count(`select count(*) from river_job where kind = 'family_forgot_request' and args->>'email' = $1`, email); n != 1 {
			t.Errorf("%s: got %d queued requests, want 1", email, n)
		}
		if n := h.Count(`select count(*) from audit_events where action = 'guardian_forgot_password'
			and subject_kind = 'email' and subject_id = $1 and reason = 'requested'`, email); n != 1 {
			t.Errorf("%s: got %d audit events of the request, want 1", email, n)
		}
	}

	h.WaitForMail(g.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Text, "/family/reset-password#token=") })
	deadline := time.Now().Add(10 * time.Second)
	for h.Count(`select count(*) from audit_events where subject_id = $1 and reason = 'unknown_email'`, unknown) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the unknown address's request was never audited as unknown")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := h.Count(`select count(*) from river_job where kind = 'family_email' and args->>'to' = $1`, unknown); n != 0 {
		t.Errorf("got %d emails queued to the unknown address, want 0", n)
	}
}
