package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/sso"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// Where the callback sends the browser: the staff area, or the staff sign-in page with the
// reason of a failure or the portal's second factor to prove.
const (
	ssoSignedIn      = "/staff"
	ssoSignInPage    = "/staff/sign-in"
	ssoSecondFactor  = ssoSignInPage + "?sso=second_factor"
	ssoErrorParamKey = "sso_error"
)

// ssoCookieName binds a started sign-in's state to the browser that started it.
func (s *Server) ssoCookieName() string {
	if s.secureCookies {
		return "__Host-portal_sso"
	}
	return "portal_sso"
}

// setSSOCookie sets (or, with an empty value, clears) the binding cookie. SameSite=Lax, not
// Strict like the session cookies: the provider sends the browser back with a cross-site
// navigation, on which a Strict cookie would not come along.
func (s *Server) setSSOCookie(c echo.Context, value string, maxAge int) {
	c.SetCookie(&http.Cookie{
		Name: s.ssoCookieName(), Value: value, Path: "/", HttpOnly: true, Secure: s.secureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge,
	})
}

// StartStaffSso sends the browser to the district's identity provider, to sign in or, with
// purpose=renew, to prove a signed-in staff member's second factor again.
func (s *Server) StartStaffSso(c echo.Context, params StartStaffSsoParams) error {
	if params.Purpose != nil && *params.Purpose == SsoPurposeRenew {
		return s.startSSORenewal(c, deref(params.Return))
	}
	started, err := s.sso.Start(c.Request().Context())
	if err != nil {
		return s.ssoFailed(c, err, nil)
	}
	s.setSSOCookie(c, started.Browser, int(sso.StateTTL/time.Second))
	return c.Redirect(http.StatusFound, started.URL)
}

// startSSORenewal starts a renewal bound to the staff session of this request. The
// request is a navigation from the staff page (same site), so the session's Strict
// cookie comes along here; it will not at the callback, which the provider's site sends,
// so the session is named in the stored state instead.
func (s *Server) startSSORenewal(c echo.Context, rawReturn string) error {
	if !s.sso.Configured() {
		return sso.ErrNotConfigured
	}
	returnTo, ok := policy.StaffReturnPath(rawReturn)
	if !ok {
		return errReturnInvalid
	}
	sess, err := s.requireStaff(c)
	if errors.Is(err, errNotSignedIn) {
		return c.Redirect(http.StatusFound, ssoFailurePage(sso.CodeSessionEnded, nil))
	}
	if err != nil {
		return err
	}
	r := sso.Renewal{StaffID: sess.member.ID, SessionID: sess.claims.ID, TokenVersion: sess.claims.Version,
		SignInAt: sess.signInAt, ReturnTo: returnTo}
	started, err := s.sso.StartRenewal(c.Request().Context(), r)
	if err != nil {
		return s.ssoFailed(c, err, &r)
	}
	s.setSSOCookie(c, started.Browser, int(sso.StateTTL/time.Second))
	return c.Redirect(http.StatusFound, started.URL)
}

// FinishStaffSso is where the provider sends the browser back: a session (or a sign-in
// pending the portal's second factor) on success, the sign-in page with the reason on any
// failure, never a session then. A renewal's callback re-issues the session that started
// it with the second factor proven now and goes back to its page.
func (s *Server) FinishStaffSso(c echo.Context, params FinishStaffSsoParams) error {
	browser := ""
	if cookie, err := c.Cookie(s.ssoCookieName()); err == nil {
		browser = cookie.Value
	}
	s.setSSOCookie(c, "", -1)
	in, err := s.sso.Finish(c.Request().Context(), sso.Callback{
		Code: deref(params.Code), State: deref(params.State), Error: deref(params.Error),
		Issuer: c.QueryParam("iss"), Browser: browser,
	})
	if err != nil {
		return s.ssoFailed(c, err, in.Renewal)
	}
	m := in.Staff
	if r := in.Renewal; r != nil {
		// The same session (id, sign-in time) with its second factor proven now, as a code
		// renews it (renewStaffFactor); past its 8 hours there is nothing to renew.
		_, err := s.issueStaffSession(c, m, r.TokenVersion, tokens.StaffTimes{
			SessionID: r.SessionID, SignInAt: r.SignInAt, SecondFactorAt: s.tokens.Now()})
		if errors.Is(err, errNotSignedIn) {
			return c.Redirect(http.StatusFound, ssoFailurePage(sso.CodeSessionEnded, nil))
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusFound, withQuery(r.ReturnTo, "sso", "renewed"))
	}
	if in.PortalFactor {
		token, claims, err := s.tokens.IssueStaff(tokens.StaffPending, m.ID, m.TokenVersion, tokens.StaffTimes{}, staff.PendingTTL)
		if err != nil {
			return err
		}
		s.setStaffCookie(c, s.staffPendingCookieName(), token, claims.ExpiresAt.Time)
		return c.Redirect(http.StatusFound, ssoSecondFactor)
	}
	now := s.tokens.Now()
	if _, err := s.issueStaffSession(c, m, m.TokenVersion, tokens.StaffTimes{SignInAt: now, SecondFactorAt: now}); err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, ssoSignedIn)
}

// ssoFailed answers a sign-in that failed at the provider or at the checks with the
// sign-in page and the reason (a renewal: its page, still signed in), a missing provider
// is the one error body (404), anything else the error handler's.
func (s *Server) ssoFailed(c echo.Context, err error, renewal *sso.Renewal) error {
	var f *sso.Failure
	if errors.As(err, &f) {
		// The audit trail has the code and the cause; the log adds what the provider or
		// go-oidc said, which an operator needs to fix a provider that fails.
		attrs := []any{"code", f.Code, "reason", f.Reason, "renewal", renewal != nil}
		if f.Err != nil {
			attrs = append(attrs, "error", f.Err.Error())
		}
		s.logger.WarnContext(c.Request().Context(), "staff single sign-on failed", attrs...)
		return c.Redirect(http.StatusFound, ssoFailurePage(f.Code, renewal))
	}
	return err
}

// ssoFailurePage is where a failure with code sends the browser: back to a renewal's page
// (the staff member is still signed in there), unless the session ended, else the sign-in
// page.
func ssoFailurePage(code string, renewal *sso.Renewal) string {
	if renewal != nil && code != sso.CodeSessionEnded {
		return withQuery(renewal.ReturnTo, ssoErrorParamKey, code)
	}
	return ssoSignInPage + "?" + url.Values{ssoErrorParamKey: {code}}.Encode()
}

// withQuery sets key to value in the query of path, a relative path that
// policy.StaffReturnPath accepted, dropping an outcome of an earlier renewal.
func withQuery(path, key, value string) string {
	u, err := url.Parse(path)
	if err != nil {
		return ssoSignedIn
	}
	q := u.Query()
	q.Del("sso")
	q.Del(ssoErrorParamKey)
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// GetStaffSsoSettings shows a district admin the single sign-on settings, never the secret.
func (s *Server) GetStaffSsoSettings(c echo.Context) error {
	if _, err := s.ssoAdmin(c); err != nil {
		return err
	}
	set := s.sso.Settings
	out := SsoSettings{Configured: s.sso.Configured(), RedirectUrl: ptr(set.RedirectURL)}
	if out.Configured {
		out.Issuer, out.ClientId, out.EmailDomain = ptr(set.Issuer), ptr(set.ClientID), ptr(set.EmailDomain)
		out.Label, out.RequirePortalSecondFactor = ptr(set.Label), ptr(set.RequirePortalSecondFactor)
	}
	return c.JSON(http.StatusOK, out)
}

// TestStaffSso fetches the provider's discovery document and keys now.
func (s *Server) TestStaffSso(c echo.Context) error {
	if _, err := s.ssoAdmin(c); err != nil {
		return err
	}
	check, err := s.sso.Check(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, SettingsTest{Ok: check.OK, Message: check.Message})
}

// ssoAdmin admits a district admin to the single sign-on settings.
func (s *Server) ssoAdmin(c echo.Context) (staffSession, error) {
	sess, err := s.requireStaff(c)
	if err != nil {
		return staffSession{}, err
	}
	if !policy.MayManageSSO(sess.member.Role) {
		return staffSession{}, staff.ErrNotAllowed
	}
	return sess, nil
}
