package change_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// recordingMailer keeps the confirmation emails enqueued; failWith makes Enqueue fail.
type recordingMailer struct {
	sent     []mail.ConfirmationArgs
	failWith error
}

func (m *recordingMailer) Enqueue(_ context.Context, a mail.ConfirmationArgs) error {
	if m.failWith != nil {
		return m.failWith
	}
	m.sent = append(m.sent, a)
	return nil
}

type env struct {
	pool     *pgxpool.Pool
	db       *postgres.DB
	students *postgres.Students
	mailer   *recordingMailer
	writer   *change.Writer
	student  string
}

// newEnv makes a grade-4 student with two linked guardians (one Spanish-speaking).
func newEnv(t *testing.T) *env {
	t.Helper()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	e := &env{pool: pool, db: db, students: &postgres.Students{DB: db}, mailer: &recordingMailer{}}
	e.writer = &change.Writer{Store: e.students, Audit: &postgres.AuditLog{DB: db}, Mail: e.mailer, TimeZone: "America/New_York"}
	err := pool.QueryRow(context.Background(), `
		with d as (insert into districts (psu_code, name) values ('903', 'Change District') returning id),
		     s as (insert into schools (district_id, campus_code, display_code, name, contact)
		           select id, '90C001', 'C001', 'Change School', 'Main office' from d returning id),
		     st as (insert into students (school_id, student_number, username, email, first_name, last_name, grade,
		            date_of_birth, password_hash)
		            select s.id, '223456789', 'mayaz2234', 'maya@students.test.example', 'Maya', 'Zorn', 4,
		            '2017-05-02', 'old-hash' from s returning id),
		     g as (insert into guardians (email, name, locale, password_hash, created_at) values
		            ('ana@family.test.example', 'Ana Zorn', 'es', 'x', now() - interval '1 day'),
		            ('ben@family.test.example', 'Ben Zorn', 'en', 'x', now()) returning id),
		     l as (insert into guardian_links (guardian_id, student_id) select g.id, st.id from g, st)
		select id from st`).Scan(&e.student)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// apply runs one Password change the way every path does: in a transaction, on the locked row.
func (e *env) apply(t *testing.T, p change.Password) (int, error) {
	t.Helper()
	var version int
	err := e.db.InTx(context.Background(), func(ctx context.Context) error {
		st, err := e.students.LockStudent(ctx, e.student)
		if err != nil {
			return err
		}
		version, err = e.writer.Password(ctx, st, p, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		return err
	})
	return version, err
}

type row struct {
	hash, keyID  string
	sealed       bool
	mustChange   bool
	version      int
	events       int
	lastActor    string
	lastPath     string
	selfResetSet bool
}

func (e *env) row(t *testing.T) row {
	t.Helper()
	var r row
	err := e.pool.QueryRow(context.Background(), `select coalesce(password_hash, ''), coalesce(default_password_key_id, ''),
			default_password_sealed is not null, must_change_password, token_version, last_self_reset_at is not null,
			(select count(*) from audit_events where subject_id = s.id::text),
			coalesce((select actor_kind || ':' || actor_id from audit_events where subject_id = s.id::text order by id desc limit 1), ''),
			coalesce((select path from audit_events where subject_id = s.id::text order by id desc limit 1), '')
		from students s where id = $1`, e.student).
		Scan(&r.hash, &r.keyID, &r.sealed, &r.mustChange, &r.version, &r.selfResetSet, &r.events, &r.lastActor, &r.lastPath)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func recipients(sent []mail.ConfirmationArgs) []string {
	var out []string
	for _, a := range sent {
		who := a.To + "/" + a.Locale
		if a.ToGuardian {
			who += "/guardian"
		}
		out = append(out, who)
	}
	return out
}

func TestPasswordStaffDefaultIsSealedAndToldToTheFamily(t *testing.T) {
	e := newEnv(t)
	version, err := e.apply(t, change.Password{
		By: change.Actor{Kind: change.ActorStaff, ID: "staff-7"}, Path: policy.PathStaff,
		Secret:     accounts.StoredPassword{Sealed: []byte("sealed-bytes"), KeyID: "k2"},
		MustChange: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := e.row(t)
	want := row{hash: "", keyID: "k2", sealed: true, mustChange: true, version: 2, events: 1,
		lastActor: "staff:staff-7", lastPath: "staff"}
	if got != want {
		t.Errorf("row = %+v, want %+v", got, want)
	}
	if version != 2 {
		t.Errorf("returned version %d, want 2", version)
	}
	wantTo := []string{"maya@students.test.example/en", "ana@family.test.example/es/guardian", "ben@family.test.example/en/guardian"}
	if gotTo := recipients(e.mailer.sent); !slices.Equal(gotTo, wantTo) {
		t.Errorf("emails to %v, want %v", gotTo, wantTo)
	}
	for _, a := range e.mailer.sent {
		if a.Path != mail.PathStaff || a.Change != mail.PasswordChanged || a.SchoolName != "Change School" || a.TimeZone != "America/New_York" {
			t.Errorf("email %+v: want a staff password change at Change School in America/New_York", a)
		}
	}
}

func TestPasswordSelfResetTellsOnlyTheStudent(t *testing.T) {
	e := newEnv(t)
	if _, err := e.apply(t, change.Password{
		By: change.Actor{Kind: change.ActorStudent, ID: e.student}, Path: policy.PathSelfReset,
		Secret: accounts.StoredPassword{Hash: "new-hash"}, SelfReset: true,
	}); err != nil {
		t.Fatal(err)
	}
	got := e.row(t)
	want := row{hash: "new-hash", version: 2, events: 1, selfResetSet: true,
		lastActor: "student:" + e.student, lastPath: "self_reset"}
	if got != want {
		t.Errorf("row = %+v, want %+v", got, want)
	}
	if gotTo := recipients(e.mailer.sent); !slices.Equal(gotTo, []string{"maya@students.test.example/en"}) {
		t.Errorf("emails to %v, want only the student", gotTo)
	}
}

func TestPasswordChangesNothingWhenAnyPartFails(t *testing.T) {
	bad := errors.New("smtp outbox down")
	tests := []struct {
		name    string
		secret  accounts.StoredPassword
		mailErr error
		want    error
	}{
		{"no secret", accounts.StoredPassword{}, nil, change.ErrNoSecret},
		{"both a hash and a default", accounts.StoredPassword{Hash: "h", Sealed: []byte("s"), KeyID: "k"}, nil, change.ErrNoSecret},
		{"the email job cannot be queued", accounts.StoredPassword{Hash: "h"}, bad, bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.mailer.failWith = tt.mailErr
			before := e.row(t)
			_, err := e.apply(t, change.Password{By: change.Actor{Kind: change.ActorGuardian, ID: "g"},
				Path: policy.PathGuardian, Secret: tt.secret})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if after := e.row(t); after != before {
				t.Errorf("row changed to %+v, want it as it was: %+v", after, before)
			}
		})
	}
}
