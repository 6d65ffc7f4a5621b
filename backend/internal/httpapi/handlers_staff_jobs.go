package httpapi

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// StartStaffSchoolReset starts a grade or school reset job; its progress is at
// /staff/jobs/{jobId}.
func (s *Server) StartStaffSchoolReset(c echo.Context, schoolID SchoolId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req SchoolResetRequest
	if err := decode(c, &req, "mode", "mustChange"); err != nil {
		return err
	}
	job := schoolreset.SchoolJob{Kind: schoolreset.JobReset, Grade: req.Grade, MustChange: req.MustChange,
		IssueAccessCodes: req.IssueAccessCodes != nil && *req.IssueAccessCodes, SecondFactorAt: sess.secondFactorAt}
	switch req.Mode {
	case SchoolResetRequestModeOne:
		if req.NewPassword == nil {
			return missingField("newPassword")
		}
		if req.ConfirmPassword == nil {
			return missingField("confirmPassword")
		}
		job.NewPassword, job.ConfirmPassword = *req.NewPassword, *req.ConfirmPassword
	case SchoolResetRequestModeGenerated:
		if req.NewPassword != nil || req.ConfirmPassword != nil {
			return &requestError{status: http.StatusBadRequest, code: "unexpected_field", rule: "unknown_field", field: "newPassword",
				message: `Generated passwords come from the portal: leave out "newPassword" and "confirmPassword".`}
		}
		job.Generate = true
	default:
		return badEnum("mode", `The mode must be "one" or "generated".`)
	}
	return s.startJob(c, sess, schoolID, job)
}

// StartStaffSchoolAccessCodes starts a grade or school access-code job.
func (s *Server) StartStaffSchoolAccessCodes(c echo.Context, schoolID SchoolId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req SchoolAccessCodeRequest
	if err := decode(c, &req, "reissue"); err != nil {
		return err
	}
	return s.startJob(c, sess, schoolID, schoolreset.SchoolJob{Kind: schoolreset.JobAccessCodes, Grade: req.Grade,
		Reissue: req.Reissue, SecondFactorAt: sess.secondFactorAt})
}

// startJob checks the grade and starts job, answering 202 with the job.
func (s *Server) startJob(c echo.Context, sess staffSession, schoolID string, job schoolreset.SchoolJob) error {
	if job.Grade != nil && !policy.ValidGrade(*job.Grade) {
		return &requestError{status: http.StatusBadRequest, code: "invalid_field", rule: "grade", field: "grade",
			message: fmt.Sprintf("Grade %d is not a grade the portal knows: -5 to 13 (-1 pre-K, 0 kindergarten), or -9 for ungraded.", *job.Grade)}
	}
	started, err := s.schoolReset.StartSchoolJob(c.Request().Context(), sess.member, schoolID, job)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, bulkJobBody(started))
}

// ListStaffJobs lists the staff member's own jobs of the last 7 days, newest first.
func (s *Server) ListStaffJobs(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	jobs, err := s.schoolReset.JobsOf(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	out := make([]BulkJob, len(jobs))
	for i, j := range jobs {
		out[i] = bulkJobBody(j)
	}
	return c.JSON(http.StatusOK, out)
}

// GetStaffJob returns a job's progress; another member's job is 404.
func (s *Server) GetStaffJob(c echo.Context, jobID JobId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	job, err := s.schoolReset.JobOf(c.Request().Context(), sess.member, jobID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, bulkJobBody(job))
}

// TakeStaffJobResult hands over a finished job's result, once.
func (s *Server) TakeStaffJobResult(c echo.Context, jobID JobId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	result, err := s.schoolReset.TakeResult(c.Request().Context(), sess.member, jobID)
	if err != nil {
		return err
	}
	out := BulkJobResult{Job: bulkJobBody(result.Job), Students: resetRows(result.Students)}
	if result.Letters != nil {
		letters := accessCodeBatch(*result.Letters)
		out.Letters = &letters
	}
	return c.JSON(http.StatusOK, out)
}

// bulkJobBody is a job in the contract's shape: the reset fields for a reset, reissue for
// access codes.
func bulkJobBody(j schoolreset.Job) BulkJob {
	out := BulkJob{Id: j.ID, Kind: BulkJobKind(j.Kind), State: BulkJobState(j.State), SchoolId: j.SchoolID,
		SchoolName: j.SchoolName, Grade: j.Grade, Total: j.Total, Done: j.Done, CreatedAt: j.CreatedAt,
		ResultTaken: j.ResultTaken}
	if j.Kind == schoolreset.JobReset {
		mode := BulkJobMode(j.Mode)
		out.Mode, out.MustChange, out.IssueAccessCodes = &mode, &j.MustChange, &j.IssueAccessCodes
	} else {
		out.Reissue = &j.Reissue
	}
	if !j.FinishedAt.IsZero() {
		out.FinishedAt = &j.FinishedAt
	}
	if j.Error != "" {
		out.Error = &j.Error
	}
	return out
}
