package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// guardianKind is the token kind of a family session.
const guardianKind = "guardian"

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
	token, claims, err := s.tokens.Issue(tokens.Session, guardianKind, g.ID, version, s.sessionTTL)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: s.familyCookieName(), Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, Expires: claims.ExpiresAt.Time,
	})
	return c.JSON(http.StatusOK, guardianSession(s.tokens.Bind(claims.ID), claims.ExpiresAt.Time, g))
}

func guardianSession(csrf string, expires time.Time, g family.Guardian) GuardianSession {
	return GuardianSession{CsrfToken: csrf, ExpiresAt: expires, Guardian: Guardian{
		Email: g.Email, Name: g.Name, Locale: GuardianLocale(g.Locale), EmailVerified: g.Verified(),
	}}
}

func (s *Server) clearFamilyCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: s.familyCookieName(), Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, MaxAge: -1,
	})
}

// currentFamilySession verifies the family cookie: signature, expiry, audience, kind, and
// the guardian's token version, so a password change ends it at once.
func (s *Server) currentFamilySession(c echo.Context) (familySession, error) {
	cookie, err := c.Cookie(s.familyCookieName())
	if err != nil || cookie.Value == "" {
		return familySession{}, errNotSignedIn
	}
	claims, err := s.tokens.Parse(tokens.Session, cookie.Value)
	if err != nil || claims.Kind != guardianKind {
		return familySession{}, errNotSignedIn
	}
	g, err := s.family.Guardian(c.Request().Context(), claims.Subject)
	if errors.Is(err, accounts.ErrNotFound) {
		return familySession{}, errNotSignedIn
	}
	if err != nil {
		return familySession{}, err
	}
	if g.TokenVersion != claims.Version {
		return familySession{}, errNotSignedIn
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
	if isUnsafe(c.Request().Method) && !s.tokens.CheckBound(sess.claims.ID, c.Request().Header.Get(csrfHeader)) {
		return familySession{}, errCSRF
	}
	return sess, nil
}
