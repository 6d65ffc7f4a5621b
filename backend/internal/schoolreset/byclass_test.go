package schoolreset_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// failingMailer queues emails until it has queued ok of them, then fails.
type failingMailer struct {
	inner change.Mailer
	ok    int
}

var errMailDown = errors.New("mail queue down")

func (f *failingMailer) Enqueue(ctx context.Context, a mail.ConfirmationArgs) error {
	if f.ok == 0 {
		return errMailDown
	}
	f.ok--
	return f.inner.Enqueue(ctx, a)
}

// classA enrols Omar in Tess's class next to Inés and returns the class id.
func (w *world) classA(t *testing.T) string {
	t.Helper()
	var id string
	w.scan(t, `select id from classes where class_number = 'A-101'`, nil, &id)
	w.exec(t, `insert into class_enrollments (class_id, student_id) values ($1, $2)`, id, w.omar)
	return id
}

// TestResetClassAllOrNothing: a failure on the second student (its email cannot be queued)
// undoes the first student's change too: no student changed and no password_changed event
// stays.
func TestResetClassAllOrNothing(t *testing.T) {
	w := newWorld(t)
	class := w.classA(t)
	before := []secrets{w.secrets(t, w.ines), w.secrets(t, w.omar)}
	db := &postgres.DB{Pool: w.h.Pool}
	svc := *w.svc
	svc.Changes = &change.Writer{Store: &postgres.Students{DB: db}, Audit: &postgres.AuditLog{DB: db},
		Mail: &failingMailer{inner: &postgres.Outbox{DB: db, River: w.h.Portal.River}, ok: 1}}
	_, err := svc.ResetClass(w.ctx, w.tess, class, schoolreset.ClassReset{All: true, Generate: true, SecondFactorAt: time.Now()})
	if !errors.Is(err, errMailDown) {
		t.Fatalf("got %v, want the mail queue's failure", err)
	}
	if after := []secrets{w.secrets(t, w.ines), w.secrets(t, w.omar)}; after[0] != before[0] || after[1] != before[1] {
		t.Errorf("a failed bulk reset changed a student: before %+v, after %+v", before, after)
	}
	if n := w.events(t, w.tess, "password_changed", "succeeded", ""); n != 0 {
		t.Errorf("password_changed events kept: %d", n)
	}
}

// TestResetClassScope: each role's reach over a class and its students, at the service: a
// teacher resets her class only, an admin of another district finds nothing, and a stale
// second factor is refused before the class is even read.
func TestResetClassScope(t *testing.T) {
	w := newWorld(t)
	class := w.classA(t)
	fresh := time.Now()
	cases := []struct {
		name string
		m    accounts.Staff
		r    schoolreset.ClassReset
		want error
	}{
		{"teacher, whole class", w.tess, schoolreset.ClassReset{All: true, Generate: true, SecondFactorAt: fresh}, nil},
		{"teacher, a student of her school outside the class", w.tess,
			schoolreset.ClassReset{IDs: []string{w.ines, w.bea}, Generate: true, SecondFactorAt: fresh}, accounts.ErrNotFound},
		{"school admin", w.sam, schoolreset.ClassReset{IDs: []string{w.omar}, Generate: true, SecondFactorAt: fresh}, nil},
		{"district admin", w.dana, schoolreset.ClassReset{All: true, Generate: true, SecondFactorAt: fresh}, nil},
		{"another district's admin", w.hal, schoolreset.ClassReset{All: true, Generate: true, SecondFactorAt: fresh}, accounts.ErrNotFound},
		{"stale second factor", w.hal, schoolreset.ClassReset{All: true, Generate: true,
			SecondFactorAt: fresh.Add(-policy.FreshSecondFactor)}, staff.ErrSecondFactorStale},
		{"school admin, whole class holding a student of another school", w.sam,
			schoolreset.ClassReset{All: true, Generate: true, SecondFactorAt: fresh}, accounts.ErrNotFound},
		{"no second factor", w.tess, schoolreset.ClassReset{All: true, Generate: true}, staff.ErrSecondFactorStale},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "school admin, whole class holding a student of another school" {
				// Bea (school B) enrolled in a class of school A: the class is in Sam's school, but Bea
				// is not his to reset, so "all" is refused whole.
				w.exec(t, `insert into class_enrollments (class_id, student_id) values ($1, $2)`, class, w.bea)
			}
			res, err := w.svc.ResetClass(w.ctx, tc.m, class, tc.r)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if err == nil && (len(res.Students) == 0 || res.Students[0].Password == "") {
				t.Errorf("result: got %+v", res)
			}
		})
	}
}
