package httpapi_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/testop"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// strictCookie leaves the staff session's cookie out of requests to the portal's callback,
// as a real browser does (SameSite=Strict, and the provider's site sends the browser
// there); Go's cookie jar would send it.
type strictCookie struct{ base http.RoundTripper }

func (s strictCookie) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == config.SSOCallbackPath {
		r = r.Clone(r.Context())
		cookies := r.Cookies()
		r.Header.Del("Cookie")
		for _, c := range cookies {
			if c.Name != apitest.StaffCookieName {
				r.AddCookie(c)
			}
		}
	}
	return s.base.RoundTrip(r)
}

// staleBrowser is m's browser with a session signed in an hour ago whose second factor was
// proven six minutes ago (too long ago for a district action), and its CSRF token.
func staleBrowser(t *testing.T, h *apitest.Harness, m *apitest.StaffMember, stopAtCallback bool) browser {
	t.Helper()
	b := newBrowser(t, h, stopAtCallback)
	b.HTTP.Transport = strictCookie{base: http.DefaultTransport}
	version := h.Count(`select token_version from staff where id = $1`, m.ID)
	now := time.Now()
	token, _, err := h.TokenIssuer().IssueStaff(tokens.Session, m.ID, version,
		tokens.StaffTimes{SignInAt: now.Add(-time.Hour), SecondFactorAt: now.Add(-6 * time.Minute)}, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(h.Server.URL)
	b.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: apitest.StaffCookieName, Value: token, Path: "/"}})
	b.CSRF = b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session", nil), 200, "").String("csrfToken")
	return b
}

// renewStart is the portal's address that starts a renewal returning to page.
func renewStart(portal, page string) string {
	return portal + "/api/v1/staff/sso/start?" + url.Values{"purpose": {"renew"}, "return": {page}}.Encode()
}

// renew runs a renewal at the provider as username, from page, and returns where the portal
// sent the browser at the end (or, for a browser stopping at the callback, the callback).
func (b browser) renew(portal, page, username string) string {
	b.t.Helper()
	resp := b.login(b.get(renewStart(portal, page)), username, ssoPassword)
	if resp.StatusCode != http.StatusFound {
		b.t.Fatalf("got %d, want the portal's redirect", resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

// districtAction is an action that needs a fresh second factor: a district admin resets
// a teacher's second factor.
func districtAction(b browser, teacher *apitest.StaffMember) apitest.Response {
	return b.Do(http.MethodDelete, "/api/v1/staff/members/"+teacher.ID+"/second-factor", nil)
}

// renewalsAudited counts the renewals of m's second factor audited with outcome and reason.
func renewalsAudited(h *apitest.Harness, m *apitest.StaffMember, outcome, reason string) int {
	return h.Count(`select count(*) from audit_events where action = 'staff_second_factor_renewed' and actor_id = $1
		and outcome = $2 and reason = $3`, m.ID, outcome, reason)
}

// TestSSORenewal: a district admin who signs in with the provider only (no authenticator,
// no passkey) renews a stale second factor by logging in at the provider again, without
// the session's Strict cookie coming back at the callback; the district action that was
// refused then passes, in the same session, and the browser is back on its page.
func TestSSORenewal(t *testing.T) {
	op, p := opServer(t, testop.Options{})
	h := ssoPortal(t, op.URL, p)
	admin := h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, NotEnrolled: true})
	teacher := h.Staff(apitest.StaffOpts{})
	p.AddUser(ssoUser(admin.Email))
	b := staleBrowser(t, h, admin, false)
	b.Expect(districtAction(b, teacher), http.StatusForbidden, "second_factor_stale")

	if got, want := b.renew(h.Server.URL, "/staff/district/setup?tab=roster", admin.Email), "/staff/district/setup?sso=renewed&tab=roster"; got != want {
		t.Fatalf("got redirect %q, want %q", got, want)
	}
	// The same session: its CSRF token still works, and its sign-in time is kept.
	s := b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session", nil), 200, "")
	if at, _ := time.Parse(time.RFC3339, s.String("secondFactorAt")); time.Since(at) > time.Minute {
		t.Errorf("got secondFactorAt %s, want now", s.String("secondFactorAt"))
	}
	if exp, _ := time.Parse(time.RFC3339, s.String("expiresAt")); time.Until(exp) > 7*time.Hour+time.Minute {
		t.Errorf("got expiresAt %s, want the session's own end, 7 hours away", s.String("expiresAt"))
	}
	b.Expect(districtAction(b, teacher), http.StatusNoContent, "")
	if n := renewalsAudited(h, admin, "succeeded", "sso"); n != 1 {
		t.Errorf("got %d renewals audited, want 1", n)
	}
	if n := h.Count(`select count(*) from sso_states`); n != 0 {
		t.Errorf("got %d stored states after the renewal, want 0", n)
	}

	// The authorization request asks the provider for a new login.
	b.HTTP.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	to, err := url.Parse(b.get(renewStart(h.Server.URL, "/staff")).Header.Get("Location"))
	if err != nil || to.Query().Get("prompt") != "login" || to.Query().Get("max_age") != "0" || to.Query().Get("code_challenge") == "" {
		t.Errorf("got authorization request %v (%v), want prompt=login, max_age=0 and PKCE", to, err)
	}
}

// TestSSORenewalRefusals: each way a renewal fails renews nothing (the district action is
// still refused) and says why with sso_error.
func TestSSORenewalRefusals(t *testing.T) {
	const page = "/staff/district/setup"
	setup := func(t *testing.T, o testop.Options, change ...func(*config.SSO)) (*apitest.Harness, *testop.Provider, *apitest.StaffMember, *apitest.StaffMember) {
		op, p := opServer(t, o)
		h := ssoPortal(t, op.URL, p, change...)
		admin := h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, NotEnrolled: true})
		p.AddUser(ssoUser(admin.Email))
		return h, p, admin, h.Staff(apitest.StaffOpts{})
	}
	stillStale := func(t *testing.T, b browser, teacher *apitest.StaffMember) {
		t.Helper()
		b.Expect(districtAction(b, teacher), http.StatusForbidden, "second_factor_stale")
	}

	t.Run("another person at the provider", func(t *testing.T) {
		h, p, admin, teacher := setup(t, testop.Options{})
		// A colleague logs in at the provider on the admin's computer.
		colleague := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(colleague.Email))
		b := staleBrowser(t, h, admin, false)
		if got, want := b.renew(h.Server.URL, page, colleague.Email), page+"?sso_error=sso_other_person"; got != want {
			t.Errorf("got redirect %q, want %q", got, want)
		}
		stillStale(t, b, teacher)
		if n := renewalsAudited(h, admin, "refused", "sso:sso_other_person:other_person"); n != 1 {
			t.Errorf("got %d refusals audited, want 1", n)
		}
	})
	t.Run("the provider reused an earlier login", func(t *testing.T) {
		h, _, admin, teacher := setup(t, testop.Options{AuthTimeAgo: 20 * time.Minute, EmailInIDToken: true})
		b := staleBrowser(t, h, admin, false)
		if got, want := b.renew(h.Server.URL, page, admin.Email), page+"?sso_error=sso_not_reauthenticated"; got != want {
			t.Errorf("got redirect %q, want %q", got, want)
		}
		stillStale(t, b, teacher)
		if n := renewalsAudited(h, admin, "refused", "sso:sso_not_reauthenticated:auth_time_stale"); n != 1 {
			t.Errorf("got %d refusals audited, want 1", n)
		}
	})
	t.Run("replayed state", func(t *testing.T) {
		h, _, admin, teacher := setup(t, testop.Options{})
		b := staleBrowser(t, h, admin, true)
		callback := b.renew(h.Server.URL, page, admin.Email)
		binding := b.cookie(h.Server.URL, "portal_sso")
		if resp := b.get(callback); resp.Header.Get("Location") != page+"?sso=renewed" {
			t.Fatalf("got first callback to %q, want the page", resp.Header.Get("Location"))
		}
		// Another stale session of the admin, with the first browser's binding cookie,
		// replays the callback: no renewal for it.
		replay := staleBrowser(t, h, admin, false)
		u, _ := url.Parse(h.Server.URL)
		replay.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "portal_sso", Value: binding, Path: "/"}})
		resp := replay.get(callback)
		if got := resp.Header.Get("Location"); got != "/staff/sign-in?sso_error=sso_state_invalid" {
			t.Errorf("got replay to %q, want sso_state_invalid", got)
		}
		for _, c := range resp.Cookies() {
			if c.Name == apitest.StaffCookieName {
				t.Errorf("got a session cookie set by the replay, want none")
			}
		}
		stillStale(t, replay, teacher)
	})
	t.Run("no session", func(t *testing.T) {
		h, _, _, _ := setup(t, testop.Options{})
		b := newBrowser(t, h, false)
		if got := b.get(renewStart(h.Server.URL, page)).Header.Get("Location"); got != "/staff/sign-in?sso_error=sso_session_ended" {
			t.Errorf("got redirect %q, want the sign-in page with sso_session_ended", got)
		}
		if n := h.Count(`select count(*) from sso_states`); n != 0 {
			t.Errorf("got %d states stored without a session, want none", n)
		}
	})
	t.Run("signed out while at the provider", func(t *testing.T) {
		h, _, admin, _ := setup(t, testop.Options{})
		b := staleBrowser(t, h, admin, true)
		callback := b.renew(h.Server.URL, page, admin.Email)
		b.Expect(b.Do(http.MethodDelete, "/api/v1/staff/session", nil), http.StatusNoContent, "")
		resp := b.get(callback)
		if got := resp.Header.Get("Location"); got != "/staff/sign-in?sso_error=sso_session_ended" {
			t.Errorf("got redirect %q, want the sign-in page with sso_session_ended", got)
		}
		if b.cookie(h.Server.URL, apitest.StaffCookieName) != "" {
			t.Error("got a session cookie after signing out, want none")
		}
		if n := renewalsAudited(h, admin, "refused", "sso:sso_session_ended:session_signed_out"); n != 1 {
			t.Errorf("got %d refusals audited, want 1", n)
		}
	})
	t.Run("the district requires the portal's second factor", func(t *testing.T) {
		h, _, admin, _ := setup(t, testop.Options{}, func(s *config.SSO) { s.RequirePortalSecondFactor = true })
		b := staleBrowser(t, h, admin, false)
		if got, want := b.get(renewStart(h.Server.URL, page)).Header.Get("Location"), page+"?sso_error=sso_renewal_not_allowed"; got != want {
			t.Errorf("got redirect %q, want %q", got, want)
		}
		if n := h.Count(`select count(*) from sso_states`); n != 0 {
			t.Errorf("got %d states stored, want none", n)
		}
	})
	t.Run("open redirect", func(t *testing.T) {
		h, _, admin, _ := setup(t, testop.Options{})
		b := staleBrowser(t, h, admin, false)
		for _, to := range []string{"https://evil.example/staff", "//evil.example", "/\\evil.example", "/staff/../../evil",
			"/staff//evil.example", "/staff%2f..%2fevil", "javascript:alert(1)", "/staff@evil.example", "/account"} {
			r := b.Do(http.MethodGet, "/api/v1/staff/sso/start?"+url.Values{"purpose": {"renew"}, "return": {to}}.Encode(), nil)
			if r.Status != http.StatusBadRequest || r.Code() != "sso_return_invalid" {
				t.Errorf("return %q: got %d %s, want 400 sso_return_invalid", to, r.Status, r.Raw)
			}
		}
		if n := h.Count(`select count(*) from sso_states`); n != 0 {
			t.Errorf("got %d states stored, want none", n)
		}
	})
}
