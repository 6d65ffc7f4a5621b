package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestPicturesClass: a class set gives pictures to the class's students of the badge grades
// without them (missing only) or to all of them (reissue: the earlier ones end); the roster
// shows each young student's badge and pictures; the class code is made on first ask, kept,
// opens a page of first names and last initials of the students with pictures, and signs
// them in by tap; a new code ends the old one.
func TestPicturesClass(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)
	second := h.Student(apitest.StudentOpts{Grade: 2})
	if _, err := h.Pool.Exec(h.Context, `insert into class_enrollments (class_id, student_id) values ($1, $2)`, w.classID, second.ID); err != nil {
		t.Fatal(err)
	}
	first := setPictures(t, tc, w.young.ID, []string{"cake", "car", "bird"})

	r := tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/pictures", map[string]bool{"reissue": false}), 200, "")
	list, _ := r.Body["pictures"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["studentId"] != second.ID || r.Body["class"].(map[string]any)["id"] != w.classID {
		t.Fatalf("class set, missing only: %s, want the second student's pictures only", r.Raw)
	}
	secondPictures := stringsOf(list[0].(map[string]any)["pictures"])

	roster := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID, nil), 200, "")
	for _, id := range []string{w.young.ID, second.ID} {
		if st := rosterStudent(roster, id); st["pictures"] != "active" || st["badge"] != false {
			t.Errorf("roster student %s: %v, want pictures active and no badge", id, st)
		}
	}
	if st := rosterStudent(roster, w.old.ID); st == nil || st["pictures"] != nil || st["badge"] != nil {
		t.Errorf("seventh grader on the roster: %v, want neither badge nor pictures", st)
	}

	code := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, "")
	c1 := code.String("code")
	if len(c1) != 8 || strings.ContainsAny(c1, "01ILO") || code.String("signInUrl") != h.Server.URL+"/pictures#"+c1 {
		t.Fatalf("class code %s: want 8 characters without look-alikes and its /pictures# address", code.Raw)
	}
	if again := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, ""); again.String("code") != c1 {
		t.Errorf("second ask: code %q, want the same %q", again.String("code"), c1)
	}
	ac := w.h.StaffClient(w.admin)
	if other := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, ""); other.String("code") != c1 {
		t.Errorf("the admin's ask: code %q, want the class's %q", other.String("code"), c1)
	}

	kid := h.Client()
	page := kid.Expect(kid.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": " " + strings.ToLower(c1) + " "}), 200, "")
	if page.String("className") != "1-A" {
		t.Errorf("class name %q, want 1-A", page.String("className"))
	}
	students, _ := page.Body["students"].([]any)
	names := map[string]string{}
	for _, s := range students {
		m := s.(map[string]any)
		if len(m) != 2 {
			t.Errorf("class page student %v: want only studentId and displayName", m)
		}
		names[m["studentId"].(string)], _ = m["displayName"].(string)
	}
	if len(names) != 2 || names[w.young.ID] != w.young.FirstName+" "+w.young.LastName[:1]+"." || names[second.ID] == "" {
		t.Errorf("class page students %v, want the two students with pictures as first name and initial", names)
	}
	if strings.Contains(string(page.Raw), w.young.Username) || strings.Contains(string(page.Raw), w.young.LastName) {
		t.Errorf("class page %s names a username or surname", page.Raw)
	}

	if _, r := pictureSignIn(h, byClass(strings.ToLower(c1), second.ID, secondPictures)); r.Status != 200 {
		t.Fatalf("sign-in by class: %d %s, want 200", r.Status, r.Raw)
	}

	r = tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/pictures", map[string]bool{"reissue": true}), 200, "")
	list, _ = r.Body["pictures"].([]any)
	if len(list) != 2 {
		t.Fatalf("class reissue: %s, want both young students", r.Raw)
	}
	for _, item := range list {
		m := item.(map[string]any)
		if m["studentId"] != w.young.ID {
			continue
		}
		again := stringsOf(m["pictures"])
		if _, r := pictureSignIn(h, byClass(c1, w.young.ID, again)); r.Status != 200 {
			t.Errorf("reissued pictures: %d %s, want 200", r.Status, r.Raw)
		}
		if !slices.Equal(again, first) {
			if _, r := pictureSignIn(h, byClass(c1, w.young.ID, first)); r.Status != 401 {
				t.Errorf("pictures ended by the reissue: %d %s, want 401", r.Status, r.Raw)
			}
		}
	}

	renewed := tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, "")
	c2 := renewed.String("code")
	if len(c2) != 8 || c2 == c1 {
		t.Fatalf("renewed code %q, want a new one (was %q)", c2, c1)
	}
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": c1}), 404, "picture_class_invalid")
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": c2}), 200, "")
	if _, r := pictureSignIn(h, byClass(c1, second.ID, secondPictures)); r.Status != 401 || r.Code() != "pictures_invalid" {
		t.Errorf("sign-in with the old code: %d %s, want 401 pictures_invalid", r.Status, r.Raw)
	}

	for _, a := range []struct{ kind, subject, action, reason string }{
		{"class", w.classID, "class_pictures_set", "missing_only"},
		{"class", w.classID, "class_pictures_set", "reissue"},
		{"class", w.classID, "class_picture_code_renewed", "created"},
		{"class", w.classID, "class_picture_code_renewed", "renewed"},
		{"student", second.ID, "pictures_changed", ""},
	} {
		if n := h.Count(`select count(*) from audit_events where actor_id = $1 and subject_kind = $2 and subject_id = $3
			and action = $4 and reason = $5 and outcome = 'succeeded'`, w.teacher.ID, a.kind, a.subject, a.action, a.reason); n < 1 {
			t.Errorf("no audit event %+v", a)
		}
	}
}
