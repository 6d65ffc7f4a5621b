package schoolreset

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// jobChunk is how many students one transaction of a job changes.
func (s *Service) jobChunk() int {
	if s.JobChunk > 0 {
		return s.JobChunk
	}
	return JobChunk
}

// RunChunk runs the next chunk of a job in one transaction: it locks the job and up to
// jobChunk students not done yet (in id order, as a class reset locks them), changes each
// through the change function (audit event and confirmation emails) or issues its code,
// keeps the new secrets sealed for the result, marks them done and counts them. Then it
// queues the next chunk in the same transaction, or ends the job with its audit event. A
// chunk that fails rolls back whole, so a retry after a crash finds exactly the students not
// done yet: none is ever changed twice. Access codes are hashed before the transaction.
func (s *Service) RunChunk(ctx context.Context, jobID string) error {
	job, err := s.Jobs.Job(ctx, jobID, false)
	if errors.Is(err, accounts.ErrNotFound) {
		return nil // removed meanwhile (housekeeping purges old jobs): nothing is left to do
	}
	if err != nil || job.finished() {
		return err
	}
	var codes *codePool
	if job.issuesCodes() {
		codes = &codePool{s: s}
		if codes.codes, err = s.newCodes(ctx, min(s.jobChunk(), job.Total-job.Done)); err != nil {
			return err
		}
	}
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		job, err := s.Jobs.Job(ctx, jobID, true)
		if err != nil || job.finished() {
			return err
		}
		at := s.now()
		students, err := s.Jobs.UndoneStudents(ctx, job.ID, s.jobChunk(), true)
		if err != nil {
			return err
		}
		done, err := s.runStudents(ctx, job, students, codes)
		if err != nil {
			return err
		}
		// The job's row is written last, just before the commit: until then it is only
		// locked, and a start on the same school that checks the one-job rule need not wait
		// for this chunk's students (an updated row makes it wait for the commit).
		if job.State == JobQueued {
			if err := s.Jobs.StartJob(ctx, job.ID, at); err != nil {
				return err
			}
		}
		if err := s.Jobs.MarkDone(ctx, job.ID, done, at); err != nil {
			return err
		}
		// Fewer than a chunk means none is left (a student deleted meanwhile leaves the
		// selection, so the count alone could wait for ever).
		if len(students) == s.jobChunk() {
			return s.Jobs.QueueChunk(ctx, job.ID)
		}
		if err := s.Jobs.FinishJob(ctx, job.ID, JobDone, "", s.now()); err != nil {
			return err
		}
		return s.recordSchoolBy(ctx, job.RequestedBy, job.SchoolID, jobAction(job), audit.Succeeded, "done", nil)
	})
}

// runStudents changes (or issues codes to) the students of one chunk and returns each with
// its sealed secrets, bound to the job and the student.
func (s *Service) runStudents(ctx context.Context, job Job, students []accounts.Student, codes *codePool) ([]DoneStudent, error) {
	var b bulkWrite
	if job.Kind == JobReset {
		b = bulkWrite{staffID: job.RequestedBy, generate: job.Mode == ModeGenerated, mustChange: job.MustChange,
			at: s.now(), codes: codes, codesExpire: job.CodesExpireAt}
		b.codesAt, _ = s.codeTimes()
		b.shared.Hash = job.SharedPasswordHash
		if len(job.SharedPasswordSealed) > 0 {
			var err error
			if b.sharedPlain, err = s.Sealer.Open(job.SharedPasswordSealed, job.SharedPasswordKeyID, sharedAD(job.SchoolID)); err != nil {
				return nil, fmt.Errorf("open shared password: %w", err)
			}
		}
	}
	at, _ := s.codeTimes()
	out := make([]DoneStudent, len(students))
	for i, st := range students {
		var row ResetRow
		var err error
		if job.Kind == JobReset {
			row, err = s.resetStudent(ctx, b, st)
		} else {
			row, err = s.issueJobCode(ctx, job, st, codes, at)
		}
		if err != nil {
			return nil, fmt.Errorf("student %s: %w", st.ID, err)
		}
		out[i] = DoneStudent{StudentID: st.ID}
		if row.Password != "" {
			if out[i].PasswordSealed, out[i].PasswordKeyID, err = s.Sealer.Seal(row.Password, resultAD(job.ID, st.ID, "password")); err != nil {
				return nil, fmt.Errorf("seal result password: %w", err)
			}
		}
		if row.AccessCode != "" {
			if out[i].CodeSealed, out[i].CodeKeyID, err = s.Sealer.Seal(row.AccessCode, resultAD(job.ID, st.ID, "code")); err != nil {
				return nil, fmt.Errorf("seal result code: %w", err)
			}
		}
	}
	return out, nil
}

// issueJobCode stores a new access code for one student of an access-code job.
func (s *Service) issueJobCode(ctx context.Context, job Job, st accounts.Student, codes *codePool, at time.Time) (ResetRow, error) {
	code, err := codes.take(ctx)
	if err != nil {
		return ResetRow{}, err
	}
	if err := s.storeCode(ctx, job.RequestedBy, st.ID, code.Hash, at, job.CodesExpireAt); err != nil {
		return ResetRow{}, err
	}
	return ResetRow{ID: st.ID, AccessCode: policy.FormatAccessCode(code.Code)}, nil
}

// FailJob ends a job that cannot go on (its chunk failed every attempt) with a plain-words
// error and an audit event; the students done stay done, and their result can be taken.
func (s *Service) FailJob(ctx context.Context, jobID string) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		job, err := s.Jobs.Job(ctx, jobID, true)
		if errors.Is(err, accounts.ErrNotFound) || err == nil && job.finished() {
			return nil
		}
		if err != nil {
			return err
		}
		// The cause is in the logs (the worker logs each attempt's); the page gets plain words.
		text := fmt.Sprintf("The job stopped after %d of %d students: the server failed to save the changes several times. "+
			"The %d students done keep their new passwords or codes; take the result, then start a job again for the rest.",
			job.Done, job.Total, job.Done)
		if err := s.Jobs.FinishJob(ctx, job.ID, JobFailed, text, s.now()); err != nil {
			return err
		}
		return s.recordSchoolBy(ctx, job.RequestedBy, job.SchoolID, jobAction(job), audit.Failed, "failed", nil)
	})
}

// jobAction is the audit action of a job's kind.
func jobAction(j Job) string {
	if j.Kind == JobAccessCodes {
		return actionSchoolCodes
	}
	return actionSchoolReset
}

// resultAD binds a sealed secret of a job's result to the job, the student and which
// secret it is, so a sealed value cannot be moved to another row or column.
func resultAD(jobID, studentID, what string) []byte {
	return []byte("bulk_job:" + jobID + ":" + studentID + ":" + what)
}
