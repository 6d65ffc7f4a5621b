package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/tokens"
)

// SignInWithBadge signs a young student in with a badge's token: the student session, marked
// as begun with a badge (GET /me/account says so, and the password, PIN and questions stay
// out of its reach). The client address is the one every audit event records.
func (s *Server) SignInWithBadge(c echo.Context) error {
	var req BadgeSignInRequest
	if err := decode(c, &req, "token"); err != nil {
		return err
	}
	st, err := s.badges.SignIn(c.Request().Context(), req.Token, c.RealIP())
	if err != nil {
		return err
	}
	token, claims, err := s.tokens.IssueBadge(tokens.Session, studentKind, st.ID, st.TokenVersion, s.sessionTTL)
	if err != nil {
		return err
	}
	s.setCookie(c, s.cookieName(), token, claims)
	return c.JSON(http.StatusOK, s.studentSession(claims, st))
}
