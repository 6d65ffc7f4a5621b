package schoolreset_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// operation is one staff operation on a student, by its audit action.
type operation struct {
	name   string
	action string
	run    func(w *world, m accounts.Staff, id string) error
}

var operations = []operation{
	{"view", "student_view", func(w *world, m accounts.Staff, id string) error {
		_, err := w.svc.Student(w.ctx, m, id)
		return err
	}},
	{"reset typed", "password_changed", func(w *world, m accounts.Staff, id string) error {
		_, err := w.svc.ResetPassword(w.ctx, m, id, schoolreset.Reset{NewPassword: "Violet-Harbor-82", ConfirmPassword: "Violet-Harbor-82"})
		return err
	}},
	{"reset generated", "password_changed", func(w *world, m accounts.Staff, id string) error {
		_, err := w.svc.ResetPassword(w.ctx, m, id, schoolreset.Reset{Generate: true, MustChange: true})
		return err
	}},
	{"reveal", "school_password_viewed", func(w *world, m accounts.Staff, id string) error {
		_, err := w.svc.RevealSchoolPassword(w.ctx, m, id)
		return err
	}},
	{"unlock", "recovery_unlocked", func(w *world, m accounts.Staff, id string) error {
		_, err := w.svc.Unlock(w.ctx, m, id, true, true)
		return err
	}},
	{"access code", "access_code_issued", func(w *world, m accounts.Staff, id string) error {
		_, err := w.svc.IssueAccessCode(w.ctx, m, id)
		return err
	}},
}

// TestOutsideScopeIsNotFound runs every operation of every staff member on every student
// outside their scope: each answers accounts.ErrNotFound as for a student that does not
// exist, changes nothing, and is audited as out_of_scope.
func TestOutsideScopeIsNotFound(t *testing.T) {
	w := newWorld(t)
	outside := []struct {
		staff    accounts.Staff
		students []string
	}{
		{w.tess, []string{w.omar, w.bea, w.cal}},
		{w.sam, []string{w.bea, w.cal}},
		{w.dana, []string{w.cal}},
		{w.hal, []string{w.ines, w.omar, w.bea}},
	}
	for _, o := range outside {
		for _, id := range o.students {
			before := w.secrets(t, id)
			for _, op := range operations {
				t.Run(o.staff.Email+"/"+op.name, func(t *testing.T) {
					refused := w.events(t, o.staff, op.action, "refused", "out_of_scope")
					if err := op.run(w, o.staff, id); !errors.Is(err, accounts.ErrNotFound) {
						t.Fatalf("got %v, want accounts.ErrNotFound", err)
					}
					if got := w.events(t, o.staff, op.action, "refused", "out_of_scope"); got != refused+1 {
						t.Errorf("got %d refusals audited, want %d", got, refused+1)
					}
				})
			}
			if after := w.secrets(t, id); after != before {
				t.Errorf("student %s changed by refused operations of %s: %+v, was %+v", id, o.staff.Email, after, before)
			}
		}
	}
}

// TestInsideScope has each staff member open the page of every student in scope, and no other.
func TestInsideScope(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		staff accounts.Staff
		want  map[string]bool
	}{
		{w.tess, map[string]bool{w.ines: true}},
		{w.sam, map[string]bool{w.ines: true, w.omar: true}},
		{w.dana, map[string]bool{w.ines: true, w.omar: true, w.bea: true}},
		{w.hal, map[string]bool{w.cal: true}},
	} {
		for _, id := range []string{w.ines, w.omar, w.bea, w.cal} {
			page, err := w.svc.Student(w.ctx, tc.staff, id)
			switch {
			case tc.want[id] && err != nil:
				t.Errorf("%s opening %s: got %v, want the page", tc.staff.Email, id, err)
			case tc.want[id] && page.Student.ID != id:
				t.Errorf("%s opening %s: got page of %q", tc.staff.Email, id, page.Student.ID)
			case !tc.want[id] && !errors.Is(err, accounts.ErrNotFound):
				t.Errorf("%s opening %s: got %v, want accounts.ErrNotFound", tc.staff.Email, id, err)
			}
		}
	}
}

// TestTeacherMayNotIssueAccessCodes: a teacher sees her student but may not issue a parent
// access code (403, audited, no code stored); the school admin may.
func TestTeacherMayNotIssueAccessCodes(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.IssueAccessCode(w.ctx, w.tess, w.ines); !errors.Is(err, schoolreset.ErrNotAllowed) {
		t.Fatalf("teacher issuing a code: got %v, want ErrNotAllowed", err)
	}
	if got := w.events(t, w.tess, "access_code_issued", "refused", "not_allowed"); got != 1 {
		t.Errorf("got %d refusals audited, want 1", got)
	}
	if got := w.secrets(t, w.ines).Codes; got != 0 {
		t.Errorf("got %d live codes after the refusal, want 0", got)
	}
	page, err := w.svc.Student(w.ctx, w.tess, w.ines)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(page.Allowed); got != "[reset_password view_school_password unlock]" {
		t.Errorf("teacher's allowed actions: got %s", got)
	}
	if _, err := w.svc.IssueAccessCode(w.ctx, w.sam, w.ines); err != nil {
		t.Fatalf("school admin issuing a code: %v", err)
	}
}

// TestTeacherGuessingIDs: a teacher trying 1,000 student ids outside her classes (random
// ids, and the real ids of students elsewhere) gets 1,000 not-founds that cannot be told
// apart, every one audited, and nothing changes.
func TestTeacherGuessingIDs(t *testing.T) {
	w := newWorld(t)
	real := []string{w.omar, w.bea, w.cal}
	before := make(map[string]secrets)
	for _, id := range real {
		before[id] = w.secrets(t, id)
	}
	ctx := context.Background()
	for i := range 1000 {
		id := uuid.Must(uuid.NewRandomFromReader(rand.Reader)).String()
		if i%10 == 0 {
			id = real[i%len(real)]
		}
		op := operations[i%len(operations)]
		if err := op.run(w, w.tess, id); !errors.Is(err, accounts.ErrNotFound) || err.Error() != accounts.ErrNotFound.Error() {
			t.Fatalf("guess %d (%s): got %v, want exactly accounts.ErrNotFound", i, op.name, err)
		}
	}
	var refused int
	if err := w.h.Pool.QueryRow(ctx, `select count(*) from audit_events where actor_id = $1 and outcome = 'refused'
		and reason = 'out_of_scope'`, w.tess.ID).Scan(&refused); err != nil {
		t.Fatal(err)
	}
	if refused != 1000 {
		t.Errorf("got %d refusals audited, want 1000", refused)
	}
	for _, id := range real {
		if after := w.secrets(t, id); after != before[id] {
			t.Errorf("student %s changed: %+v, was %+v", id, after, before[id])
		}
	}
	var changes int
	if err := w.h.Pool.QueryRow(ctx, `select count(*) from audit_events where outcome = 'succeeded'`).Scan(&changes); err != nil {
		t.Fatal(err)
	}
	if changes != 0 {
		t.Errorf("got %d succeeded events, want 0", changes)
	}
}
