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

// StartStaffSso sends the browser to the district's identity provider.
func (s *Server) StartStaffSso(c echo.Context) error {
	started, err := s.sso.Start(c.Request().Context())
	if err != nil {
		return s.ssoFailed(c, err)
	}
	s.setSSOCookie(c, started.Browser, int(sso.StateTTL/time.Second))
	return c.Redirect(http.StatusFound, started.URL)
}

// FinishStaffSso is where the provider sends the browser back: a session (or a sign-in
// pending the portal's second factor) on success, the sign-in page with the reason on any
// failure, never a session then.
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
		return s.ssoFailed(c, err)
	}
	m := in.Staff
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
// sign-in page and the reason; a missing provider is the one error body (404), anything
// else the error handler's.
func (s *Server) ssoFailed(c echo.Context, err error) error {
	var f *sso.Failure
	if errors.As(err, &f) {
		// The audit trail has the code and the cause; the log adds what the provider or
		// go-oidc said, which an operator needs to fix a provider that fails.
		attrs := []any{"code", f.Code, "reason", f.Reason}
		if f.Err != nil {
			attrs = append(attrs, "error", f.Err.Error())
		}
		s.logger.WarnContext(c.Request().Context(), "staff single sign-on failed", attrs...)
		return c.Redirect(http.StatusFound, ssoSignInPage+"?"+url.Values{ssoErrorParamKey: {f.Code}}.Encode())
	}
	return err
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
