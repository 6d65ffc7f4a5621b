package change_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/writeback"
)

// withDirectory makes w's writer queue directory writes through the real store.
func (w *bulkWorld) withDirectory(t *testing.T) *accounts.Sealer {
	t.Helper()
	sealer, err := accounts.NewSealer(map[string][]byte{"k3": bytes.Repeat([]byte{3}, 32)}, "k3")
	if err != nil {
		t.Fatal(err)
	}
	w.writer.Directory = &writeback.Queue{Store: &postgres.DirectoryWrites{DB: w.db, River: w.river}, Sealer: sealer}
	return sealer
}

// writes lists each student's directory write as "kidN state generation sealed-bytes" and
// each directory job as "queue student attempts", in student order.
func (w *bulkWorld) writes(t *testing.T) (rows, jobs []string) {
	t.Helper()
	ctx := context.Background()
	q, err := w.pool.Query(ctx, `select s.username || ' ' || d.state || ' ' || d.generation || ' ' ||
			coalesce(convert_from(d.password_sealed, 'UTF8'), '-') || ' ' || coalesce(d.password_key_id, '-')
		from directory_writes d join students s on s.id = d.student_id order by s.username`)
	if err != nil {
		t.Fatal(err)
	}
	if rows, err = pgx.CollectRows(q, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	q, err = w.pool.Query(ctx, `select j.queue || ' ' || s.username || ' ' || j.max_attempts || ' ' || (j.args - 'student_id')::text
		from river_job j join students s on s.id = (j.args->>'student_id')::uuid
		where j.kind = 'directory_write' order by s.username, j.id`)
	if err != nil {
		t.Fatal(err)
	}
	if jobs, err = pgx.CollectRows(q, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	return rows, jobs
}

// TestDefaultsQueueDirectoryWritesSetWise: a bulk change queues one directory write and one
// job per student, reusing each sealed default as it is, in the same few statements
// whatever the number of students, and exactly what Password queues one by one.
func TestDefaultsQueueDirectoryWritesSetWise(t *testing.T) {
	const n = 6
	bulk, each := newBulkWorld(t, n), newBulkWorld(t, n)
	bulk.withDirectory(t)
	each.withDirectory(t)
	bulk.queries.Store(0)
	if err := bulk.bulk(t); err != nil {
		t.Fatal(err)
	}
	bulkQueries := bulk.queries.Load()
	if err := each.oneByOne(t); err != nil {
		t.Fatal(err)
	}
	rows, jobs := bulk.writes(t)
	if len(rows) != n || len(jobs) != n {
		t.Fatalf("got %d writes and %d jobs, want %d each:\n%v\n%v", len(rows), len(jobs), n, rows, jobs)
	}
	for i := range n {
		if want := fmt.Sprintf("kid%d pending 1 sealed-%d k3", i, i); rows[i] != want {
			t.Errorf("write %d: got %q, want %q", i, rows[i], want)
		}
		if want := fmt.Sprintf("directory kid%d %d {}", i, writeback.DefaultMaxAttempts); jobs[i] != want {
			t.Errorf("job %d: got %q, want %q (the student's id only)", i, jobs[i], want)
		}
	}
	eachRows, eachJobs := each.writes(t)
	if fmt.Sprint(rows) != fmt.Sprint(eachRows) || fmt.Sprint(jobs) != fmt.Sprint(eachJobs) {
		t.Errorf("Defaults and Password one by one differ:\n%v\n%v\n%v\n%v", rows, eachRows, jobs, eachJobs)
	}
	big := newBulkWorld(t, 40)
	big.withDirectory(t)
	big.queries.Store(0)
	if err := big.bulk(t); err != nil {
		t.Fatal(err)
	}
	if small, large := bulkQueries-n, big.queries.Load()-40; small != large {
		t.Errorf("statements besides the locks: %d for %d students, %d for 40; want the same", small, n, large)
	}
}

// TestPasswordQueuesTheNewestPlaintextSealed: a typed password is sealed for the student; a
// newer change replaces the older one not yet written (its seal gone); a hash without its
// plaintext is recorded as failed, with no job.
func TestPasswordQueuesTheNewestPlaintextSealed(t *testing.T) {
	w := newBulkWorld(t, 1)
	sealer := w.withDirectory(t)
	students := &postgres.Students{DB: w.db}
	change1 := func(p change.Password) {
		t.Helper()
		if err := w.db.InTx(context.Background(), func(ctx context.Context) error {
			st, err := students.LockStudent(ctx, w.ids[0])
			if err != nil {
				return err
			}
			_, err = w.writer.Password(ctx, st, p, at)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	read := func() (state string, generation int, plain string) {
		t.Helper()
		var sealed []byte
		var key *string
		if err := w.pool.QueryRow(context.Background(), `select state, generation, password_sealed, password_key_id
			from directory_writes where student_id = $1`, w.ids[0]).Scan(&state, &generation, &sealed, &key); err != nil {
			t.Fatal(err)
		}
		if sealed != nil {
			var err error
			if plain, err = sealer.Open(sealed, *key, []byte(w.ids[0])); err != nil {
				t.Fatalf("the seal does not open for the student: %v", err)
			}
		}
		return state, generation, plain
	}
	by := change.Actor{Kind: change.ActorStudent, ID: w.ids[0]}
	change1(change.Password{By: by, Path: policy.PathSignedIn, Secret: accounts.StoredPassword{Hash: "h1"}, Plain: "First-Choice-11"})
	if s, g, p := read(); s != "pending" || g != 1 || p != "First-Choice-11" {
		t.Errorf("first change: got %s %d %q", s, g, p)
	}
	change1(change.Password{By: by, Path: policy.PathSignedIn, Secret: accounts.StoredPassword{Hash: "h2"}, Plain: "Second-Choice-22"})
	if s, g, p := read(); s != "pending" || g != 2 || p != "Second-Choice-22" {
		t.Errorf("second change: got %s %d %q, want the newest only", s, g, p)
	}
	change1(change.Password{By: by, Path: policy.PathSignedIn, Secret: accounts.StoredPassword{Hash: "h3"}})
	if s, g, p := read(); s != "failed" || g != 3 || p != "" {
		t.Errorf("no plaintext: got %s %d %q, want failed with nothing sealed", s, g, p)
	}
	if _, jobs := w.writes(t); len(jobs) != 2 {
		t.Errorf("jobs: got %v, want the two writable changes'", jobs)
	}
}

// TestDirectoryWriteRollsBackWithTheChange: when a later part of the change fails (here its
// confirmation email cannot be queued), the directory write and its job go with it.
func TestDirectoryWriteRollsBackWithTheChange(t *testing.T) {
	w := newBulkWorld(t, 1)
	w.withDirectory(t)
	w.writer.Mail = &recordingMailer{failWith: errors.New("outbox down")}
	err := w.db.InTx(context.Background(), func(ctx context.Context) error {
		st, err := (&postgres.Students{DB: w.db}).LockStudent(ctx, w.ids[0])
		if err != nil {
			return err
		}
		_, err = w.writer.Password(ctx, st, change.Password{By: admin, Path: policy.PathStaff,
			Secret: accounts.StoredPassword{Hash: "h"}, Plain: "Never-Committed-55"}, at)
		return err
	})
	if err == nil {
		t.Fatal("the change succeeded without its email")
	}
	if rows, jobs := w.writes(t); len(rows)+len(jobs) != 0 {
		t.Errorf("got writes %v and jobs %v, want none", rows, jobs)
	}
}
