package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/regen"
)

var _ regen.Store = (*Regen)(nil)

// requestColumns read a request (r) with its requester (rq) and who cancelled it (cb).
const requestColumns = ` r.id, r.district_id, r.requested_by, rq.first_name || ' ' || rq.last_name, rq.first_name,
	rq.email, r.psu_code, r.campus_codes, r.grades::int[], r.also_reset, r.force_change, r.comments, r.dry_run, r.state,
	r.total, ` + runningDone + `, r.created_at, r.confirmed_at, r.started_at, r.finished_at,
	coalesce(cb.first_name || ' ' || cb.last_name, ''), coalesce(r.error, '')
	from regen_requests r join staff rq on rq.id = r.requested_by left join staff cb on cb.id = r.cancelled_by `

// runningDone is a request's done count: while it runs, its total less the students left in
// its selection (chunks delete their rows as they change them); once it has ended, as
// stored then.
const runningDone = `case when r.state in ('queued', 'running')
	then r.total - (select count(*) from regen_request_students x where x.request_id = r.id)::int else r.done end`

// leftDone is the done count an ending request stores (see runningDone).
const leftDone = `total - (select count(*) from regen_request_students x where x.request_id = regen_requests.id)::int`

func scanRequest(row pgx.Row) (regen.Status, error) {
	var s regen.Status
	var doc []byte
	var confirmed, started, finished *time.Time
	err := row.Scan(&s.ID, &s.DistrictID, &s.RequestedBy, &s.RequesterName, &s.RequesterFirstName, &s.RequesterEmail,
		&s.PSUCode, &s.CampusCodes, &s.Grades, &s.AlsoReset, &s.ForceChange, &s.Comments, &doc, &s.State,
		&s.Total, &s.Done, &s.CreatedAt, &confirmed, &started, &finished, &s.CancelledBy, &s.Error)
	if errors.Is(err, pgx.ErrNoRows) {
		return regen.Status{}, accounts.ErrNotFound
	}
	if err != nil {
		return regen.Status{}, fmt.Errorf("read regeneration: %w", err)
	}
	if err := json.Unmarshal(doc, &s.DryRun); err != nil {
		return regen.Status{}, fmt.Errorf("read regeneration dry run: %w", err)
	}
	if s.DryRun.Schools == nil {
		s.DryRun.Schools = []regen.SchoolCount{}
	}
	s.ConfirmedAt, s.StartedAt, s.FinishedAt = deref(confirmed), deref(started), deref(finished)
	return s, nil
}

// Request reads a request; lock holds its row lock (the chunks, a confirm and a cancel all
// take it first, so they follow one another).
func (g *Regen) Request(ctx context.Context, id string, lock bool) (regen.Status, error) {
	if !isUUID(id) {
		return regen.Status{}, accounts.ErrNotFound
	}
	suffix := ""
	if lock {
		if _, err := g.DB.tx(ctx); err != nil {
			return regen.Status{}, err
		}
		suffix = " for update of r"
	}
	return scanRequest(g.DB.q(ctx).QueryRow(ctx, `select`+requestColumns+`where r.id = $1`+suffix, id))
}

// ShareRequest reads a request holding a "key share" lock: chunks share it (and their own
// update of the request's done count does not conflict with it), while the "for update" of
// a confirm, a cancel or the request's end waits for every chunk holding it.
func (g *Regen) ShareRequest(ctx context.Context, id string) (regen.Status, error) {
	if !isUUID(id) {
		return regen.Status{}, accounts.ErrNotFound
	}
	tx, err := g.DB.tx(ctx)
	if err != nil {
		return regen.Status{}, err
	}
	return scanRequest(tx.QueryRow(ctx, `select`+requestColumns+`where r.id = $1 for key share of r`, id))
}

// Undone counts the selection's students not done yet.
func (g *Regen) Undone(ctx context.Context, id string) (int, error) {
	var n int
	if err := g.DB.q(ctx).QueryRow(ctx, `select count(*) from regen_request_students where request_id = $1`,
		id).Scan(&n); err != nil {
		return 0, fmt.Errorf("count undone regeneration students: %w", err)
	}
	return n, nil
}

// Confirm queues a draft. The partial unique index regen_requests_one_running keeps one
// request of a district queued or running: a confirm that meets another waits for its
// transaction and, if it stays, fails with the index's violation, translated here.
func (g *Regen) Confirm(ctx context.Context, id string, at time.Time) error {
	_, err := g.DB.q(ctx).Exec(ctx, `update regen_requests set state = 'queued', confirmed_at = $2 where id = $1`, id, at)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "regen_requests_one_running" {
		return regen.ErrRunning
	}
	if err != nil {
		return fmt.Errorf("confirm regeneration: %w", err)
	}
	return nil
}

// QueueRun inserts a job of a request in the transaction carried by ctx, so it commits with
// the confirm or the chunk before it, or not at all.
func (g *Regen) QueueRun(ctx context.Context, args regen.RunArgs) error {
	tx, err := g.DB.tx(ctx)
	if err != nil {
		return err
	}
	if _, err := g.River.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: regen.RunAttempts}); err != nil {
		return fmt.Errorf("queue regeneration job: %w", err)
	}
	return nil
}

// Cancel ends a request as cancelled.
func (g *Regen) Cancel(ctx context.Context, id, staffID string, at time.Time) error {
	if _, err := g.DB.q(ctx).Exec(ctx, `update regen_requests set state = 'cancelled', finished_at = $2, cancelled_by = $3,
		done = `+leftDone+` where id = $1`, id, at, staffID); err != nil {
		return fmt.Errorf("cancel regeneration: %w", err)
	}
	return nil
}

// History lists the district's confirmed requests, newest first.
func (g *Regen) History(ctx context.Context, districtID string, limit int) ([]regen.Status, error) {
	rows, err := g.DB.q(ctx).Query(ctx, `select`+requestColumns+`where r.district_id = $1 and r.confirmed_at is not null
		order by r.confirmed_at desc, r.id limit $2`, districtID, limit)
	if err != nil {
		return nil, fmt.Errorf("list regenerations: %w", err)
	}
	defer rows.Close()
	out := []regen.Status{}
	for rows.Next() {
		s, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// TakeStudents deletes up to limit students from the request's selection, in id order,
// skipping rows another chunk holds, and reads them with their rows locked, with only what a
// chunk needs (no audit-trail subquery, no secrets). The selection rows are locked as taken,
// so a lane never takes a row another lane took, even one whose change committed while this
// statement ran (a lock on the students alone would then be granted, and the change
// repeated). "No key update" is the lock the chunk's own updates take: it keeps other
// changes of these students waiting, but not a dry run storing a selection (its foreign keys
// take "key share" locks).
func (g *Regen) TakeStudents(ctx context.Context, id string, limit int) ([]accounts.Student, error) {
	tx, err := g.DB.tx(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `with taken as (
			delete from regen_request_students where request_id = $1 and student_id in (
				select student_id from regen_request_students where request_id = $1
				order by student_id limit $2 for update skip locked)
			returning student_id)
		select s.id, s.school_id, sc.name, sc.contact, s.student_number, s.username, s.email,
			s.first_name, s.last_name, s.grade, s.locale
		from taken t join students s on s.id = t.student_id join schools sc on sc.id = s.school_id
		order by s.id for no key update of s`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("take regeneration students: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (accounts.Student, error) {
		var s accounts.Student
		err := r.Scan(&s.ID, &s.SchoolID, &s.SchoolName, &s.SchoolContact, &s.StudentNumber, &s.Username, &s.Email,
			&s.FirstName, &s.LastName, &s.Grade, &s.Locale)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("take regeneration students: %w", err)
	}
	return out, nil
}

// SaveDefaults upserts the students' district defaults in one statement.
func (g *Regen) SaveDefaults(ctx context.Context, id string, ds []regen.SealedDefault, at time.Time) error {
	if len(ds) == 0 {
		return nil
	}
	ids, sealed, keys := make([]string, len(ds)), make([][]byte, len(ds)), make([]string, len(ds))
	for i, d := range ds {
		ids[i], sealed[i], keys[i] = d.StudentID, d.Secret.Sealed, d.Secret.KeyID
	}
	if _, err := g.DB.q(ctx).Exec(ctx, `insert into student_defaults (student_id, sealed, key_id, request_id, issued_at)
		select u.id, u.sealed, u.key_id, $1, $2 from unnest($3::uuid[], $4::bytea[], $5::text[]) as u(id, sealed, key_id)
		on conflict (student_id) do update set sealed = excluded.sealed, key_id = excluded.key_id,
			request_id = excluded.request_id, issued_at = excluded.issued_at`, id, at, ids, sealed, keys); err != nil {
		return fmt.Errorf("store district defaults: %w", err)
	}
	return nil
}

// Start marks a queued request running from at.
func (g *Regen) Start(ctx context.Context, id string, at time.Time) error {
	if _, err := g.DB.q(ctx).Exec(ctx, `update regen_requests set state = 'running', started_at = $2
		where id = $1 and state = 'queued'`, id, at); err != nil {
		return fmt.Errorf("start regeneration: %w", err)
	}
	return nil
}

// Finish ends a request, storing its done count (see runningDone). The portal never deletes
// a student (the roster import retires them), so every row gone from the selection is a
// student changed.
func (g *Regen) Finish(ctx context.Context, id, state, errText string, at time.Time) error {
	if _, err := g.DB.q(ctx).Exec(ctx, `update regen_requests set state = $2, error = nullif($3, ''), finished_at = $4,
			done = `+leftDone+` where id = $1`, id, state, errText, at); err != nil {
		return fmt.Errorf("finish regeneration: %w", err)
	}
	return nil
}

// PurgeRegenDrafts deletes drafts created before before, with their selections.
func (g *Regen) PurgeRegenDrafts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := g.DB.q(ctx).Exec(ctx, `delete from regen_requests where state = 'draft' and created_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge regeneration drafts: %w", err)
	}
	return tag.RowsAffected(), nil
}
