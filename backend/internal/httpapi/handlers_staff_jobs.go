package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// notBuiltYet answers the routes of the contract whose handlers are being built (issue 11).
func notBuiltYet() error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// StartStaffSchoolReset starts a grade or school reset job.
func (s *Server) StartStaffSchoolReset(c echo.Context, schoolID SchoolId) error {
	return notBuiltYet()
}

// StartStaffSchoolAccessCodes starts a grade or school access-code job.
func (s *Server) StartStaffSchoolAccessCodes(c echo.Context, schoolID SchoolId) error {
	return notBuiltYet()
}

// ListStaffJobs lists the staff member's recent bulk jobs.
func (s *Server) ListStaffJobs(c echo.Context) error { return notBuiltYet() }

// GetStaffJob returns a bulk job's progress.
func (s *Server) GetStaffJob(c echo.Context, jobID JobId) error { return notBuiltYet() }

// TakeStaffJobResult returns a finished job's result once.
func (s *Server) TakeStaffJobResult(c echo.Context, jobID JobId) error { return notBuiltYet() }
