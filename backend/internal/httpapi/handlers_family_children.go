package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ListFamilyChildren lists the signed-in guardian's linked children.
func (s *Server) ListFamilyChildren(c echo.Context) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	children, err := s.family.Children(c.Request().Context(), sess.guardian.ID)
	if err != nil {
		return err
	}
	out := make([]Child, len(children))
	for i, ch := range children {
		out[i] = s.childBody(ch)
	}
	return c.JSON(http.StatusOK, map[string][]Child{"children": out})
}

// LinkFamilyChild links a child with a student ID and a parent access code.
func (s *Server) LinkFamilyChild(c echo.Context) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	var req LinkChildRequest
	if err := decode(c, &req, "studentId", "accessCode"); err != nil {
		return err
	}
	child, err := s.family.LinkChild(c.Request().Context(), sess.guardian.ID, req.StudentId, req.AccessCode)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.childBody(child))
}

// GetFamilyChild returns one linked child.
func (s *Server) GetFamilyChild(c echo.Context, childID ChildId) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	child, err := s.family.Child(c.Request().Context(), sess.guardian.ID, childID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.childBody(child))
}

// UnlinkFamilyChild removes the guardian's link to a child.
func (s *Server) UnlinkFamilyChild(c echo.Context, childID ChildId) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	if err := s.family.UnlinkChild(c.Request().Context(), sess.guardian.ID, childID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ResetFamilyChildPassword resets a linked child's password, typed or generated.
func (s *Server) ResetFamilyChildPassword(c echo.Context, childID ChildId) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	reset, err := decodeReset(c)
	if err != nil {
		return err
	}
	result, err := s.family.ResetChildPassword(c.Request().Context(), sess.guardian.ID, childID, family.ChildReset(reset))
	if err != nil {
		return err
	}
	body := ChildReset{Child: s.childBody(result.Child)}
	if result.GeneratedPassword != "" {
		body.GeneratedPassword = &result.GeneratedPassword
	}
	return c.JSON(http.StatusOK, body)
}

// childBody is what a guardian sees of a child: the recovery status only while the
// guardian has rights, and never a secret. Whether the child can reset alone comes from the
// policy, so the dashboard never guesses it from the grade.
func (s *Server) childBody(ch family.Child) Child {
	st := ch.Student
	out := Child{
		Id: st.ID, FirstName: st.FirstName, LastName: st.LastName, Grade: st.Grade,
		SchoolName: st.SchoolName, Username: st.Username, Access: ChildAccess(ch.Access),
	}
	if ch.Access == policy.AccessActive {
		pin, questions, must, left := st.HasPIN(), st.HasQuestions(), st.MustChangePassword, ch.ResetsLeft
		out.PinSet, out.QuestionsSet, out.MustChangePassword, out.ResetsLeftToday = &pin, &questions, &must, &left
		out.PasswordChangedAt = timePtr(st.PasswordChangedAt)
		eligible, from := policy.CanSelfReset(st.Grade, s.family.Settings), s.family.Settings.SelfServiceMinGrade
		out.SelfResetEligible, out.SelfResetFromGrade = &eligible, &from
	}
	return out
}
