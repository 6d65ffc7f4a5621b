package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// staffKind is the token kind of staff tokens, pending and session alike.
const staffKind = "staff"

// Lifetimes of a staff session: it ends 30 minutes after its last request, and 8 hours
// after its sign-in whatever happens.
const (
	staffIdle = 30 * time.Minute
	staffMax  = 8 * time.Hour
)

// StaffSessionStore reads the staff member of a session together with whether the session
// was signed out, in one query (postgres.Sessions).
type StaffSessionStore interface {
	StaffSession(ctx context.Context, staffID, sessionID string) (m accounts.Staff, revoked bool, err error)
}

// staffSession is a verified staff session, with the staff member as read for this request.
type staffSession struct {
	claims         tokens.Claims
	member         accounts.Staff
	signInAt       time.Time
	secondFactorAt time.Time
}

// staffCookieName is the staff session's cookie, apart from the student's and the family's.
func (s *Server) staffCookieName() string {
	if s.secureCookies {
		return "__Host-portal_staff"
	}
	return "portal_staff"
}

// staffPendingCookieName holds a sign-in waiting for its second factor.
func (s *Server) staffPendingCookieName() string {
	if s.secureCookies {
		return "__Host-portal_staff_pending"
	}
	return "portal_staff_pending"
}

func (s *Server) setStaffCookie(c echo.Context, name, token string, expires time.Time) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteStrictMode, Expires: expires,
	})
}

// issueStaffSession signs m's session with times t and sets its cookie: it lives 30
// minutes idle, cut short at 8 hours after the sign-in.
func (s *Server) issueStaffSession(c echo.Context, m accounts.Staff, version int, t tokens.StaffTimes) (tokens.Claims, error) {
	ttl := min(staffIdle, t.SignInAt.Add(staffMax).Sub(s.tokens.Now()))
	if ttl <= 0 {
		return tokens.Claims{}, errNotSignedIn
	}
	token, claims, err := s.tokens.IssueStaff(tokens.Session, m.ID, version, t, ttl)
	if err != nil {
		return tokens.Claims{}, err
	}
	s.setStaffCookie(c, s.staffCookieName(), token, claims.ExpiresAt.Time)
	return claims, nil
}

// currentStaffSession verifies the staff cookie (a token of the staff kind with both of its
// times, not past 8 hours after its sign-in) and, in one query, the staff member's token
// version and that the session was not signed out.
func (s *Server) currentStaffSession(c echo.Context) (staffSession, error) {
	claims, err := s.sessionClaims(c, s.staffCookieName(), staffKind)
	if err != nil {
		return staffSession{}, err
	}
	if claims.SignInAt == nil || claims.SecondFactorAt == nil ||
		!s.tokens.Now().Before(claims.SignInAt.Add(staffMax)) {
		return staffSession{}, errNotSignedIn
	}
	m, revoked, err := s.staffSessions.StaffSession(c.Request().Context(), claims.Subject, claims.ID)
	if err := liveSession(claims, m.TokenVersion, revoked, err); err != nil {
		return staffSession{}, err
	}
	return staffSession{claims: claims, member: m, signInAt: claims.SignInAt.Time,
		secondFactorAt: claims.SecondFactorAt.Time}, nil
}

// requireStaff admits a signed-in staff member whose second factor is proven; state-changing
// requests must carry the staff session's CSRF token. Every admitted request slides the
// idle limit: the cookie is re-issued for the same session.
func (s *Server) requireStaff(c echo.Context) (staffSession, error) {
	sess, err := s.currentStaffSession(c)
	if err != nil {
		return staffSession{}, err
	}
	if err := s.requireCSRF(c, sess.claims); err != nil {
		return staffSession{}, err
	}
	if err := s.slideStaffSession(c, &sess); err != nil {
		return staffSession{}, err
	}
	return sess, nil
}

// slideStaffSession re-issues sess's cookie with a new idle limit.
func (s *Server) slideStaffSession(c echo.Context, sess *staffSession) error {
	claims, err := s.issueStaffSession(c, sess.member, sess.member.TokenVersion, sess.times())
	if err != nil {
		return err
	}
	sess.claims = claims
	return nil
}

func (sess staffSession) times() tokens.StaffTimes {
	return tokens.StaffTimes{SessionID: sess.claims.ID, SignInAt: sess.signInAt, SecondFactorAt: sess.secondFactorAt}
}

// pendingStaff verifies the pending cookie of a sign-in waiting for its second factor, the
// staff member's token version, that the pending sign-in was not finished already, and on
// state-changing requests its CSRF token.
func (s *Server) pendingStaff(c echo.Context) (tokens.Claims, accounts.Staff, error) {
	cookie, err := c.Cookie(s.staffPendingCookieName())
	if err != nil || cookie.Value == "" {
		return tokens.Claims{}, accounts.Staff{}, errNotSignedIn
	}
	claims, err := s.tokens.Parse(tokens.StaffPending, cookie.Value)
	if err != nil || claims.Kind != staffKind || claims.ID == "" {
		return tokens.Claims{}, accounts.Staff{}, errNotSignedIn
	}
	m, revoked, err := s.staffSessions.StaffSession(c.Request().Context(), claims.Subject, claims.ID)
	if err := liveSession(claims, m.TokenVersion, revoked, err); err != nil {
		return tokens.Claims{}, accounts.Staff{}, err
	}
	if err := s.requireCSRF(c, claims); err != nil {
		return tokens.Claims{}, accounts.Staff{}, err
	}
	return claims, m, nil
}

// finishStaffSignIn turns a pending sign-in whose second factor was just proven into a
// session: the pending token is spent (a copy of it cannot start another sign-in) and its
// cookie cleared.
func (s *Server) finishStaffSignIn(c echo.Context, pending tokens.Claims, staffID string) (StaffSession, error) {
	ctx := c.Request().Context()
	if err := s.sessions.RevokeSession(ctx, pending.ID, pending.ExpiresAt.Time); err != nil {
		return StaffSession{}, err
	}
	s.clearCookie(c, s.staffPendingCookieName())
	m, _, err := s.staffSessions.StaffSession(ctx, staffID, "")
	if err != nil {
		return StaffSession{}, err
	}
	now := s.tokens.Now()
	claims, err := s.issueStaffSession(c, m, m.TokenVersion, tokens.StaffTimes{SignInAt: now, SecondFactorAt: now})
	if err != nil {
		return StaffSession{}, err
	}
	return s.staffSessionOut(claims, m), nil
}

// renewStaffFactor re-issues a live session with its second factor proven now.
func (s *Server) renewStaffFactor(c echo.Context, sess staffSession) (StaffSession, error) {
	sess.secondFactorAt = s.tokens.Now()
	if err := s.slideStaffSession(c, &sess); err != nil {
		return StaffSession{}, err
	}
	return s.staffSessionOut(sess.claims, sess.member), nil
}

// endStaffSession signs out: the session is revoked until its 8-hour end, since every
// re-issued cookie of it carries the same id.
func (s *Server) endStaffSession(c echo.Context, sess staffSession, err error) error {
	if err == nil {
		sess.claims.ExpiresAt = jwt.NewNumericDate(sess.signInAt.Add(staffMax))
	}
	return s.endSession(c, s.staffCookieName(), sess.claims, err)
}

func (s *Server) staffSessionOut(claims tokens.Claims, m accounts.Staff) StaffSession {
	out := StaffSession{
		CsrfToken: s.tokens.Bind(claims.ID), IdleExpiresAt: claims.ExpiresAt.Time,
		ExpiresAt: claims.SignInAt.Add(staffMax), SecondFactorAt: claims.SecondFactorAt.Time,
		Staff: StaffMember{
			Id: m.ID, Email: m.Email, FirstName: m.FirstName, LastName: m.LastName,
			Role: StaffMemberRole(m.Role), Title: m.Title, DistrictName: m.DistrictName,
		},
	}
	if m.SchoolName != "" {
		out.Staff.SchoolName = ptr(m.SchoolName)
	}
	out.Staff.SecondFactors.Totp = m.TOTPEnrolled
	out.Staff.SecondFactors.Passkeys = m.Passkeys
	out.Staff.SecondFactors.RecoveryCodesLeft = ptr(m.RecoveryCodesLeft)
	return out
}

// staffStep describes a pending sign-in's next step.
func (s *Server) staffStep(claims tokens.Claims, m accounts.Staff) StaffSignInStep {
	out := StaffSignInStep{Step: SecondFactor, Methods: []StaffSignInStepMethods{},
		CsrfToken: s.tokens.Bind(claims.ID), ExpiresAt: claims.ExpiresAt.Time}
	if !m.HasSecondFactor() {
		out.Step = EnrolTotp
	}
	for _, method := range staff.Methods(m) {
		out.Methods = append(out.Methods, StaffSignInStepMethods(method))
	}
	return out
}

// pendingOrSession finds who proves a second factor: a pending sign-in first, else a live
// session (renewal). Exactly one of the results' claims is set.
func (s *Server) pendingOrSession(c echo.Context) (pending tokens.Claims, sess staffSession, m accounts.Staff, err error) {
	pending, m, err = s.pendingStaff(c)
	if !errors.Is(err, errNotSignedIn) {
		return pending, staffSession{}, m, err
	}
	sess, err = s.currentStaffSession(c)
	if err != nil {
		return tokens.Claims{}, staffSession{}, accounts.Staff{}, err
	}
	if err := s.requireCSRF(c, sess.claims); err != nil {
		return tokens.Claims{}, staffSession{}, accounts.Staff{}, err
	}
	return tokens.Claims{}, sess, sess.member, nil
}
