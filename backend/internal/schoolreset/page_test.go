package schoolreset_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// TestPage: the status page gathers the student's classes, guardians, last change and its
// path, recovery and self-reset state, school-issued password and age band.
func TestPage(t *testing.T) {
	w := newWorld(t)
	w.linkGuardian(t, w.ines, "ana@family.test.example", "Ana Peña", "es")
	w.exec(t, `update students set last_self_reset_at = now() - interval '1 day', questions_set_at = now() where id = $1`, w.ines)
	w.exec(t, `insert into audit_events (actor_kind, actor_id, subject_kind, subject_id, action, path, outcome)
		values ('student', $1, 'student', $1, 'password_changed', 'self_reset', 'succeeded')`, w.ines)
	page, err := w.svc.Student(w.ctx, w.tess, w.ines)
	if err != nil {
		t.Fatal(err)
	}
	got := struct {
		Display, Through, Recovery, SchoolPassword, Code string
		Classes                                          []schoolreset.Class
		Guardians                                        []schoolreset.Guardian
		Young                                            bool
	}{page.SchoolDisplayCode, page.PasswordChangedThrough, page.RecoveryState, page.SchoolPassword, page.AccessCode.State,
		page.Classes, page.Guardians, page.Young}
	want := got
	want.Display, want.Through, want.Recovery, want.SchoolPassword, want.Code = "A001", "self_reset", "open", "none", "none"
	want.Classes = []schoolreset.Class{{Number: "A-101", Name: "Homeroom"}}
	want.Guardians = []schoolreset.Guardian{{Name: "Ana Peña", Email: "ana@family.test.example", Locale: "es"}}
	want.Young = false
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
	if d := time.Until(page.NextSelfResetAt); d < 28*24*time.Hour || d > 30*24*time.Hour {
		t.Errorf("next self-reset in %v, want 29 days", d)
	}

	// A first-grader with a school-issued default: young, no self-service, the default's path.
	var young string
	w.scan(t, `insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, default_password_sealed, default_password_key_id)
		select school_id, '100000020', 'kimy1020', 'kim@students.test.example', 'Kim', 'Young', 1, '2019-01-01', '\x00', 'k'
		from students where id = $1 returning id`, []any{w.omar}, &young)
	page, err = w.svc.Student(w.ctx, w.sam, young)
	if err != nil {
		t.Fatal(err)
	}
	if !page.Young || page.RecoveryState != schoolreset.RecoveryNotEligible || page.PasswordChangedThrough != schoolreset.PathSchoolIssued ||
		page.SchoolPassword != schoolreset.SchoolPasswordAvailable || !page.NextSelfResetAt.IsZero() {
		t.Errorf("young student: got young %v, recovery %q, through %q, school password %q, next %v",
			page.Young, page.RecoveryState, page.PasswordChangedThrough, page.SchoolPassword, page.NextSelfResetAt)
	}
	if page, _ := w.svc.Student(w.ctx, w.sam, w.omar); page.RecoveryState != schoolreset.RecoveryNotSetUp {
		t.Errorf("no PIN nor questions: got recovery %q, want not_set_up", page.RecoveryState)
	}
}
