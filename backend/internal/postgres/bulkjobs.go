package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// BulkJobs implements schoolreset.JobStore: grade and school jobs, their selections and
// their chunks on River, in transactions of DB.
type BulkJobs struct {
	DB    *DB
	River *river.Client[pgx.Tx]
}

var _ schoolreset.JobStore = (*BulkJobs)(nil)

// SchoolFor reads a school with its relation to m.
func (b *BulkJobs) SchoolFor(ctx context.Context, m accounts.Staff, id string) (schoolreset.SchoolRecord, error) {
	var r schoolreset.SchoolRecord
	if !isUUID(id) {
		return r, nil
	}
	err := b.DB.q(ctx).QueryRow(ctx, `select sc.id, sc.name, sc.district_id, sc.district_id::text = $2,
			coalesce(sc.id::text = $3, false)
		from schools sc where sc.id = $1`, id, m.DistrictID, nullString(m.SchoolID)).
		Scan(&r.ID, &r.Name, &r.DistrictID, &r.SameDistrict, &r.SameSchool)
	if errors.Is(err, pgx.ErrNoRows) {
		return schoolreset.SchoolRecord{}, nil
	}
	if err != nil {
		return schoolreset.SchoolRecord{}, fmt.Errorf("read school: %w", err)
	}
	r.Exists = true
	return r, nil
}

// SchoolStudents reads the students a job on the school selects, in id order.
func (b *BulkJobs) SchoolStudents(ctx context.Context, schoolID string, grade *int, at time.Time, missingCodesOnly bool, limit int) ([]schoolreset.CodeStudent, error) {
	var g *int16
	if grade != nil {
		v := int16(*grade)
		g = &v
	}
	rows, err := b.DB.q(ctx).Query(ctx, `select * from (select`+studentColumns+`,
			exists (select 1 from parent_access_codes p where p.student_id = s.id and p.used_at is null and p.expires_at > $3) live,
			coalesce((select gd.locale from guardian_links l join guardians gd on gd.id = l.guardian_id
				where l.student_id = s.id order by l.created_at, gd.email limit 1), s.locale)`+studentFrom+`
			where s.school_id = $1 and ($2::smallint is null or s.grade = $2)) t
		where not ($4 and t.live) order by t.id limit $5`, schoolID, g, at, missingCodesOnly, limit)
	if err != nil {
		return nil, fmt.Errorf("read school students: %w", err)
	}
	defer rows.Close()
	var out []schoolreset.CodeStudent
	for rows.Next() {
		var cs schoolreset.CodeStudent
		st, err := scanStudent(extraRow{Row: rows, extra: []any{&cs.LiveCode, &cs.Locale}})
		if err != nil {
			return nil, fmt.Errorf("read school students: %w", err)
		}
		cs.Student, cs.Relation.Exists = st, true
		out = append(out, cs)
	}
	return out, rows.Err()
}

// jobColumns read a job (j) with its school's name (sc).
const jobColumns = ` j.id, j.kind, j.state, j.school_id, sc.name, j.district_id, j.grade, coalesce(j.mode, ''),
	j.must_change, j.issue_access_codes, j.reissue, j.requested_by, j.total, j.done, j.created_at, j.finished_at,
	j.result_taken_at is not null, coalesce(j.error, ''), coalesce(j.shared_password_hash, ''), j.codes_expire_at,
	j.shared_password_sealed, coalesce(j.shared_password_key_id, '')
	from bulk_jobs j join schools sc on sc.id = j.school_id `

func scanJob(row pgx.Row) (schoolreset.Job, error) {
	var j schoolreset.Job
	var grade *int16
	var finished, expires *time.Time
	err := row.Scan(&j.ID, &j.Kind, &j.State, &j.SchoolID, &j.SchoolName, &j.DistrictID, &grade, &j.Mode,
		&j.MustChange, &j.IssueAccessCodes, &j.Reissue, &j.RequestedBy, &j.Total, &j.Done, &j.CreatedAt, &finished,
		&j.ResultTaken, &j.Error, &j.SharedPasswordHash, &expires, &j.SharedPasswordSealed, &j.SharedPasswordKeyID)
	if errors.Is(err, pgx.ErrNoRows) {
		return schoolreset.Job{}, accounts.ErrNotFound
	}
	if err != nil {
		return schoolreset.Job{}, fmt.Errorf("read job: %w", err)
	}
	if grade != nil {
		g := int(*grade)
		j.Grade = &g
	}
	j.FinishedAt, j.CodesExpireAt = deref(finished), deref(expires)
	return j, nil
}

// CreateJob stores a queued job and its selection. The partial unique index keeps one job
// per school queued or running; "on conflict do nothing" reports the clash without
// aborting the transaction, which still records the refusal.
func (b *BulkJobs) CreateJob(ctx context.Context, j schoolreset.Job, studentIDs []string) (schoolreset.Job, error) {
	tx, err := b.DB.tx(ctx)
	if err != nil {
		return schoolreset.Job{}, err
	}
	var grade *int16
	if j.Grade != nil {
		g := int16(*j.Grade)
		grade = &g
	}
	var id string
	err = tx.QueryRow(ctx, `insert into bulk_jobs (district_id, school_id, grade, requested_by, kind, mode, must_change,
			issue_access_codes, reissue, shared_password_hash, codes_expire_at, total, shared_password_sealed,
			shared_password_key_id)
		values ($1, $2, $3, $4, $5, nullif($6, ''), $7, $8, $9, nullif($10, ''), $11, $12, $13, nullif($14, ''))
		on conflict (school_id) where state in ('queued', 'running') do nothing
		returning id`, j.DistrictID, j.SchoolID, grade, j.RequestedBy, j.Kind, j.Mode, j.MustChange,
		j.IssueAccessCodes, j.Reissue, j.SharedPasswordHash, nullTime(j.CodesExpireAt), len(studentIDs),
		j.SharedPasswordSealed, j.SharedPasswordKeyID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return schoolreset.Job{}, schoolreset.ErrJobRunning
	}
	if err != nil {
		return schoolreset.Job{}, fmt.Errorf("create job: %w", err)
	}
	if _, err := tx.Exec(ctx, `insert into bulk_job_students (job_id, student_id)
		select $1, unnest($2::uuid[])`, id, studentIDs); err != nil {
		return schoolreset.Job{}, fmt.Errorf("store job selection: %w", err)
	}
	return b.Job(ctx, id, false)
}

// Job reads a job; lock holds its row lock.
func (b *BulkJobs) Job(ctx context.Context, id string, lock bool) (schoolreset.Job, error) {
	if !isUUID(id) {
		return schoolreset.Job{}, accounts.ErrNotFound
	}
	suffix := ""
	if lock {
		if _, err := b.DB.tx(ctx); err != nil {
			return schoolreset.Job{}, err
		}
		suffix = " for update of j"
	}
	return scanJob(b.DB.q(ctx).QueryRow(ctx, `select`+jobColumns+`where j.id = $1`+suffix, id))
}

// JobsOf lists a staff member's recent jobs, newest first.
func (b *BulkJobs) JobsOf(ctx context.Context, staffID string, since time.Time, limit int) ([]schoolreset.Job, error) {
	if !isUUID(staffID) {
		return nil, nil
	}
	rows, err := b.DB.q(ctx).Query(ctx, `select`+jobColumns+`where j.requested_by = $1 and j.created_at >= $2
		order by j.created_at desc, j.id limit $3`, staffID, since, limit)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	defer rows.Close()
	var out []schoolreset.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// StartJob marks a queued job running.
func (b *BulkJobs) StartJob(ctx context.Context, id string, at time.Time) error {
	if _, err := b.DB.q(ctx).Exec(ctx, `update bulk_jobs set state = 'running', started_at = $2
		where id = $1 and state = 'queued'`, id, at); err != nil {
		return fmt.Errorf("start job: %w", err)
	}
	return nil
}

// UndoneStudents reads (and with lock, locks in id order) students of the job not done yet.
func (b *BulkJobs) UndoneStudents(ctx context.Context, jobID string, limit int, lock bool) ([]accounts.Student, error) {
	suffix := ""
	if lock {
		if _, err := b.DB.tx(ctx); err != nil {
			return nil, err
		}
		suffix = " for update of s, b"
	}
	rows, err := b.DB.q(ctx).Query(ctx, `select`+studentColumns+studentFrom+`
			join bulk_job_students b on b.student_id = s.id
		where b.job_id = $1 and b.done_at is null order by s.id limit $2`+suffix, jobID, limit)
	if err != nil {
		return nil, fmt.Errorf("read undone students: %w", err)
	}
	defer rows.Close()
	var out []accounts.Student
	for rows.Next() {
		st, err := scanStudent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// MarkDone marks a chunk's students done with their sealed secrets and counts them, in one
// statement for the rows and one for the job.
func (b *BulkJobs) MarkDone(ctx context.Context, jobID string, students []schoolreset.DoneStudent, at time.Time) error {
	if len(students) == 0 {
		return nil
	}
	ids := make([]string, len(students))
	pwSealed, codeSealed := make([][]byte, len(students)), make([][]byte, len(students))
	pwKeys, codeKeys := make([]*string, len(students)), make([]*string, len(students))
	for i, st := range students {
		ids[i], pwSealed[i], codeSealed[i] = st.StudentID, nilIfEmpty(st.PasswordSealed), nilIfEmpty(st.CodeSealed)
		pwKeys[i], codeKeys[i] = nullString(st.PasswordKeyID), nullString(st.CodeKeyID)
	}
	q := b.DB.q(ctx)
	tag, err := q.Exec(ctx, `update bulk_job_students b set done_at = $2, password_sealed = u.pw, password_key_id = u.pk,
			code_sealed = u.code, code_key_id = u.ck
		from unnest($3::uuid[], $4::bytea[], $5::text[], $6::bytea[], $7::text[]) as u(id, pw, pk, code, ck)
		where b.job_id = $1 and b.student_id = u.id and b.done_at is null`,
		jobID, at, ids, pwSealed, pwKeys, codeSealed, codeKeys)
	if err != nil {
		return fmt.Errorf("mark students done: %w", err)
	}
	if tag.RowsAffected() != int64(len(students)) {
		return fmt.Errorf("mark students done: %d of %d rows were undone", tag.RowsAffected(), len(students))
	}
	if _, err := q.Exec(ctx, `update bulk_jobs set done = done + $2 where id = $1`, jobID, len(students)); err != nil {
		return fmt.Errorf("count students done: %w", err)
	}
	return nil
}

// FinishJob ends a job; the typed password's hash is needed no more and goes.
func (b *BulkJobs) FinishJob(ctx context.Context, id, state, errText string, at time.Time) error {
	if _, err := b.DB.q(ctx).Exec(ctx, `update bulk_jobs set state = $2, error = nullif($3, ''), finished_at = $4,
			shared_password_hash = null, shared_password_sealed = null, shared_password_key_id = null
		where id = $1`, id, state, errText, at); err != nil {
		return fmt.Errorf("finish job: %w", err)
	}
	return nil
}

// QueueChunk inserts the job's next chunk in the transaction carried by ctx, so it commits
// with the chunk before it (or the job's start) or not at all.
func (b *BulkJobs) QueueChunk(ctx context.Context, jobID string) error {
	tx, err := b.DB.tx(ctx)
	if err != nil {
		return err
	}
	if _, err := b.River.InsertTx(ctx, tx, schoolreset.ChunkArgs{JobID: jobID},
		&river.InsertOpts{MaxAttempts: schoolreset.ChunkAttempts}); err != nil {
		return fmt.Errorf("queue job chunk: %w", err)
	}
	return nil
}

// TakeResult marks a finished job's result taken, once: the condition and the write are one
// statement, so of simultaneous takes exactly one updates the row.
func (b *BulkJobs) TakeResult(ctx context.Context, jobID, staffID string, at time.Time) (bool, error) {
	tag, err := b.DB.q(ctx).Exec(ctx, `update bulk_jobs set result_taken_at = $3
		where id = $1 and requested_by = $2 and state in ('done', 'failed') and result_taken_at is null`, jobID, staffID, at)
	if err != nil {
		return false, fmt.Errorf("take job result: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ResultStudents reads the done students of a job with their sealed secrets and letter
// locales, then wipes the secrets.
func (b *BulkJobs) ResultStudents(ctx context.Context, jobID string) ([]schoolreset.ResultStudent, error) {
	q := b.DB.q(ctx)
	rows, err := q.Query(ctx, `select s.id, s.student_number, s.first_name, s.last_name, s.username, s.grade,
			coalesce((select gd.locale from guardian_links l join guardians gd on gd.id = l.guardian_id
				where l.student_id = s.id order by l.created_at, gd.email limit 1), s.locale),
			b.password_sealed, coalesce(b.password_key_id, ''), b.code_sealed, coalesce(b.code_key_id, '')
		from bulk_job_students b join students s on s.id = b.student_id
		where b.job_id = $1 and b.done_at is not null`, jobID)
	if err != nil {
		return nil, fmt.Errorf("read job result: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (schoolreset.ResultStudent, error) {
		var st schoolreset.ResultStudent
		err := r.Scan(&st.StudentID, &st.StudentNumber, &st.FirstName, &st.LastName, &st.Username, &st.Grade, &st.Locale,
			&st.PasswordSealed, &st.PasswordKeyID, &st.CodeSealed, &st.CodeKeyID)
		return st, err
	})
	if err != nil {
		return nil, fmt.Errorf("read job result: %w", err)
	}
	if _, err := q.Exec(ctx, `update bulk_job_students set password_sealed = null, password_key_id = null,
		code_sealed = null, code_key_id = null where job_id = $1`, jobID); err != nil {
		return nil, fmt.Errorf("wipe job result: %w", err)
	}
	return out, nil
}

// PurgeBulkJobs deletes jobs that finished before before; their selections (and any
// untaken sealed result) go with them.
func (b *BulkJobs) PurgeBulkJobs(ctx context.Context, before time.Time) (int64, error) {
	tag, err := b.DB.q(ctx).Exec(ctx, `delete from bulk_jobs where finished_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge bulk jobs: %w", err)
	}
	return tag.RowsAffected(), nil
}
