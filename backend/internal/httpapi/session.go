package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// Errors of the session layer; the error handler gives each its status.
var (
	errNotSignedIn            = errors.New("not signed in")
	errCSRF                   = errors.New("missing or wrong CSRF token")
	errCrossSite              = errors.New("cross-site request")
	errPasswordChangeRequired = errors.New("password change required")
)

const csrfHeader = "X-CSRF-Token"

// session is a verified session of a signed-in student, with the student's
// account as read for this request (one query serves the check and the
// handler).
type session struct {
	claims  tokens.Claims
	student accounts.Student
}

func (s *Server) cookieName() string {
	if s.secureCookies {
		return "__Host-portal_session"
	}
	return "portal_session"
}

// setSessionCookie issues a session for the student at token version and
// returns its CSRF token and expiry.
func (s *Server) setSessionCookie(c echo.Context, studentID string, version int) (csrf string, expires time.Time, err error) {
	token, claims, err := s.tokens.Issue(tokens.Session, "student", studentID, version, s.sessionTTL)
	if err != nil {
		return "", time.Time{}, err
	}
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, Expires: claims.ExpiresAt.Time,
	})
	return s.tokens.Bind(claims.ID), claims.ExpiresAt.Time, nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(), Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, MaxAge: -1,
	})
}

// currentSession verifies the session cookie: signature, expiry, audience,
// and the account's token version, so a password change ends it at once.
func (s *Server) currentSession(c echo.Context) (session, error) {
	cookie, err := c.Cookie(s.cookieName())
	if err != nil || cookie.Value == "" {
		return session{}, errNotSignedIn
	}
	claims, err := s.tokens.Parse(tokens.Session, cookie.Value)
	if err != nil || claims.Kind != "student" {
		return session{}, errNotSignedIn
	}
	st, err := s.students.StudentByID(c.Request().Context(), claims.Subject)
	if errors.Is(err, accounts.ErrNotFound) {
		return session{}, errNotSignedIn
	}
	if err != nil {
		return session{}, err
	}
	if st.TokenVersion != claims.Version {
		return session{}, errNotSignedIn
	}
	return session{claims: claims, student: st}, nil
}

// requireStudent admits a signed-in student. State-changing requests must
// carry the session's CSRF token, and a student who must change their
// password may do nothing else first.
func (s *Server) requireStudent(c echo.Context, allowMustChange bool) (session, error) {
	sess, err := s.currentSession(c)
	if err != nil {
		return session{}, err
	}
	if isUnsafe(c.Request().Method) && !s.tokens.CheckBound(sess.claims.ID, c.Request().Header.Get(csrfHeader)) {
		return session{}, errCSRF
	}
	if sess.student.MustChangePassword && !allowMustChange {
		return session{}, errPasswordChangeRequired
	}
	return sess, nil
}

func isUnsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}
