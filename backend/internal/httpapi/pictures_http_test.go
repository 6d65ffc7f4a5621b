package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// TestPicturesSetAndSignIn: a teacher sets a first grader's pictures at random (3 different
// ones of the 16, shown once, only a hash stored, the page shows them set); they sign in by
// username as a picture session, which cannot change the password, PIN or questions; chosen
// pictures replace them (the old ones stop working); a right try clears wrong ones; removal
// ends them.
func TestPicturesSetAndSignIn(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)

	page := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.young.ID, nil), 200, "")
	if state(page) != "none" || !hasAction(page, "set_pictures") {
		t.Fatalf("young student's page before: %s, want pictures none and set_pictures allowed", page.Raw)
	}
	drawn := setPictures(t, tc, w.young.ID, nil)
	if len(drawn) != 3 || len(slices.Compact(slices.Sorted(slices.Values(drawn)))) != 3 {
		t.Fatalf("drawn pictures %v: want 3 different ones", drawn)
	}
	for _, p := range drawn {
		if !slices.Contains(policy.PictureIDs, p) {
			t.Fatalf("drawn picture %q is not one of the 16", p)
		}
	}
	row, ok := pictureRowOf(t, h, w.young.ID)
	if !ok || !strings.HasPrefix(row.hash, "$argon2id$") || strings.Contains(row.hash, drawn[0]) {
		t.Fatalf("stored %+v: want an argon2id hash", row)
	}
	page = tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.young.ID, nil), 200, "")
	if p, _ := page.Body["pictures"].(map[string]any); p["state"] != "active" || p["setAt"] == nil || p["lastUsedAt"] != nil {
		t.Errorf("page after set: pictures %v, want active, set, unused", page.Body["pictures"])
	}

	kid, r := pictureSignIn(h, byUsername(strings.ToUpper(w.young.Username), drawn))
	kid.Expect(r, 200, "")
	acct := kid.Expect(kid.Do(http.MethodGet, "/api/v1/me/account", nil), 200, "")
	if acct.String("signedInWith") != "pictures" || acct.String("username") != w.young.Username {
		t.Fatalf("account of a picture session: %s, want %s signed in with pictures", acct.Raw, w.young.Username)
	}
	if row, _ := pictureRowOf(t, h, w.young.ID); !row.used || row.tries != 0 {
		t.Errorf("after a sign-in: %+v, want used with no tries", row)
	}
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/me/password", map[string]string{"currentPassword": w.young.Password,
		"newPassword": "Quiet-Harbor-Lamp-92", "confirmPassword": "Quiet-Harbor-Lamp-92"}), 403, "badge_session")
	kid.Expect(kid.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": w.young.Password, "pin": "4826"}), 403, "badge_session")
	kid.Expect(kid.Do(http.MethodPut, "/api/v1/me/security-questions", map[string]any{"currentPassword": w.young.Password,
		"answers": []map[string]string{}}), 403, "badge_session")
	if n := h.Count(`select count(*) from students where id = $1 and (pin_hash is not null or token_version <> 1)`, w.young.ID); n != 0 {
		t.Error("a picture session changed the account")
	}

	chosen := []string{"cat", "moon", "star"}
	if got := setPictures(t, tc, w.young.ID, chosen); !slices.Equal(got, chosen) {
		t.Fatalf("chosen pictures answered as %v, want %v", got, chosen)
	}
	if !slices.Equal(drawn, chosen) {
		if _, r := pictureSignIn(h, byUsername(w.young.Username, drawn)); r.Status != 401 || r.Code() != "pictures_invalid" {
			t.Errorf("the replaced pictures: %d %s, want 401 pictures_invalid", r.Status, r.Raw)
		}
	}
	// The same pictures in another order are another password.
	for range 3 {
		if _, r := pictureSignIn(h, byUsername(w.young.Username, []string{"star", "moon", "cat"})); r.Status != 401 {
			t.Fatalf("pictures in another order: %d %s, want 401", r.Status, r.Raw)
		}
	}
	if row, _ := pictureRowOf(t, h, w.young.ID); row.tries < 3 || row.locked {
		t.Fatalf("after wrong tries: %+v, want counted and not locked", row)
	}
	if _, r := pictureSignIn(h, byUsername(w.young.Username, chosen)); r.Status != 200 {
		t.Fatalf("the chosen pictures: %d %s, want 200", r.Status, r.Raw)
	}
	if row, _ := pictureRowOf(t, h, w.young.ID); row.tries != 0 {
		t.Errorf("a right try left %d tries, want 0", row.tries)
	}

	tc.Expect(tc.Do(http.MethodDelete, "/api/v1/staff/students/"+w.young.ID+"/pictures", nil), 204, "")
	if _, ok := pictureRowOf(t, h, w.young.ID); ok {
		t.Error("removed pictures are still stored")
	}
	if _, r := pictureSignIn(h, byUsername(w.young.Username, chosen)); r.Status != 401 || r.Code() != "pictures_invalid" {
		t.Errorf("removed pictures: %d %s, want 401 pictures_invalid", r.Status, r.Raw)
	}
	tc.Expect(tc.Do(http.MethodDelete, "/api/v1/staff/students/"+w.young.ID+"/pictures", nil), 204, "")
	if page := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.young.ID, nil), 200, ""); state(page) != "none" {
		t.Errorf("page after removal: %v, want none", page.Body["pictures"])
	}
	for _, a := range []struct{ action, reason string }{
		{"pictures_changed", ""}, {"pictures_removed", "removed"}, {"pictures_removed", "none"},
	} {
		if n := h.Count(`select count(*) from audit_events where actor_kind = 'staff' and actor_id = $1
			and subject_id = $2 and action = $3 and reason = $4 and outcome = 'succeeded'`,
			w.teacher.ID, w.young.ID, a.action, a.reason); n < 1 {
			t.Errorf("no audit event %+v", a)
		}
	}
}

// TestPicturesLockAndUnlock: 5 wrong tries in a row lock the pictures (the fifth and every
// try after it answer 423, the right one too); the lock is audited once and shown on the
// staff pages; it does not block the badge nor a staff password reset; a staff unlock lets
// the same pictures in again, and so does setting new ones.
func TestPicturesLockAndUnlock(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)
	right := []string{"dog", "boat", "tree"}
	setPictures(t, tc, w.young.ID, right)
	token, _ := issue(t, tc, w.young.ID)
	wrong := otherPictures(right)
	for i := range policy.MaxPictureTries - 1 {
		if _, r := pictureSignIn(h, byUsername(w.young.Username, wrong)); r.Status != 401 || r.Code() != "pictures_invalid" {
			t.Fatalf("wrong try %d: %d %s, want 401 pictures_invalid", i+1, r.Status, r.Raw)
		}
	}
	if _, r := pictureSignIn(h, byUsername(w.young.Username, wrong)); r.Status != 423 || r.Code() != "pictures_locked" {
		t.Fatalf("fifth wrong try: %d %s, want 423 pictures_locked", r.Status, r.Raw)
	}
	for _, p := range [][]string{right, wrong} {
		if _, r := pictureSignIn(h, byUsername(w.young.Username, p)); r.Status != 423 || r.Code() != "pictures_locked" {
			t.Fatalf("locked, %v: %d %s, want 423 pictures_locked", p, r.Status, r.Raw)
		}
	}
	if row, _ := pictureRowOf(t, h, w.young.ID); row.tries != 5 || !row.locked {
		t.Fatalf("after 5 wrong tries: %+v, want 5 tries and locked", row)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'pictures_locked' and subject_id = $1`, w.young.ID); n != 1 {
		t.Errorf("lock events: %d, want 1", n)
	}
	page := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.young.ID, nil), 200, "")
	if p, _ := page.Body["pictures"].(map[string]any); p["state"] != "locked" || p["lockedAt"] == nil {
		t.Errorf("page when locked: %v, want locked with lockedAt", page.Body["pictures"])
	}
	roster := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID, nil), 200, "")
	if st := rosterStudent(roster, w.young.ID); st["pictures"] != "locked" || st["badge"] != true {
		t.Errorf("roster when locked: %v, want pictures locked and a badge", st)
	}

	// The badge and a staff reset still work.
	if _, r := badgeSignIn(h, token); r.Status != 200 {
		t.Errorf("badge while the pictures are locked: %d %s, want 200", r.Status, r.Raw)
	}
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": false}), 200, "")

	unlocked := tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/pictures/unlock", nil), 200, "")
	if state(unlocked) != "active" {
		t.Errorf("unlock answered pictures %v, want active", unlocked.Body["pictures"])
	}
	if _, r := pictureSignIn(h, byUsername(w.young.Username, right)); r.Status != 200 {
		t.Fatalf("after unlock: %d %s, want 200", r.Status, r.Raw)
	}
	// Locked again, new pictures clear the lock as well.
	for range policy.MaxPictureTries {
		pictureSignIn(h, byUsername(w.young.Username, wrong))
	}
	fresh := setPictures(t, tc, w.young.ID, nil)
	if _, r := pictureSignIn(h, byUsername(w.young.Username, fresh)); r.Status != 200 {
		t.Errorf("new pictures after a lock: %d %s, want 200", r.Status, r.Raw)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'pictures_unlocked' and actor_id = $1
		and subject_id = $2 and reason = 'unlocked'`, w.teacher.ID, w.young.ID); n != 1 {
		t.Errorf("unlock events: %d, want 1", n)
	}
}

// TestPicturesGuardianEmail: setting pictures queues the confirmation to the linked
// guardian (in their language) with its audit event; nothing names the pictures.
func TestPicturesGuardianEmail(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)
	g := h.Guardian(apitest.GuardianOpts{Locale: "es"})
	h.Link(g.ID, w.young.ID, false)
	pictures := setPictures(t, tc, w.young.ID, []string{"rocket", "fish", "apple"})
	if n := h.Count(`select count(*) from river_job where kind = 'confirmation_email' and args->>'to' = $1
		and args->>'change' = 'pictures_changed' and args->>'path' = 'staff' and (args->>'to_guardian')::boolean`, g.Email); n != 1 {
		t.Fatalf("confirmations queued to the guardian: %d, want 1", n)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'pictures_changed' and subject_id = $1
		and actor_id = $2 and path = 'staff'`, w.young.ID, w.teacher.ID); n != 1 {
		t.Errorf("change events: %d, want 1", n)
	}
	msg := h.WaitForMail(g.Email, nil)
	for _, p := range pictures {
		if strings.Contains(strings.ToLower(msg.Text), p) {
			t.Errorf("the email names the picture %q:\n%s", p, msg.Text)
		}
	}
	if !strings.Contains(msg.Text, "contraseña de imágenes") {
		t.Errorf("guardian's email:\n%s\nwant the Spanish picture-password wording", msg.Text)
	}
}

// state is the pictures state of a staff student page.
func state(page apitest.Response) any {
	p, _ := page.Body["pictures"].(map[string]any)
	return p["state"]
}

// rosterStudent is the student with id in a class roster answer.
func rosterStudent(roster apitest.Response, id string) map[string]any {
	list, _ := roster.Body["students"].([]any)
	for _, s := range list {
		if m, _ := s.(map[string]any); m["id"] == id {
			return m
		}
	}
	return nil
}

// TestPictureSessionSkipsMustChange: after a staff reset with must-change, a picture session
// says nothing of it and the child's own page answers (as a badge session); the reset ended
// no picture password.
func TestPictureSessionSkipsMustChange(t *testing.T) {
	w := newBadgeWorld(t)
	tc := w.h.StaffClient(w.teacher)
	pictures := setPictures(t, tc, w.young.ID, nil)
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}), 200, "")

	kid, r := pictureSignIn(w.h, byUsername(w.young.Username, pictures))
	kid.Expect(r, 200, "")
	if r.Body["account"].(map[string]any)["mustChangePassword"] != false {
		t.Errorf("picture session answer: %s, want mustChangePassword false", r.Raw)
	}
	s := kid.Expect(kid.Do(http.MethodGet, "/api/v1/session", nil), 200, "")
	if s.Body["account"].(map[string]any)["mustChangePassword"] != false {
		t.Errorf("GET /session of a picture session: %s, want mustChangePassword false", s.Raw)
	}
	kid.Expect(kid.Do(http.MethodGet, "/api/v1/me/account", nil), 200, "")
	// Signing out ends it like any session.
	kid.Expect(kid.Do(http.MethodDelete, "/api/v1/session", nil), 204, "")
	kid.Expect(kid.Do(http.MethodGet, "/api/v1/me/account", nil), 401, "not_signed_in")
}
