package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
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
	return s.respondSession(c, st, st.TokenVersion, true)
}

// GetSession describes the current session and hands out its CSRF token; signed out is an
// answer (204), not an error, since every page of a signed-out visitor asks.
func (s *Server) GetSession(c echo.Context) error {
	sess, err := s.currentSession(c)
	if errors.Is(err, errNotSignedIn) {
		return c.NoContent(http.StatusNoContent)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.studentSession(sess.claims, sess.student))
}

// SignOut ends the session on the server and clears its cookie (endSession).
func (s *Server) SignOut(c echo.Context) error {
	keepSigningOut(c)
	sess, err := s.requireStudent(c, true)
	return s.endSession(c, s.cookieName(), sess.claims, err)
}

// respondSession sets a fresh session cookie and answers with the session; signIn marks a
// sign-in with the password.
func (s *Server) respondSession(c echo.Context, st accounts.Student, version int, signIn bool) error {
	claims, err := s.setSessionCookie(c, st.ID, version, signIn)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.studentSession(claims, st))
}

func (s *Server) studentSession(claims tokens.Claims, st accounts.Student) Session {
	return Session{
		CsrfToken: s.tokens.Bind(claims.ID), ExpiresAt: claims.ExpiresAt.Time,
		FreshSignInUntil: freshSignInUntil(claims, time.Now()), Account: sessionAccount(st, claims.YoungSignIn()),
	}
}

// sessionAccount is the signed-in student as the SPA's guard reads it. A badge or picture
// session (young) never says "must change": it cannot change the password (the young
// student never typed one), so the guard must not send the child to a change screen; the
// change waits for a password sign-in.
func sessionAccount(st accounts.Student, young bool) SessionAccount {
	mustChange := st.MustChangePassword && !young
	out := SessionAccount{
		Kind: Student, Username: st.Username, FirstName: st.FirstName,
		MustChangePassword: mustChange,
	}
	if mustChange {
		by := SessionAccountPasswordSetBySchool
		if st.PasswordSetBy == string(policy.PathGuardian) {
			by = SessionAccountPasswordSetByGuardian
		}
		out.PasswordSetBy = &by
	}
	return out
}
