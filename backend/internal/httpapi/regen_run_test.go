package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// regenStudent is a student of a selection as the test reads it before and after a run.
type regenStudent struct {
	ID, Username, Email string
	TokenVersion        int
	PasswordHash        string
}

// selected reads the students of district 901 in campuses 90T001 and 90T002, grades 3 and 4,
// or with ids only those.
func (w *regenWorld) selected(t *testing.T, ids ...regenStudent) []regenStudent {
	t.Helper()
	only := []string{}
	for _, st := range ids {
		only = append(only, st.ID)
	}
	rows, err := w.h.Pool.Query(context.Background(), `select s.id, s.username, s.email, s.token_version,
			coalesce(s.password_hash, '')
		from students s join schools sc on sc.id = s.school_id
		where sc.campus_code in ('90T001', '90T002') and s.grade in (3, 4)
			and (cardinality($1::uuid[]) = 0 or s.id = any($1::uuid[]))
		order by s.id`, only)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (regenStudent, error) {
		var s regenStudent
		err := r.Scan(&s.ID, &s.Username, &s.Email, &s.TokenVersion, &s.PasswordHash)
		return s, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// districtDefault opens a student's district default password as staff would see it.
func (w *regenWorld) districtDefault(t *testing.T, studentID string) string {
	t.Helper()
	return w.openSealed(t, studentID, `select sealed, key_id from student_defaults where student_id = $1`)
}

// currentDefault opens the student's current password, a school-issued default.
func (w *regenWorld) currentDefault(t *testing.T, studentID string) string {
	t.Helper()
	return w.openSealed(t, studentID, `select default_password_sealed, default_password_key_id from students where id = $1`)
}

func (w *regenWorld) openSealed(t *testing.T, studentID, query string) string {
	t.Helper()
	var sealed []byte
	var keyID string
	if err := w.h.Pool.QueryRow(context.Background(), query, studentID).Scan(&sealed, &keyID); err != nil {
		t.Fatalf("default password of %s: %v", studentID, err)
	}
	pw, err := w.h.Portal.Sealer.Open(sealed, keyID, []byte(studentID))
	if err != nil {
		t.Fatal(err)
	}
	return pw
}

func TestRegenRunAlsoResetChangesEveryStudentOnce(t *testing.T) {
	w := newRegenWorld(t)
	before := w.selected(t)
	guardian := w.h.Guardian(apitest.GuardianOpts{})
	w.h.Link(guardian.ID, before[0].ID, false)
	id := w.draft(t, w.distC, map[string]any{"campusCodes": "90T001,90T002", "grades": "3,4", "alsoReset": true,
		"forceChange": true, "comments": "spring reset"})
	// A student added after the dry run is not in the selection.
	late := w.h.Student(apitest.StudentOpts{Grade: 3})
	lateBefore := w.h.Text(`select token_version::text || coalesce(password_hash, '') from students where id = $1`, late.ID)
	queued := w.confirm(t, w.distC, id)
	if number(queued, "total") != len(before) || number(queued, "done") != 0 {
		t.Errorf("confirmed: got %s, want total %d, done 0", queued.Raw, len(before))
	}
	r := w.waitEnded(t, id)
	if r.String("status") != "done" || number(r, "done") != len(before) || number(r, "total") != len(before) {
		t.Fatalf("ended: got %s, want done %d of %d", r.Raw, len(before), len(before))
	}
	for _, field := range []string{"startedAt", "finishedAt", "durationSeconds", "ratePerSecond"} {
		if _, ok := r.Body[field]; !ok {
			t.Errorf("ended: no %s in %s", field, r.Raw)
		}
	}
	if _, ok := r.Body["secondsLeft"]; ok {
		t.Errorf("ended: secondsLeft in %s", r.Raw)
	}
	after := w.selected(t, before...)
	for i, st := range after {
		if st.TokenVersion != before[i].TokenVersion+1 {
			t.Errorf("%s: token version %d, want %d", st.Username, st.TokenVersion, before[i].TokenVersion+1)
		}
		if n := w.h.Count(`select count(*) from audit_events where subject_kind = 'student' and subject_id = $1
			and action = 'password_changed' and path = 'district'`, st.ID); n != 1 {
			t.Errorf("%s: %d password_changed events by the district, want 1", st.Username, n)
		}
		if st.PasswordHash != "" {
			t.Errorf("%s: still has a password hash", st.Username)
		}
		// The new default is the current password, shown as such until the student
		// replaces it; no district default on file is needed beside it.
		pw := w.currentDefault(t, st.ID)
		if strings.ContainsAny(pw, policy.LookAlikes) {
			t.Errorf("%s: new default %q has a look-alike character", st.Username, pw)
		}
		if got := w.h.Text(`select (s.must_change_password and not exists (select 1 from student_defaults d
			where d.student_id = s.id))::text from students s where s.id = $1`, st.ID); got != "true" {
			t.Errorf("%s: need not change the new default, or a district default was stored beside it", st.Username)
		}
		// The emails are queued with the change; their wording for the district path comes
		// with the mail catalogue's (another step), so the test counts the jobs.
		if n := w.h.Count(`select count(*) from river_job where kind = 'confirmation_email' and args->>'to' = $1
			and args->>'path' = 'district'`, st.Email); n != 1 {
			t.Errorf("%s: %d confirmation emails queued, want 1", st.Username, n)
		}
		if i == 0 {
			// The new default signs in, and the student must choose a password first.
			c := w.h.Client()
			s := c.SignIn(st.Username, pw)
			if account, _ := s.Body["account"].(map[string]any); account["mustChangePassword"] != true {
				t.Errorf("signed in with the new default: got %s, want mustChangePassword", s.Raw)
			}
		}
	}
	if n := w.h.Count(`select count(*) from river_job where kind = 'confirmation_email' and args->>'to' = $1`,
		guardian.Email); n != 1 {
		t.Errorf("guardian: %d confirmation emails queued, want 1", n)
	}
	if got := w.h.Text(`select token_version::text || coalesce(password_hash, '') from students where id = $1`, late.ID); got != lateBefore {
		t.Error("a student added after the dry run was changed")
	}
	if n := w.h.Count(`select count(*) from student_defaults where student_id = $1`, late.ID); n != 0 {
		t.Error("a student added after the dry run got a district default")
	}
	for _, action := range []string{"regeneration_confirmed", "regeneration_done"} {
		if n := w.h.Count(`select count(*) from audit_events where subject_kind = 'regeneration' and subject_id = $1
			and action = $2`, id, action); n != 1 {
			t.Errorf("%s: %d events, want 1", action, n)
		}
	}
	m := w.h.WaitForMail(w.distAdm.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "regeneration") })
	if !strings.Contains(m.Text, "6 of 6 students") || !strings.Contains(m.Text, "/staff/district/regenerate/"+id) {
		t.Errorf("requester's email: got %q", m.Text)
	}
}

func TestRegenRunWithoutResetKeepsCurrentPasswords(t *testing.T) {
	w := newRegenWorld(t)
	before := w.selected(t)
	id := w.draft(t, w.distC, map[string]any{"campusCodes": "90T001,90T002", "grades": "3,4"})
	w.confirm(t, w.distC, id)
	if r := w.waitEnded(t, id); r.String("status") != "done" || number(r, "done") != len(before) {
		t.Fatalf("ended: %s", r.Raw)
	}
	after := w.selected(t, before...)
	for i, st := range after {
		if st != before[i] {
			t.Errorf("%s: got %+v, want the current password untouched: %+v", st.Username, st, before[i])
		}
		if pw := w.districtDefault(t, st.ID); len(pw) < 8 {
			t.Errorf("%s: district default %q", st.Username, pw)
		}
		if n := w.h.Count(`select count(*) from audit_events where subject_id = $1 and action = 'default_password_regenerated'
			and path = 'district'`, st.ID); n != 1 {
			t.Errorf("%s: %d default_password_regenerated events, want 1", st.Username, n)
		}
		if n := w.h.Count(`select count(*) from audit_events where subject_id = $1 and action = 'password_changed'`, st.ID); n != 0 {
			t.Errorf("%s: %d password_changed events, want none", st.Username, n)
		}
	}
}

func TestRegenCancelMidRun(t *testing.T) {
	w := newRegenWorld(t, apitest.WithConfig(func(c *config.Config) { c.RegenChunk = 1 }))
	w.seedGrade(t, w.schoolB, "cancelkid", 8, 400)
	id := w.draft(t, w.distC, map[string]any{"campusCodes": "90T002", "grades": "8", "alsoReset": true})
	w.confirm(t, w.distC, id)
	for {
		r := w.distC.Do(http.MethodGet, regenPath(id, ""), nil)
		if number(r, "done") > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Another district admin of the district may cancel.
	other := w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	r := w.h.StaffClient(other).Do(http.MethodPost, regenPath(id, "cancel"), nil)
	if r.Status != http.StatusOK || r.String("status") != "cancelled" || r.String("cancelledBy") == "" {
		t.Fatalf("cancel: %d %s", r.Status, r.Raw)
	}
	done := number(r, "done")
	if done == 0 || done >= 400 {
		t.Fatalf("cancel: done %d, want between 1 and 399", done)
	}
	time.Sleep(500 * time.Millisecond)
	changed := w.h.Count(`select count(*) from students where username like 'cancelkid%' and token_version = 2`)
	events := w.h.Count(`select count(*) from audit_events a join students s on s.id::text = a.subject_id
		where s.username like 'cancelkid%' and a.action = 'password_changed'`)
	if changed != done || events != done {
		t.Errorf("after the cancel: %d students changed, %d events, want %d (the answer's done)", changed, events, done)
	}
	history := w.distC.Do(http.MethodGet, "/api/v1/staff/district/regenerations", nil)
	reqs, _ := history.Body["requests"].([]any)
	if len(reqs) != 1 {
		t.Fatalf("history: %s", history.Raw)
	}
	if first, _ := reqs[0].(map[string]any); first["status"] != "cancelled" || first["done"] != float64(done) {
		t.Errorf("history: got %v, want cancelled with %d done", first, done)
	}
	if r := w.distC.Do(http.MethodPost, regenPath(id, "cancel"), nil); r.Status != http.StatusConflict || r.Code() != "regeneration_ended" {
		t.Errorf("cancel again: got %d %s, want 409 regeneration_ended", r.Status, r.Raw)
	}
	m := w.h.WaitForMail(w.distAdm.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "cancelled") })
	if !strings.Contains(m.Text, " of 400 students") {
		t.Errorf("requester's email: %q", m.Text)
	}
}

// TestRegenFailEndsTheRequest: when a job failed its last attempt, the request ends as
// failed with plain words, an audit event and the requester's email; the students done stay
// done, and a second failure report changes nothing.
func TestRegenFailEndsTheRequest(t *testing.T) {
	w := newRegenWorld(t)
	release := w.holdStudents(t)
	id := w.draft(t, w.distC, map[string]any{"grades": "3"})
	w.confirm(t, w.distC, id)
	for range 2 {
		if err := w.h.Portal.Regen.Fail(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	release()
	r := w.distC.Do(http.MethodGet, regenPath(id, ""), nil)
	if r.String("status") != "failed" || !strings.Contains(r.String("error"), "stopped after 0 of 4 students") {
		t.Errorf("failed: got %s", r.Raw)
	}
	if n := w.h.Count(`select count(*) from audit_events where subject_id = $1 and action = 'regeneration_failed'
		and outcome = 'failed'`, id); n != 1 {
		t.Errorf("regeneration_failed events: %d, want 1", n)
	}
	m := w.h.WaitForMail(w.distAdm.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "failed") })
	if !strings.Contains(m.Text, "0 of 4 students") {
		t.Errorf("requester's email: %q", m.Text)
	}
	time.Sleep(200 * time.Millisecond)
	if n := w.h.Count(`select count(*) from student_defaults`); n != 0 {
		t.Errorf("after the failure %d students got a default, want none", n)
	}
}
