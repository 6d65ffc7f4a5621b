package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// familySession is a verified family session with the guardian as read for this request.
type familySession struct {
	claims   tokens.Claims
	guardian family.Guardian
}

// familyCookieName is the family session's cookie: separate from a student's, so a parent
// and a child can be signed in on one family computer without one ending the other.
func (s *Server) familyCookieName() string {
	if s.secureCookies {
		return "__Host-portal_family"
	}
	return "portal_family"
}

// respondFamilySession sets a fresh family session cookie and answers with the session.
func (s *Server) respondFamilySession(c echo.Context, g family.Guardian, version int) error {
	claims, err := s.issueSession(c, s.familyCookieName(), guardianKind, g.ID, version, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, guardianSession(s.tokens.Bind(claims.ID), claims.ExpiresAt.Time, g))
}

func guardianSession(csrf string, expires time.Time, g family.Guardian) GuardianSession {
	return GuardianSession{CsrfToken: csrf, ExpiresAt: expires, Guardian: Guardian{
		Email: g.Email, Name: g.Name, Locale: GuardianLocale(g.Locale), EmailVerified: g.Verified(),
	}}
}

func (s *Server) clearFamilyCookie(c echo.Context) { s.clearCookie(c, s.familyCookieName()) }

// currentFamilySession verifies the family cookie and, in one query, the guardian's token
// version (a password change ends the session at once) and that it was not signed out.
func (s *Server) currentFamilySession(c echo.Context) (familySession, error) {
	claims, err := s.sessionClaims(c, s.familyCookieName(), guardianKind)
	if err != nil {
		return familySession{}, err
	}
	g, revoked, err := s.sessions.GuardianSession(c.Request().Context(), claims.Subject, claims.ID)
	if err := liveSession(claims, g.TokenVersion, revoked, err); err != nil {
		return familySession{}, err
	}
	return familySession{claims: claims, guardian: g}, nil
}

// requireGuardian admits a signed-in guardian; state-changing requests must carry the
// family session's CSRF token.
func (s *Server) requireGuardian(c echo.Context) (familySession, error) {
	sess, err := s.currentFamilySession(c)
	if err != nil {
		return familySession{}, err
	}
	if err := s.requireCSRF(c, sess.claims); err != nil {
		return familySession{}, err
	}
	return sess, nil
}
