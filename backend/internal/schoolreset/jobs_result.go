package schoolreset

import (
	"context"
	"fmt"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// JobResult is a finished job's result, taken once: each student's new password (mode
// generated) and access code (when codes were issued), by last and first name, and the
// family letters' facts when codes were issued.
type JobResult struct {
	Job      Job
	Students []ResetRow
	// Letters is set when the job issued access codes (its Students are the same rows).
	Letters *CodeBatch
}

// JobsOf lists the jobs the staff member started in the last JobRetention, newest first.
func (s *Service) JobsOf(ctx context.Context, m accounts.Staff) ([]Job, error) {
	return s.Jobs.JobsOf(ctx, m.ID, s.now().Add(-JobRetention), jobListLimit)
}

// JobOf returns one of the staff member's jobs; another member's job is accounts.ErrNotFound,
// as one that does not exist.
func (s *Service) JobOf(ctx context.Context, m accounts.Staff, id string) (Job, error) {
	job, err := s.Jobs.Job(ctx, id, false)
	if err != nil {
		return Job{}, err
	}
	if job.RequestedBy != m.ID {
		return Job{}, accounts.ErrNotFound
	}
	return job, nil
}

// TakeResult hands the requester a finished job's result once: one atomic update marks it
// taken (of simultaneous takes exactly one wins; the others get ErrResultTaken), and the
// same transaction reads the sealed secrets, opens them and wipes them from the job. A job
// still queued or running is ErrJobNotFinished. Taking is audited on the school.
func (s *Service) TakeResult(ctx context.Context, m accounts.Staff, id string) (JobResult, error) {
	var out JobResult
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		job, err := s.JobOf(ctx, m, id)
		if err != nil {
			return err
		}
		if !job.finished() {
			return ErrJobNotFinished
		}
		taken, err := s.Jobs.TakeResult(ctx, job.ID, m.ID, s.now())
		if err != nil {
			return err
		}
		if !taken {
			return ErrResultTaken
		}
		job.ResultTaken = true
		students, err := s.Jobs.ResultStudents(ctx, job.ID)
		if err != nil {
			return err
		}
		if out, err = s.openResult(job, students); err != nil {
			return err
		}
		return s.recordSchool(ctx, m, job.SchoolID, actionJobResult, audit.Succeeded, job.ID, nil)
	})
	if err != nil {
		return JobResult{}, err
	}
	if out.Job.issuesCodes() {
		school, err := s.Classrooms.SchoolFacts(ctx, out.Job.SchoolID)
		if err != nil {
			return JobResult{}, err
		}
		out.Letters.School = school
	}
	return out, nil
}

// openResult opens the sealed secrets of a result's students and orders them.
func (s *Service) openResult(job Job, students []ResultStudent) (JobResult, error) {
	out := JobResult{Job: job, Students: make([]ResetRow, 0, len(students))}
	var letters []CodeRow
	for _, st := range students {
		row := ResetRow{ID: st.StudentID, FirstName: st.FirstName, LastName: st.LastName, Username: st.Username,
			StudentNumber: st.StudentNumber, Grade: st.Grade}
		var err error
		if len(st.PasswordSealed) > 0 {
			if row.Password, err = s.Sealer.Open(st.PasswordSealed, st.PasswordKeyID, resultAD(job.ID, st.StudentID, "password")); err != nil {
				return JobResult{}, fmt.Errorf("open result password: %w", err)
			}
		}
		if len(st.CodeSealed) > 0 {
			if row.AccessCode, err = s.Sealer.Open(st.CodeSealed, st.CodeKeyID, resultAD(job.ID, st.StudentID, "code")); err != nil {
				return JobResult{}, fmt.Errorf("open result code: %w", err)
			}
			letters = append(letters, CodeRow{ID: row.ID, StudentNumber: row.StudentNumber, FirstName: row.FirstName,
				LastName: row.LastName, Username: row.Username, Grade: row.Grade, Code: row.AccessCode, Locale: st.Locale})
		}
		out.Students = append(out.Students, row)
	}
	sortResetRows(out.Students)
	if job.issuesCodes() {
		if letters == nil {
			letters = []CodeRow{}
		}
		sortCodeRows(letters)
		out.Letters = &CodeBatch{FamilyPortalURL: s.PublicOrigin + "/family", ExpiresAt: job.CodesExpireAt, Students: letters}
	}
	return out, nil
}
