package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/writeback"
)

// DirectoryWrites keeps the directory write-back rows (directory_writes) and inserts their
// River jobs; it implements writeback.Store.
type DirectoryWrites struct {
	DB    *DB
	River *river.Client[pgx.Tx]
	// MaxAttempts is each job's attempts (zero: writeback.DefaultMaxAttempts).
	MaxAttempts int
}

var _ writeback.Store = (*DirectoryWrites)(nil)

// Queue implements writeback.Store: one upsert and one job insert (COPY) for any number of
// students, inside the change's transaction carried by ctx.
func (d *DirectoryWrites) Queue(ctx context.Context, ws []writeback.Pending) error {
	if len(ws) == 0 {
		return nil
	}
	tx, err := d.DB.tx(ctx)
	if err != nil {
		return err
	}
	ids, keys, reasons := make([]string, len(ws)), make([]string, len(ws)), make([]string, len(ws))
	sealed, at := make([][]byte, len(ws)), make([]time.Time, len(ws))
	jobs := make([]river.InsertManyParams, 0, len(ws))
	opts := &river.InsertOpts{Queue: writeback.QueueName, MaxAttempts: d.maxAttempts()}
	for i, w := range ws {
		ids[i], sealed[i], keys[i], at[i], reasons[i] = w.StudentID, w.Sealed, w.KeyID, w.ChangedAt, w.FailReason
		if w.FailReason == "" {
			jobs = append(jobs, river.InsertManyParams{Args: writeback.Args{StudentID: w.StudentID}, InsertOpts: opts})
		}
	}
	// A newer change replaces the older unwritten one whole: its seal, its time, its count.
	_, err = tx.Exec(ctx, `
		insert into directory_writes (student_id, state, password_sealed, password_key_id, changed_at, last_error, updated_at)
		select id, case when reason = '' then 'pending' else 'failed' end,
		       case when reason = '' then sealed end, case when reason = '' then key end, at, reason, now()
		from unnest($1::uuid[], $2::bytea[], $3::text[], $4::timestamptz[], $5::text[]) as w(id, sealed, key, at, reason)
		on conflict (student_id) do update set
			state = excluded.state, generation = directory_writes.generation + 1,
			password_sealed = excluded.password_sealed, password_key_id = excluded.password_key_id,
			changed_at = excluded.changed_at, attempts = 0, last_error = excluded.last_error,
			updated_at = excluded.updated_at`,
		ids, sealed, keys, at, reasons)
	if err != nil {
		return fmt.Errorf("queue %d directory writes: %w", len(ws), err)
	}
	switch len(jobs) {
	case 0:
		return nil
	case 1:
		_, err = d.River.InsertTx(ctx, tx, jobs[0].Args, jobs[0].InsertOpts)
	default:
		_, err = d.River.InsertManyFastTx(ctx, tx, jobs)
	}
	if err != nil {
		return fmt.Errorf("insert %d directory jobs: %w", len(jobs), err)
	}
	return nil
}

func (d *DirectoryWrites) maxAttempts() int {
	if d.MaxAttempts > 0 {
		return d.MaxAttempts
	}
	return writeback.DefaultMaxAttempts
}

// Locked implements writeback.Store with a transaction-scoped advisory lock on the student:
// only write-back jobs take it, so changes (which upsert the row) never wait for the
// directory, and the lock ends with the transaction whatever happens to the job. It is
// tried, not waited for: a job waiting would hold a worker and a connection for as long as
// the other job's write takes.
func (d *DirectoryWrites) Locked(ctx context.Context, studentID string, fn func(ctx context.Context) error) (bool, error) {
	var locked bool
	err := d.DB.InTx(ctx, func(ctx context.Context) error {
		if err := d.DB.q(ctx).QueryRow(ctx, `select pg_try_advisory_xact_lock(hashtextextended('directory_write:' || $1::text, 0))`,
			studentID).Scan(&locked); err != nil {
			return fmt.Errorf("lock directory write: %w", err)
		}
		if !locked {
			return nil
		}
		return fn(ctx)
	})
	return locked, err
}

// Current implements writeback.Store.
func (d *DirectoryWrites) Current(ctx context.Context, studentID string) (writeback.Current, bool, error) {
	c := writeback.Current{StudentID: studentID}
	err := d.DB.q(ctx).QueryRow(ctx, `
		select s.username, w.generation, w.password_sealed, w.password_key_id, w.attempts
		from directory_writes w join students s on s.id = w.student_id
		where w.student_id = $1 and w.state = 'pending'`, studentID).
		Scan(&c.Username, &c.Generation, &c.Sealed, &c.KeyID, &c.Attempts)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("read directory write: %w", err)
	}
	return c, true, nil
}

// Written implements writeback.Store.
func (d *DirectoryWrites) Written(ctx context.Context, studentID string, generation int64, at time.Time) (bool, error) {
	return d.finish(ctx, studentID, generation, "written", "", at)
}

// Failed implements writeback.Store.
func (d *DirectoryWrites) Failed(ctx context.Context, studentID string, generation int64, reason string, at time.Time) (bool, error) {
	return d.finish(ctx, studentID, generation, "failed", reason, at)
}

// finish ends a pending write, wiping its seal, if the row still holds generation.
func (d *DirectoryWrites) finish(ctx context.Context, studentID string, generation int64, state, reason string, at time.Time) (bool, error) {
	tag, err := d.DB.q(ctx).Exec(ctx, `
		update directory_writes set state = $3, password_sealed = null, password_key_id = null,
			attempts = attempts + 1, last_error = $4, updated_at = $5
		where student_id = $1 and generation = $2 and state = 'pending'`, studentID, generation, state, reason, at)
	if err != nil {
		return false, fmt.Errorf("mark directory write %s: %w", state, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Retrying implements writeback.Store.
func (d *DirectoryWrites) Retrying(ctx context.Context, studentID string, generation int64, reason string, at time.Time) error {
	_, err := d.DB.q(ctx).Exec(ctx, `
		update directory_writes set attempts = attempts + 1, last_error = $3, updated_at = $4
		where student_id = $1 and generation = $2 and state = 'pending'`, studentID, generation, reason, at)
	if err != nil {
		return fmt.Errorf("record directory attempt: %w", err)
	}
	return nil
}

// Summary implements writeback.Store.
func (d *DirectoryWrites) Summary(ctx context.Context, limit int) (writeback.Summary, error) {
	var s writeback.Summary
	var oldest *time.Time
	q := d.DB.q(ctx)
	if err := q.QueryRow(ctx, `select count(*), min(changed_at) from directory_writes where state = 'pending'`).
		Scan(&s.Pending, &oldest); err != nil {
		return s, fmt.Errorf("count pending directory writes: %w", err)
	}
	if oldest != nil {
		s.OldestPendingAt = *oldest
	}
	rows, err := q.Query(ctx, `
		select w.student_id::text, s.username, s.first_name || ' ' || s.last_name, sc.name, w.last_error,
		       w.changed_at, w.updated_at
		from directory_writes w join students s on s.id = w.student_id join schools sc on sc.id = s.school_id
		where w.state = 'failed'
		order by w.updated_at desc, w.student_id
		limit $1`, limit)
	if err != nil {
		return s, fmt.Errorf("list directory failures: %w", err)
	}
	s.Failures, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (writeback.Failure, error) {
		var f writeback.Failure
		err := r.Scan(&f.StudentID, &f.Username, &f.StudentName, &f.SchoolName, &f.Reason, &f.ChangedAt, &f.FailedAt)
		return f, err
	})
	if err != nil {
		return s, fmt.Errorf("list directory failures: %w", err)
	}
	return s, nil
}

// StudentState implements writeback.Store.
func (d *DirectoryWrites) StudentState(ctx context.Context, studentID string) (writeback.StudentState, error) {
	var state, reason string
	var changed, updated time.Time
	err := d.DB.q(ctx).QueryRow(ctx, `
		select state, last_error, changed_at, updated_at from directory_writes where student_id = $1`, studentID).
		Scan(&state, &reason, &changed, &updated)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return writeback.StudentState{State: writeback.StateCurrent}, nil
	case err != nil:
		return writeback.StudentState{}, fmt.Errorf("read directory state: %w", err)
	case state == "pending":
		// The reason of a pending write is its last attempt's, while it is retried.
		return writeback.StudentState{State: writeback.StatePending, Since: changed, Reason: reason}, nil
	case state == "failed":
		return writeback.StudentState{State: writeback.StateFailed, Since: updated, Reason: reason}, nil
	default:
		return writeback.StudentState{State: writeback.StateCurrent, Since: updated}, nil
	}
}
