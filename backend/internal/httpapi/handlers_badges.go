package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/badges"
)

// IssueStaffBadge issues (or reissues) a student's QR badge; its token is in this answer only.
func (s *Server) IssueStaffBadge(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	b, err := s.badges.Issue(c.Request().Context(), sess.member, studentID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, issuedBadgeBody(b))
}

// RevokeStaffBadge ends a student's badge; a student with none is no error.
func (s *Server) RevokeStaffBadge(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	if err := s.badges.Revoke(c.Request().Context(), sess.member, studentID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// IssueStaffClassBadges issues badges for a class's students of the badge grades.
func (s *Server) IssueStaffClassBadges(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req ClassBadgeRequest
	if err := decode(c, &req, "reissue"); err != nil {
		return err
	}
	batch, err := s.badges.IssueClass(c.Request().Context(), sess.member, classID, req.Reissue)
	if err != nil {
		return err
	}
	out := ClassBadges{Class: staffClassBody(batch.Class), Badges: make([]IssuedBadge, len(batch.Badges))}
	for i, b := range batch.Badges {
		out.Badges[i] = issuedBadgeBody(b)
	}
	return c.JSON(http.StatusOK, out)
}

// VoidStaffSchoolBadges ends every badge of a school (year end), once its display code is typed.
func (s *Server) VoidStaffSchoolBadges(c echo.Context, schoolID SchoolId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req VoidBadgesRequest
	if err := decode(c, &req, "confirmSchoolCode"); err != nil {
		return err
	}
	n, err := s.badges.VoidSchool(c.Request().Context(), sess.member, schoolID, req.ConfirmSchoolCode)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"voided": n})
}

// issuedBadgeBody is a new badge in the contract's shape.
func issuedBadgeBody(b badges.Issued) IssuedBadge {
	st := b.Student
	return IssuedBadge{StudentId: st.ID, FirstName: st.FirstName, LastName: st.LastName, Username: st.Username,
		Grade: st.Grade, BadgeId: b.Code, Token: b.Token, SignInUrl: b.SignInURL, IssuedAt: b.IssuedAt}
}
