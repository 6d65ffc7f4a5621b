package httpapi

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// SetStaffPictures sets (or replaces) a student's picture password, chosen or drawn; the
// pictures are in this answer only.
func (s *Server) SetStaffPictures(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req SetPicturesRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var chosen []string
	if req.Pictures != nil {
		chosen = pictureIDs(*req.Pictures)
		if err := knownPictures(chosen); err != nil {
			return err
		}
	}
	issued, err := s.badges.SetPictures(c.Request().Context(), sess.member, studentID, chosen)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, issuedPicturesBody(issued))
}

// RemoveStaffPictures deletes a student's picture password; a student with none is no error.
func (s *Server) RemoveStaffPictures(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	if err := s.badges.RemovePictures(c.Request().Context(), sess.member, studentID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// UnlockStaffPictures clears a student's wrong picture tries and answers the student's page.
func (s *Server) UnlockStaffPictures(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.badges.UnlockPictures(ctx, sess.member, studentID); err != nil {
		return err
	}
	page, err := s.schoolReset.Student(ctx, sess.member, studentID)
	if err != nil {
		return err
	}
	return s.sendStaffStudent(c, page)
}

// SetStaffClassPictures sets picture passwords for a class's students of the badge grades.
func (s *Server) SetStaffClassPictures(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req ClassBadgeRequest
	if err := decode(c, &req, "reissue"); err != nil {
		return err
	}
	batch, err := s.badges.SetClassPictures(c.Request().Context(), sess.member, classID, req.Reissue)
	if err != nil {
		return err
	}
	out := ClassPictures{Class: staffClassBody(batch.Class), Pictures: make([]IssuedPictures, len(batch.Pictures))}
	for i, p := range batch.Pictures {
		out.Pictures[i] = issuedPicturesBody(p)
	}
	return c.JSON(http.StatusOK, out)
}

// GetStaffClassPictureSignIn returns the class's picture-sign-in code, made on first ask.
func (s *Server) GetStaffClassPictureSignIn(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	code, err := s.badges.ClassPictureSignIn(c.Request().Context(), sess.member, classID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ClassPictureSignIn{Code: code.Code, SignInUrl: code.SignInURL})
}

// RenewStaffClassPictureSignIn replaces the class's picture-sign-in code.
func (s *Server) RenewStaffClassPictureSignIn(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	code, err := s.badges.RenewClassPictureSignIn(c.Request().Context(), sess.member, classID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ClassPictureSignIn{Code: code.Code, SignInUrl: code.SignInURL})
}

// issuedPicturesBody is a new picture password in the contract's shape.
func issuedPicturesBody(p badges.IssuedPictures) IssuedPictures {
	st := p.Student
	ids := make([]PictureId, len(p.Pictures))
	for i, id := range p.Pictures {
		ids[i] = PictureId(id)
	}
	return IssuedPictures{StudentId: st.ID, FirstName: st.FirstName, LastName: st.LastName, Username: st.Username,
		Grade: st.Grade, Pictures: ids, SetAt: p.SetAt}
}

// knownPictures refuses a picture id outside the contract's 16 (400, as any value outside
// an enum); how many and which ones were chosen is the domain's rule (422 picture_rules).
func knownPictures(ids []string) error {
	for i, id := range ids {
		if !slices.Contains(policy.PictureIDs, id) {
			return &requestError{status: http.StatusBadRequest, code: "invalid_parameter", rule: "enum",
				field: fmt.Sprintf("pictures[%d]", i), message: "Each picture must be one of the 16 pictures."}
		}
	}
	return nil
}

// pictureIDs are the pictures of a request as the domain names them.
func pictureIDs(in []PictureId) []string {
	out := make([]string, len(in))
	for i, p := range in {
		out[i] = string(p)
	}
	return out
}
