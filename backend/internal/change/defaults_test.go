package change_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// bulkWorld is a database of n students, all written through the real stores, audit log
// and outbox (River jobs, inserted only). Student i is kid<i>; kid0 has two guardians and
// kid2 one (Spanish-speaking); kid3 has a live sign-in throttle row.
type bulkWorld struct {
	pool    *pgxpool.Pool
	db      *postgres.DB
	writer  *change.Writer
	river   *river.Client[pgx.Tx]
	ids     []string
	queries atomic.Int64
}

// countQueries counts the statements the pool sends (COPY included).
type countQueries struct{ n *atomic.Int64 }

func (c countQueries) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (countQueries) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (c countQueries) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (countQueries) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}

func newBulkWorld(t *testing.T, n int) *bulkWorld {
	t.Helper()
	w := &bulkWorld{}
	w.pool = testdb.NewWithConfig(t, func(c *pgxpool.Config) { c.ConnConfig.Tracer = countQueries{&w.queries} })
	w.db = &postgres.DB{Pool: w.pool}
	inserter, err := river.NewClient(riverpgxv5.New(w.pool), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	w.river = inserter
	w.writer = &change.Writer{Store: &postgres.Students{DB: w.db}, Audit: &postgres.AuditLog{DB: w.db},
		Mail: &postgres.Outbox{DB: w.db, River: inserter}, TimeZone: "America/Chicago"}
	ctx := context.Background()
	var school string
	if err := w.pool.QueryRow(ctx, `with d as (insert into districts (psu_code, name) values ('904', 'Bulk District') returning id)
		insert into schools (district_id, campus_code, display_code, name, contact)
		select id, '90B001', 'B001', 'Bulk School', 'Front desk' from d returning id`).Scan(&school); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		var id string
		locale := []string{"en", "es"}[i%2]
		if err := w.pool.QueryRow(ctx, `insert into students (school_id, student_number, username, email, first_name,
				last_name, grade, date_of_birth, locale, password_hash)
			values ($1, $2, $3, $3 || '@students.test.example', 'Kid', $4, 5, '2016-01-02', $5, 'old-hash') returning id`,
			school, fmt.Sprintf("3%08d", i), fmt.Sprintf("kid%d", i), fmt.Sprintf("Number%d", i), locale).Scan(&id); err != nil {
			t.Fatal(err)
		}
		w.ids = append(w.ids, id)
	}
	guardians := []struct {
		student int
		email   string
		locale  string
		age     string
	}{{0, "ana@family.test.example", "en", "2 days"}, {0, "ben@family.test.example", "es", "1 day"}, {2, "cruz@family.test.example", "es", "3 days"}}
	for _, g := range guardians {
		if g.student >= n {
			continue
		}
		if _, err := w.pool.Exec(ctx, `with g as (insert into guardians (email, name, locale, password_hash, created_at)
				values ($1, 'Guardian ' || $1, $2, 'x', now() - $3::interval) returning id)
			insert into guardian_links (guardian_id, student_id) select id, $4 from g`, g.email, g.locale, g.age, w.ids[g.student]); err != nil {
			t.Fatal(err)
		}
	}
	if n > 3 {
		if _, err := w.pool.Exec(ctx, `insert into sign_in_attempts (attempt_key, failures, last_failure_at) values ($1, 4, now())`,
			accounts.SignInKey("student", w.ids[3])); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

var (
	at       = time.Date(2026, 12, 7, 14, 30, 0, 0, time.UTC)
	admin    = change.Actor{Kind: change.ActorStaff, ID: "admin-1"}
	fromDesk = audit.Origin{IP: "203.0.113.9", UserAgent: "regen-test"}
)

// sealedFor is the (fake) sealed default of student i.
func sealedFor(i int) accounts.StoredPassword {
	return accounts.StoredPassword{Sealed: fmt.Appendf(nil, "sealed-%d", i), KeyID: "k3"}
}

// locked reads and locks every student in the transaction in ctx, as a regeneration chunk does.
func (w *bulkWorld) locked(t *testing.T, ctx context.Context) []change.StudentDefault {
	t.Helper()
	students := &postgres.Students{DB: w.db}
	ds := make([]change.StudentDefault, len(w.ids))
	for i, id := range w.ids {
		st, err := students.LockStudent(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		ds[i] = change.StudentDefault{Student: st, Secret: sealedFor(i)}
	}
	return ds
}

// bulk runs Defaults for every student in one transaction.
func (w *bulkWorld) bulk(t *testing.T) error {
	t.Helper()
	return w.db.InTx(audit.WithOrigin(context.Background(), fromDesk), func(ctx context.Context) error {
		ds := w.locked(t, ctx)
		return w.writer.Defaults(ctx, ds, admin, policy.PathDistrict, true, at)
	})
}

// oneByOne runs Password for every student, in one transaction, as the reference.
func (w *bulkWorld) oneByOne(t *testing.T) error {
	t.Helper()
	return w.db.InTx(audit.WithOrigin(context.Background(), fromDesk), func(ctx context.Context) error {
		for _, d := range w.locked(t, ctx) {
			if _, err := w.writer.Password(ctx, d.Student, change.Password{By: admin, Path: policy.PathDistrict,
				Secret: d.Secret, MustChange: true}, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// snapshot is everything a change writes, with student ids replaced by usernames so two
// databases compare.
type snapshot struct {
	Students []string
	Throttle int
	Events   []string
	Jobs     []mail.ConfirmationArgs
	Queues   []string
}

func (w *bulkWorld) snapshot(t *testing.T) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	collect := func(sql string, into *[]string) {
		rows, err := w.pool.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		if *into, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			t.Fatal(err)
		}
	}
	collect(`select concat_ws('|', username, coalesce(password_hash, '-'), encode(default_password_sealed, 'escape'),
			default_password_key_id, must_change_password, password_changed_at, last_self_reset_at, token_version,
			(select count(*) from student_defaults d where d.student_id = s.id))
		from students s order by username`, &s.Students)
	collect(`select concat_ws('|', s.username, a.occurred_at, a.actor_kind, a.actor_id, a.subject_kind, a.action,
			a.path, a.outcome, a.reason, a.ip, a.user_agent)
		from audit_events a join students s on s.id::text = a.subject_id order by a.id`, &s.Events)
	collect(`select queue || '/' || max_attempts from river_job order by id`, &s.Queues)
	var raw []string
	collect(`select args::text from river_job where kind = 'confirmation_email' order by id`, &raw)
	for _, r := range raw {
		var a mail.ConfirmationArgs
		if err := json.Unmarshal([]byte(r), &a); err != nil {
			t.Fatal(err)
		}
		s.Jobs = append(s.Jobs, a)
	}
	if err := w.pool.QueryRow(ctx, `select count(*) from sign_in_attempts`).Scan(&s.Throttle); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDefaultsWritesWhatPasswordWritesForEach: Defaults of n students leaves exactly the
// rows, audit events and email jobs that n calls of Password leave, in a handful of
// statements whatever n; only the emails' queue differs.
func TestDefaultsWritesWhatPasswordWritesForEach(t *testing.T) {
	const n = 6
	bulk, each := newBulkWorld(t, n), newBulkWorld(t, n)
	before := bulk.snapshot(t)
	if before.Throttle != 1 || len(before.Events) != 0 || len(before.Jobs) != 0 {
		t.Fatalf("fixture: got %+v, want one throttle row and nothing else", before)
	}
	bulk.queries.Store(0)
	if err := bulk.bulk(t); err != nil {
		t.Fatal(err)
	}
	bulkQueries := bulk.queries.Load()
	if err := each.oneByOne(t); err != nil {
		t.Fatal(err)
	}
	got, want := bulk.snapshot(t), each.snapshot(t)
	if len(want.Jobs) != n+3 || len(want.Events) != n || want.Throttle != 0 {
		t.Fatalf("reference: %d jobs, %d events, %d throttle rows; want %d, %d, 0", len(want.Jobs), len(want.Events), want.Throttle, n+3, n)
	}
	if diff := cmp.Diff(want.Students, got.Students); diff != "" {
		t.Errorf("students (-Password +Defaults):\n%s", diff)
	}
	if diff := cmp.Diff(want.Events, got.Events); diff != "" {
		t.Errorf("audit events (-Password +Defaults):\n%s", diff)
	}
	if diff := cmp.Diff(want.Jobs, got.Jobs); diff != "" {
		t.Errorf("email jobs (-Password +Defaults):\n%s", diff)
	}
	if got.Throttle != 0 {
		t.Errorf("throttle rows: got %d, want 0", got.Throttle)
	}
	for i := range want.Queues {
		if want.Queues[i] != "mail/18" || got.Queues[i] != "mail_bulk/18" {
			t.Errorf("job %d: queue/attempts %s by Password, %s by Defaults; want mail/18 and mail_bulk/18", i, want.Queues[i], got.Queues[i])
		}
	}

	// The statements do not grow with the students: lock reads (one each, the caller's)
	// aside, the same count for 6 and for 40.
	big := newBulkWorld(t, 40)
	big.queries.Store(0)
	if err := big.bulk(t); err != nil {
		t.Fatal(err)
	}
	small, large := bulkQueries-n, big.queries.Load()-40
	if small != large || small > 10 {
		t.Errorf("statements besides the locks: %d for %d students, %d for 40; want the same handful", small, n, large)
	}
	t.Logf("Defaults: %d statements besides the lock reads, for %d or 40 students", small, n)
}

// TestDefaultsEmptyIsANoOp: no students, no statement, nothing written.
func TestDefaultsEmptyIsANoOp(t *testing.T) {
	w := newBulkWorld(t, 4)
	before := w.snapshot(t)
	w.queries.Store(0)
	if err := w.writer.Defaults(context.Background(), nil, admin, policy.PathDistrict, true, at); err != nil {
		t.Fatalf("Defaults(nil): %v", err)
	}
	if q := w.queries.Load(); q != 0 {
		t.Errorf("statements: got %d, want 0", q)
	}
	if diff := cmp.Diff(before, w.snapshot(t)); diff != "" {
		t.Errorf("changed (-before +after):\n%s", diff)
	}
}

// TestDefaultsRefusesBeforeAnyWrite: one bad entry refuses the whole chunk before anything
// is written, even if the caller commits regardless.
func TestDefaultsRefusesBeforeAnyWrite(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(ds []change.StudentDefault) []change.StudentDefault
		plain bool // the writer's mailer has no bulk form
		want  error
	}{
		{"a hash among the defaults", func(ds []change.StudentDefault) []change.StudentDefault {
			ds[2].Secret = accounts.StoredPassword{Hash: "h"}
			return ds
		}, false, change.ErrNoSecret},
		{"both a hash and a default", func(ds []change.StudentDefault) []change.StudentDefault {
			ds[3].Secret.Hash = "h"
			return ds
		}, false, change.ErrNoSecret},
		{"no secret", func(ds []change.StudentDefault) []change.StudentDefault {
			ds[1].Secret = accounts.StoredPassword{}
			return ds
		}, false, change.ErrNoSecret},
		{"a student twice", func(ds []change.StudentDefault) []change.StudentDefault {
			return append(ds, ds[0])
		}, false, nil},
		{"a student who does not exist", func(ds []change.StudentDefault) []change.StudentDefault {
			ds[1].Student.ID = "00000000-0000-4000-8000-000000000000"
			return ds
		}, false, accounts.ErrNotFound},
		{"a writer without bulk forms", func(ds []change.StudentDefault) []change.StudentDefault { return ds }, true, change.ErrNoBulk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newBulkWorld(t, 4)
			if tt.plain {
				w.writer.Mail = &recordingMailer{}
			}
			before := w.snapshot(t)
			var err error
			if txErr := w.db.InTx(context.Background(), func(ctx context.Context) error {
				err = w.writer.Defaults(ctx, tt.edit(w.locked(t, ctx)), admin, policy.PathDistrict, true, at)
				if errors.Is(err, accounts.ErrNotFound) {
					return err // the one refusal found by writing: the caller must roll back
				}
				return nil
			}); txErr != nil && !errors.Is(txErr, accounts.ErrNotFound) {
				t.Fatal(txErr)
			}
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if diff := cmp.Diff(before, w.snapshot(t)); diff != "" {
				t.Errorf("changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestChosenPasswordDropsTheDistrictDefault: the district default is readable until the
// student chooses a password; a new school-issued default leaves it.
func TestChosenPasswordDropsTheDistrictDefault(t *testing.T) {
	w := newBulkWorld(t, 2)
	ctx := context.Background()
	for _, id := range w.ids {
		if _, err := w.pool.Exec(ctx, `insert into student_defaults (student_id, sealed, key_id, issued_at)
			values ($1, 'x', 'k3', now())`, id); err != nil {
			t.Fatal(err)
		}
	}
	secrets := []accounts.StoredPassword{{Hash: "chosen-hash"}, sealedFor(1)}
	for i, id := range w.ids {
		if err := w.db.InTx(ctx, func(ctx context.Context) error {
			st, err := (&postgres.Students{DB: w.db}).LockStudent(ctx, id)
			if err != nil {
				return err
			}
			_, err = w.writer.Password(ctx, st, change.Password{By: admin, Path: policy.PathStaff, Secret: secrets[i]}, at)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []int{0, 1} {
		var got int
		if err := w.pool.QueryRow(ctx, `select count(*) from student_defaults where student_id = $1`, w.ids[i]).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("kid%d: %d district defaults left, want %d", i, got, want)
		}
	}
}
