package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// SignInWithPictures signs a young student in with their picture password, named by username
// or by class code and student: the student session, marked as begun with pictures (the
// password, PIN and questions stay out of its reach, as from a badge session).
func (s *Server) SignInWithPictures(c echo.Context) error {
	var req PictureSignInRequest
	if err := decode(c, &req, "pictures"); err != nil {
		return err
	}
	in := badges.PictureSignIn{Username: strings.TrimSpace(deref(req.Username)), ClassCode: deref(req.ClassCode),
		StudentID: deref(req.StudentId), Pictures: pictureIDs(req.Pictures)}
	if err := checkPictureSignIn(req, in); err != nil {
		return err
	}
	st, err := s.badges.SignInWithPictures(c.Request().Context(), in, c.RealIP())
	if err != nil {
		return err
	}
	token, claims, err := s.tokens.IssuePictures(tokens.Session, studentKind, st.ID, st.TokenVersion, s.sessionTTL)
	if err != nil {
		return err
	}
	s.setCookie(c, s.cookieName(), token, claims)
	return c.JSON(http.StatusOK, s.studentSession(claims, st))
}

// checkPictureSignIn refuses, before anything is counted, a sign-in that names the child
// neither by username nor by class code and student (or both ways), or whose pictures are
// not 3 different ones of the 16: such a try can never be right, and the SPA never sends one.
func checkPictureSignIn(req PictureSignInRequest, in badges.PictureSignIn) error {
	byClass := req.ClassCode != nil || req.StudentId != nil
	switch {
	case in.Username == "" && !byClass:
		return missingField("username")
	case in.Username != "" && byClass:
		return &requestError{status: http.StatusBadRequest, code: "invalid_parameter", rule: "one_of", field: "username",
			message: "Send a username, or a class code with a student, not both."}
	case in.Username == "" && strings.TrimSpace(in.ClassCode) == "":
		return missingField("classCode")
	case in.Username == "" && in.StudentID == "":
		return missingField("studentId")
	}
	if err := knownPictures(in.Pictures); err != nil {
		return err
	}
	if v := policy.CheckPictures(in.Pictures); len(v) > 0 {
		return &requestError{status: http.StatusBadRequest, code: "invalid_parameter", rule: string(v[0].Rule),
			field: v[0].Field, message: v[0].Message}
	}
	return nil
}

// OpenPictureClass returns a class's picture-sign-in page for its code.
func (s *Server) OpenPictureClass(c echo.Context) error {
	var req PictureClassRequest
	if err := decode(c, &req, "code"); err != nil {
		return err
	}
	page, err := s.badges.OpenPictureClass(c.Request().Context(), req.Code, c.RealIP())
	if err != nil {
		return err
	}
	out := PictureClass{ClassName: page.Name, Students: make([]struct {
		DisplayName string `json:"displayName"`
		StudentId   string `json:"studentId"`
	}, len(page.Students))}
	for i, st := range page.Students {
		out.Students[i].DisplayName, out.Students[i].StudentId = st.DisplayName, st.ID
	}
	return c.JSON(http.StatusOK, out)
}
