package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// The By Student and audit routes of the contract, answered 501 until their branch lands.

func notYet(echo.Context) error { return echo.NewHTTPError(http.StatusNotImplemented) }

func (s *Server) ListStaffAudit(c echo.Context, _ ListStaffAuditParams) error     { return notYet(c) }
func (s *Server) ExportStaffAudit(c echo.Context, _ ExportStaffAuditParams) error { return notYet(c) }
func (s *Server) SearchStaffStudents(c echo.Context, _ SearchStaffStudentsParams) error {
	return notYet(c)
}
func (s *Server) GetStaffStudent(c echo.Context, _ StudentId) error            { return notYet(c) }
func (s *Server) IssueStaffAccessCode(c echo.Context, _ StudentId) error       { return notYet(c) }
func (s *Server) ResetStaffStudentPassword(c echo.Context, _ StudentId) error  { return notYet(c) }
func (s *Server) RevealSchoolIssuedPassword(c echo.Context, _ StudentId) error { return notYet(c) }
func (s *Server) UnlockStaffStudent(c echo.Context, _ StudentId) error         { return notYet(c) }
