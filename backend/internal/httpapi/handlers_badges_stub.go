package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// notBuiltYet answers the badge routes of the contract until their handlers exist (issue 12).
func notBuiltYet() error { return echo.NewHTTPError(http.StatusNotImplemented, "not built yet") }

// SignInWithBadge signs a young student in with a badge token.
func (s *Server) SignInWithBadge(c echo.Context) error { return notBuiltYet() }

// IssueStaffBadge issues a student's badge.
func (s *Server) IssueStaffBadge(c echo.Context, studentID StudentId) error { return notBuiltYet() }

// RevokeStaffBadge revokes a student's badge.
func (s *Server) RevokeStaffBadge(c echo.Context, studentID StudentId) error { return notBuiltYet() }

// IssueStaffClassBadges issues badges for a class.
func (s *Server) IssueStaffClassBadges(c echo.Context, classID ClassId) error { return notBuiltYet() }

// VoidStaffSchoolBadges voids every badge of a school.
func (s *Server) VoidStaffSchoolBadges(c echo.Context, schoolID SchoolId) error { return notBuiltYet() }
