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

// Token kinds of the two sessions.
const (
	studentKind  = "student"
	guardianKind = "guardian"
)

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
	return s.issueSession(c, s.cookieName(), studentKind, studentID, version)
}

func (s *Server) clearSessionCookie(c echo.Context) { s.clearCookie(c, s.cookieName()) }

// issueSession signs a session token of kind for subject at token version, sets it as the
// cookie name, and returns the session's CSRF token and expiry.
func (s *Server) issueSession(c echo.Context, name, kind, subject string, version int) (csrf string, expires time.Time, err error) {
	token, claims, err := s.tokens.Issue(tokens.Session, kind, subject, version, s.sessionTTL)
	if err != nil {
		return "", time.Time{}, err
	}
	c.SetCookie(&http.Cookie{
		Name: name, Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, Expires: claims.ExpiresAt.Time,
	})
	return s.tokens.Bind(claims.ID), claims.ExpiresAt.Time, nil
}

// clearCookie removes a session cookie from the browser.
func (s *Server) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, MaxAge: -1,
	})
}

// sessionClaims verifies the session cookie name: signature, expiry, audience and kind. The
// caller checks the account's token version, so a password change ends the session at once.
func (s *Server) sessionClaims(c echo.Context, name, kind string) (tokens.Claims, error) {
	cookie, err := c.Cookie(name)
	if err != nil || cookie.Value == "" {
		return tokens.Claims{}, errNotSignedIn
	}
	claims, err := s.tokens.Parse(tokens.Session, cookie.Value)
	if err != nil || claims.Kind != kind {
		return tokens.Claims{}, errNotSignedIn
	}
	return claims, nil
}

// currentSession verifies the session cookie and the student's token version.
func (s *Server) currentSession(c echo.Context) (session, error) {
	claims, err := s.sessionClaims(c, s.cookieName(), studentKind)
	if err != nil {
		return session{}, err
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

// requireCSRF refuses a state-changing request without the CSRF token bound to the session.
func (s *Server) requireCSRF(c echo.Context, claims tokens.Claims) error {
	if isUnsafe(c.Request().Method) && !s.tokens.CheckBound(claims.ID, c.Request().Header.Get(csrfHeader)) {
		return errCSRF
	}
	return nil
}

// requireStudent admits a signed-in student. State-changing requests must
// carry the session's CSRF token, and a student who must change their
// password may do nothing else first.
func (s *Server) requireStudent(c echo.Context, allowMustChange bool) (session, error) {
	sess, err := s.currentSession(c)
	if err != nil {
		return session{}, err
	}
	if err := s.requireCSRF(c, sess.claims); err != nil {
		return session{}, err
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
