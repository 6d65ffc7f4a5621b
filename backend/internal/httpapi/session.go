package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// Errors of the session layer; the error handler gives each its status.
var (
	errNotSignedIn            = errors.New("not signed in")
	errCSRF                   = errors.New("missing or wrong CSRF token")
	errCrossSite              = errors.New("cross-site request")
	errPasswordChangeRequired = errors.New("password change required")
	// errBadgeSession refuses what needs the password to a session begun with a badge or
	// pictures.
	errBadgeSession = errors.New("badge session")
	// errReturnInvalid is a renewal through the identity provider asked to come back to
	// somewhere that is not a page of the staff area (policy.StaffReturnPath).
	errReturnInvalid = errors.New("return path not a staff page")
)

const csrfHeader = "X-CSRF-Token"

// Token kinds of the two sessions.
const (
	studentKind  = "student"
	guardianKind = "guardian"
)

// SessionStore reads the account of a session together with whether the session was
// signed out, in one query, so a signed-in request costs one query; and it records
// sign-outs. A signed-out session is refused until its token expires, and so is a copy of
// its cookie.
type SessionStore interface {
	StudentSession(ctx context.Context, studentID, sessionID string) (st accounts.Student, revoked bool, err error)
	GuardianSession(ctx context.Context, guardianID, sessionID string) (g family.Guardian, revoked bool, err error)
	// RevokeSession records that sessionID was signed out; expires is when its token
	// expires, after which the record may go. Revoking twice is no error.
	RevokeSession(ctx context.Context, sessionID string, expires time.Time) error
}

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

// setSessionCookie issues a session for the student at token version; signIn marks one made
// by a sign-in with the password.
func (s *Server) setSessionCookie(c echo.Context, studentID string, version int, signIn bool) (tokens.Claims, error) {
	return s.issueSession(c, s.cookieName(), studentKind, studentID, version, signIn)
}

// issueSession signs a session token of kind for subject at token version, sets it as the
// cookie name, and returns its claims.
func (s *Server) issueSession(c echo.Context, name, kind, subject string, version int, signIn bool) (tokens.Claims, error) {
	issue := s.tokens.Issue
	if signIn {
		issue = s.tokens.IssueSignIn
	}
	token, claims, err := issue(tokens.Session, kind, subject, version, s.sessionTTL)
	if err != nil {
		return tokens.Claims{}, err
	}
	s.setCookie(c, name, token, claims)
	return claims, nil
}

// setCookie sets the session token as the cookie name, expiring with it.
func (s *Server) setCookie(c echo.Context, name, token string, claims tokens.Claims) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, Expires: claims.ExpiresAt.Time,
	})
}

// signedInAt is when a session made by a sign-in with the password was issued; zero for a
// session re-issued after a change.
func signedInAt(claims tokens.Claims) time.Time {
	if !claims.SignIn || claims.IssuedAt == nil {
		return time.Time{}
	}
	return claims.IssuedAt.Time
}

// freshSignInUntil is the end of the moment in which a session proves its password was just
// typed (policy.FreshSignIn), or nil when it does not.
func freshSignInUntil(claims tokens.Claims, now time.Time) *time.Time {
	at := signedInAt(claims)
	if !policy.MaySkipCurrentPassword(true, at, now) {
		return nil
	}
	until := at.Add(policy.FreshSignIn)
	return &until
}

// clearCookie removes a session cookie from the browser.
func (s *Server) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, MaxAge: -1,
	})
}

// sessionClaims verifies the session cookie name: signature, expiry, audience and kind, and
// that it has an id (a session without one could not be signed out). The caller checks the
// account with liveSession.
func (s *Server) sessionClaims(c echo.Context, name, kind string) (tokens.Claims, error) {
	cookie, err := c.Cookie(name)
	if err != nil || cookie.Value == "" {
		return tokens.Claims{}, errNotSignedIn
	}
	claims, err := s.tokens.Parse(tokens.Session, cookie.Value)
	if err != nil || claims.Kind != kind || claims.ID == "" {
		return tokens.Claims{}, errNotSignedIn
	}
	return claims, nil
}

// liveSession judges the account read of a session (its token version, whether the session
// was signed out, and the read's error): a missing account, a sign-out and a password
// change since the token was issued all end the session.
func liveSession(claims tokens.Claims, version int, revoked bool, err error) error {
	switch {
	case errors.Is(err, accounts.ErrNotFound):
		return errNotSignedIn
	case err != nil:
		return err
	case revoked || version != claims.Version:
		return errNotSignedIn
	}
	return nil
}

// currentSession verifies the session cookie and, in one query, the student's token version
// and that the session was not signed out.
func (s *Server) currentSession(c echo.Context) (session, error) {
	claims, err := s.sessionClaims(c, s.cookieName(), studentKind)
	if err != nil {
		return session{}, err
	}
	st, revoked, err := s.sessions.StudentSession(c.Request().Context(), claims.Subject, claims.ID)
	if err := liveSession(claims, st.TokenVersion, revoked, err); err != nil {
		return session{}, err
	}
	return session{claims: claims, student: st}, nil
}

// keepSigningOut lets a sign-out that reached the server finish: a browser that leaves the
// page right after "Sign out" aborts the request, and a revocation cut short would leave a
// copy of the cookie working.
func keepSigningOut(c echo.Context) {
	c.SetRequest(c.Request().WithContext(context.WithoutCancel(c.Request().Context())))
}

// endSession signs out the session that a require function admitted (claims) or refused
// (err): it revokes an admitted session on the server, so a copy of its cookie stops
// working too, and clears the cookie name. A session that is over already (expired,
// revoked, garbage) is not an error; a refused CSRF token is.
func (s *Server) endSession(c echo.Context, name string, claims tokens.Claims, err error) error {
	switch {
	case errors.Is(err, errNotSignedIn):
	case err != nil:
		return err
	default:
		if err := s.sessions.RevokeSession(c.Request().Context(), claims.ID, claims.ExpiresAt.Time); err != nil {
			return err
		}
	}
	s.clearCookie(c, name)
	return c.NoContent(http.StatusNoContent)
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
	// A badge or picture session is never held to a pending password change: a young
	// student who signs in with a card or pictures cannot make one, and the staff page still
	// shows it is pending.
	if sess.student.MustChangePassword && !allowMustChange && !sess.claims.YoungSignIn() {
		return session{}, errPasswordChangeRequired
	}
	return sess, nil
}

// requirePasswordSession admits a signed-in student whose session began with the password:
// changing the password, PIN or questions needs it, and a badge proves only the card (and
// pictures only 3 of 16 pictures).
func (s *Server) requirePasswordSession(c echo.Context, allowMustChange bool) (session, error) {
	sess, err := s.requireStudent(c, allowMustChange)
	if err != nil {
		return session{}, err
	}
	if sess.claims.YoungSignIn() {
		return session{}, errBadgeSession
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
