package httpapi_test

import (
	"net/http"
	"testing"
)

// TestBadgeSessionSkipsMustChange: after a staff reset with must-change, a badge session
// says nothing of it (the child cannot change the password there, and the page must not send
// her to a change screen), and her own page answers; a password sign-in still must change.
func TestBadgeSessionSkipsMustChange(t *testing.T) {
	w := newBadgeWorld(t)
	tc := w.h.StaffClient(w.teacher)
	token, _ := issue(t, tc, w.young.ID)
	reset := tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}), 200, "")

	kid, r := badgeSignIn(w.h, token)
	kid.Expect(r, 200, "")
	if r.Body["account"].(map[string]any)["mustChangePassword"] != false {
		t.Errorf("badge session answer: %s, want mustChangePassword false", r.Raw)
	}
	s := kid.Expect(kid.Do(http.MethodGet, "/api/v1/session", nil), 200, "")
	if s.Body["account"].(map[string]any)["mustChangePassword"] != false {
		t.Errorf("GET /session of a badge session: %s, want mustChangePassword false", s.Raw)
	}
	kid.Expect(kid.Do(http.MethodGet, "/api/v1/me/account", nil), 200, "")

	pw := w.h.Client()
	if a := pw.SignIn(w.young.Username, reset.String("generatedPassword")); a.Body["account"].(map[string]any)["mustChangePassword"] != true {
		t.Errorf("password sign-in after the reset: %s, want mustChangePassword true", a.Raw)
	}
}
