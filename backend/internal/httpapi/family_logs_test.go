package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// TestFamilyLogsHoldNoSecrets runs every family flow that carries a secret and then
// searches everything the portal logged for those secrets.
func TestFamilyLogsHoldNoSecrets(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{Grade: 4})
	code := h.AccessCode(kid.ID, time.Now().Add(time.Hour))
	const (
		email        = "log.watcher@family.test.example"
		registered   = "Orchard-Pebble-58"
		childTyped   = "Copper-Violin-64"
		changed      = "Quartz-Harbor-64"
		resetWithURL = "Meadow-Lantern-31"
		wrongGuess   = "Wrong-Guess-11"
	)
	c := h.Client()
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/register", map[string]string{"email": email, "name": "Lee Watcher",
		"password": registered, "confirmPassword": registered, "locale": "en"}), http.StatusAccepted, "")
	verify := h.LinkToken(email, "verify-email")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/verify-email", map[string]string{"token": verify}), http.StatusNoContent, "")
	c.FamilySignIn(email, registered)
	firstCSRF := c.CSRF
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/family/children", map[string]string{
		"studentId": kid.StudentNumber, "accessCode": code}), http.StatusCreated, "")
	childID := r.String("id")
	c.Expect(c.Do(http.MethodPost, famChild(childID)+"/password", map[string]any{
		"mode": "typed", "newPassword": childTyped, "confirmPassword": childTyped, "mustChange": false}), http.StatusOK, "")
	gen := c.Expect(c.Do(http.MethodPost, famChild(childID)+"/password", map[string]any{"mode": "generated", "mustChange": true}),
		http.StatusOK, "").String("generatedPassword")
	// A refusal that echoes nothing but still logs a request line.
	c.Do(http.MethodPost, famChild(childID)+"/password", map[string]any{
		"mode": "typed", "newPassword": kid.Username + "Aa1", "confirmPassword": kid.Username + "Aa1", "mustChange": false})
	changedSession := c.Expect(c.Do(http.MethodPost, "/api/v1/family/me/password", map[string]string{
		"currentPassword": registered, "newPassword": changed, "confirmPassword": changed}), http.StatusOK, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/session", map[string]string{"email": email, "password": wrongGuess}),
		http.StatusUnauthorized, "invalid_credentials")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": email}), http.StatusAccepted, "")
	reset := h.LinkToken(email, "reset-password")
	c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", map[string]string{
		"token": reset, "newPassword": resetWithURL, "confirmPassword": resetWithURL}), http.StatusNoContent, "")
	// Let the queue deliver the confirmations, so the mail worker's logging is searched too.
	h.WaitForMail(email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "password was changed") })

	logs := h.Logs.String()
	if !strings.Contains(logs, `"path":"/api/v1/family/forgot/reset"`) {
		t.Fatalf("the portal logged no request line for the reset; logs:\n%s", logs)
	}
	for _, secret := range []string{
		registered, childTyped, gen, changed, resetWithURL, wrongGuess, kid.Username + "Aa1",
		code, strings.ReplaceAll(code, "-", ""), verify, reset, firstCSRF, changedSession.String("csrfToken"),
	} {
		if secret == "" {
			t.Fatalf("a secret of the flow is empty")
		}
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain the secret %q", secret)
		}
	}
}
