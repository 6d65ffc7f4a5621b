package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/testop"
)

// TestSSOSignIn signs a district admin in at the provider, with the email at the userinfo
// endpoint (zitadel's default) and in the ID token (as Google does): the session works,
// its role is the portal's (the account has no second factor of the portal's: the
// provider's counts), the success is audited, and the state is spent.
func TestSSOSignIn(t *testing.T) {
	for _, inToken := range []bool{false, true} {
		t.Run(map[bool]string{false: "email from userinfo", true: "email in the ID token"}[inToken], func(t *testing.T) {
			op, p := opServer(t, testop.Options{EmailInIDToken: inToken})
			h := ssoPortal(t, op.URL, p)
			m := h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, NotEnrolled: true})
			// The provider may spell the address otherwise: emails match ignoring case.
			u := ssoUser(m.Email)
			u.Email = strings.ToUpper(m.Email)
			p.AddUser(u)

			b := newBrowser(t, h, false)
			if got := b.signIn(h.Server.URL, strings.ToUpper(m.Email)); got != "/staff" {
				t.Fatalf("got redirect %q, want /staff", got)
			}
			if b.cookie(h.Server.URL, apitest.StaffCookieName) == "" {
				t.Fatal("got no session cookie, want one")
			}
			r := b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session", nil), 200, "")
			staff, _ := r.Body["staff"].(map[string]any)
			if staff["id"] != m.ID || staff["role"] != string(policy.RoleDistrictAdmin) || r.String("secondFactorAt") == "" {
				t.Errorf("got session %s, want %s as district admin with the second factor proven", r.Raw, m.ID)
			}
			if n := h.Count(`select count(*) from audit_events where action = 'staff_sign_in_sso' and outcome = 'succeeded'
				and actor_id = $1 and reason = 'provider_second_factor'`, m.ID); n != 1 {
				t.Errorf("got %d success events, want 1", n)
			}
			if n := h.Count(`select count(*) from sso_states`); n != 0 {
				t.Errorf("got %d stored states after the sign-in, want 0", n)
			}
		})
	}
}

// TestSSOPortalSecondFactor: with the district's rule, a sign-in through the provider is
// pending the portal's second factor, exactly as after a password, and a code finishes it.
func TestSSOPortalSecondFactor(t *testing.T) {
	op, p := opServer(t, testop.Options{})
	h := ssoPortal(t, op.URL, p, func(s *config.SSO) { s.RequirePortalSecondFactor = true })
	m := h.Staff(apitest.StaffOpts{})
	p.AddUser(ssoUser(m.Email))
	b := newBrowser(t, h, false)
	if got := b.signIn(h.Server.URL, m.Email); got != "/staff/sign-in?sso=second_factor" {
		t.Fatalf("got redirect %q, want the second-factor step", got)
	}
	if b.cookie(h.Server.URL, apitest.StaffCookieName) != "" {
		t.Fatal("got a session cookie before the second factor, want none")
	}
	b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session", nil), http.StatusNoContent, "")
	pending := b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session/pending", nil), 200, "")
	if pending.String("step") != "second_factor" {
		t.Fatalf("got pending step %s, want second_factor", pending.Raw)
	}
	b.CSRF = pending.String("csrfToken")
	code, err := m.NextCode()
	if err != nil {
		t.Fatal(err)
	}
	r := b.Expect(b.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": code}), 200, "")
	b.CSRF = r.String("csrfToken")
	b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session", nil), 200, "")
	if n := h.Count(`select count(*) from audit_events where action = 'staff_sign_in_sso' and actor_id = $1
		and reason = 'second_factor_next'`, m.ID); n != 1 {
		t.Errorf("got %d sign-ins pending the portal's factor audited, want 1", n)
	}
}

// TestSSOSettings: district admins see the settings (never the secret) and test the
// provider; other roles are refused; the district names the provider for the sign-in page.
func TestSSOSettings(t *testing.T) {
	op, p := opServer(t, testop.Options{})
	h := ssoPortal(t, op.URL, p)
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r := admin.Expect(admin.Do(http.MethodGet, "/api/v1/staff/district/sso", nil), 200, "")
	if r.Body["configured"] != true || r.String("issuer") != op.URL || r.String("clientId") != ssoClientID ||
		r.String("emailDomain") != ssoDomain || r.String("redirectUrl") != h.Server.URL+config.SSOCallbackPath ||
		strings.Contains(string(r.Raw), ssoClientSecret) {
		t.Errorf("got settings %s", r.Raw)
	}
	r = admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/district/sso/test", nil), 200, "")
	if r.Body["ok"] != true || !strings.Contains(r.String("message"), "signing key") {
		t.Errorf("got test %s, want ok", r.Raw)
	}
	d := h.Client().Expect(h.Client().Do(http.MethodGet, "/api/v1/district", nil), 200, "")
	if d.String("staffSignOn") != "Test District Login" {
		t.Errorf("got district %s, want staffSignOn", d.Raw)
	}

	for _, role := range []policy.StaffRole{policy.RoleTeacher, policy.RoleSchoolAdmin} {
		c := h.StaffClient(h.Staff(apitest.StaffOpts{Role: role}))
		c.Expect(c.Do(http.MethodGet, "/api/v1/staff/district/sso", nil), http.StatusForbidden, "not_allowed")
		c.Expect(c.Do(http.MethodPost, "/api/v1/staff/district/sso/test", nil), http.StatusForbidden, "not_allowed")
	}

	op.Close()
	r = admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/district/sso/test", nil), 200, "")
	if r.Body["ok"] != false || !strings.Contains(r.String("message"), "did not answer") {
		t.Errorf("got test %s with the provider down, want not ok, in plain words", r.Raw)
	}
}

// TestSSOSettingsWrongIssuer: the test names a discovery document with another issuer.
func TestSSOSettingsWrongIssuer(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	p := testop.New("http://127.0.0.1:1", testop.Options{ClientID: ssoClientID, ClientSecret: ssoClientSecret})
	srv.Config.Handler = p.Handler
	srv.Start()
	t.Cleanup(srv.Close)
	h := ssoPortal(t, srv.URL, nil)
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r := admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/district/sso/test", nil), 200, "")
	if r.Body["ok"] != false || !strings.Contains(r.String("message"), `names the issuer "http://127.0.0.1:1"`) {
		t.Errorf("got test %s, want the issuer mismatch named", r.Raw)
	}
}

// TestSSONotConfigured: without a provider the routes say so and the district names none.
func TestSSONotConfigured(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	c.HTTP.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/sso/start", nil), http.StatusNotFound, "sso_not_configured")
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/sso/callback?state=x&code=y", nil), http.StatusNotFound, "sso_not_configured")
	if d := c.Expect(c.Do(http.MethodGet, "/api/v1/district", nil), 200, ""); d.Body["staffSignOn"] != nil {
		t.Errorf("got district %s, want no staffSignOn", d.Raw)
	}
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r := admin.Expect(admin.Do(http.MethodGet, "/api/v1/staff/district/sso", nil), 200, "")
	if r.Body["configured"] != false || r.String("redirectUrl") != h.Server.URL+config.SSOCallbackPath {
		t.Errorf("got settings %s, want not configured with the address to register", r.Raw)
	}
	admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/district/sso/test", nil), http.StatusNotFound, "sso_not_configured")
}
