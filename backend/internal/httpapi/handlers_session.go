package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// SignIn checks the credentials and sets the session cookie.
func (s *Server) SignIn(c echo.Context) error {
	var req SignInRequest
	if err := decode(c, &req, "login", "password"); err != nil {
		return err
	}
	st, err := s.auth.SignIn(c.Request().Context(), req.Login, req.Password)
	if err != nil {
		return err
	}
	return s.respondSession(c, st, st.TokenVersion)
}

// GetSession describes the current session and hands out its CSRF token.
func (s *Server) GetSession(c echo.Context) error {
	sess, err := s.currentSession(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Session{
		CsrfToken: s.tokens.Bind(sess.claims.ID), ExpiresAt: sess.claims.ExpiresAt.Time,
		Account: sessionAccount(sess.student),
	})
}

// SignOut ends the session on the server and clears its cookie (endSession).
func (s *Server) SignOut(c echo.Context) error {
	sess, err := s.requireStudent(c, true)
	return s.endSession(c, s.cookieName(), sess.claims, err)
}

// respondSession sets a fresh session cookie and answers with the session.
func (s *Server) respondSession(c echo.Context, st accounts.Student, version int) error {
	csrf, expires, err := s.setSessionCookie(c, st.ID, version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Session{CsrfToken: csrf, ExpiresAt: expires, Account: sessionAccount(st)})
}

func sessionAccount(st accounts.Student) SessionAccount {
	out := SessionAccount{
		Kind: Student, Username: st.Username, FirstName: st.FirstName,
		MustChangePassword: st.MustChangePassword,
	}
	if st.MustChangePassword {
		by := SessionAccountPasswordSetBySchool
		if st.PasswordSetBy == string(policy.PathGuardian) {
			by = SessionAccountPasswordSetByGuardian
		}
		out.PasswordSetBy = &by
	}
	return out
}
