package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/testop"
)

// expectRefused checks a failed sign-in: the sign-in page with the code, no session cookie
// and no pending sign-in in the browser, and a refusal audited with the finer reason.
func expectRefused(t *testing.T, h *apitest.Harness, b browser, location, code, reason string) {
	t.Helper()
	if want := "/staff/sign-in?sso_error=" + code; location != want {
		t.Errorf("got redirect %q, want %q", location, want)
	}
	for _, name := range []string{apitest.StaffCookieName, "portal_staff_pending"} {
		if v := b.cookie(h.Server.URL, name); v != "" {
			t.Errorf("got cookie %s, want none", name)
		}
	}
	if n := h.Count(`select count(*) from audit_events where action = 'staff_sign_in_sso' and outcome = 'refused'
		and reason = $1`, code+":"+reason); n != 1 {
		t.Errorf("got %d refusals audited as %s:%s, want 1 (%s)", n, code, reason,
			h.Text(`select coalesce(string_agg(reason, ', '), '') from audit_events where action = 'staff_sign_in_sso'`))
	}
}

// noFollow returns where the portal's start sends a browser, without going there.
func noFollow(t *testing.T, h *apitest.Harness) (*apitest.Client, *url.URL, string) {
	t.Helper()
	c := h.Client()
	c.HTTP.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r := c.Do(http.MethodGet, "/api/v1/staff/sso/start", nil)
	if r.Status != http.StatusFound {
		t.Fatalf("got %d %s from start, want 302", r.Status, r.Raw)
	}
	to, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return c, to, r.Header.Get("Location")
}

// TestSSOStartsWithPKCEAndNonce: the authorization request carries the code flow, S256
// PKCE, a state and a nonce, the registered redirect address, and a Lax binding cookie.
func TestSSOStartsWithPKCEAndNonce(t *testing.T) {
	op, p := opServer(t, testop.Options{})
	h := ssoPortal(t, op.URL, p)
	c, to, _ := noFollow(t, h)
	q := to.Query()
	for name, want := range map[string]string{"response_type": "code", "code_challenge_method": "S256",
		"client_id": ssoClientID, "redirect_uri": h.Server.URL + config.SSOCallbackPath} {
		if q.Get(name) != want {
			t.Errorf("got %s=%q, want %q", name, q.Get(name), want)
		}
	}
	if len(q.Get("state")) < 20 || len(q.Get("nonce")) < 20 || len(q.Get("code_challenge")) != 43 {
		t.Errorf("got state %q nonce %q challenge %q, want random values", q.Get("state"), q.Get("nonce"), q.Get("code_challenge"))
	}
	u, _ := url.Parse(h.Server.URL)
	cookies := c.HTTP.Jar.Cookies(u)
	if len(cookies) != 1 || cookies[0].Name != "portal_sso" {
		t.Errorf("got cookies %v, want the binding cookie alone", cookies)
	}
	if n := h.Count(`select count(*) from sso_states where expires_at between now() + interval '9 minutes' and now() + interval '10 minutes'`); n != 1 {
		t.Errorf("got %d states living 10 minutes, want 1", n)
	}
}

// TestSSORefusals: each way a sign-in with the provider fails ends on the sign-in page
// with its code, with no session, audited.
func TestSSORefusals(t *testing.T) {
	t.Run("discovery names another issuer", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(nil)
		p := testop.New("http://127.0.0.1:1", testop.Options{ClientID: ssoClientID, ClientSecret: ssoClientSecret})
		srv.Config.Handler = p.Handler
		srv.Start()
		t.Cleanup(srv.Close)
		h := ssoPortal(t, srv.URL, nil)
		b := newBrowser(t, h, false)
		resp := b.start(h.Server.URL)
		expectRefused(t, h, b, resp.Header.Get("Location"), "sso_token_invalid", "discovery_issuer_mismatch")
	})
	t.Run("tokens from another provider", func(t *testing.T) {
		other, p := opServer(t, testop.Options{})
		lie := lyingDiscovery(t, other.URL)
		h := ssoPortal(t, lie.URL, p)
		m := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(m.Email))
		b := newBrowser(t, h, false)
		expectRefused(t, h, b, b.signIn(h.Server.URL, m.Email), "sso_token_invalid", "wrong_issuer")
	})
	t.Run("nonce mismatch", func(t *testing.T) {
		op, p := opServer(t, testop.Options{WrongNonce: true, EmailInIDToken: true})
		h := ssoPortal(t, op.URL, p)
		m := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(m.Email))
		b := newBrowser(t, h, false)
		expectRefused(t, h, b, b.signIn(h.Server.URL, m.Email), "sso_token_invalid", "nonce_mismatch")
	})
	t.Run("unknown email", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		p.AddUser(ssoUser("nobody@" + ssoDomain))
		b := newBrowser(t, h, false)
		expectRefused(t, h, b, b.signIn(h.Server.URL, "nobody@"+ssoDomain), "sso_unknown_staff", "unknown_email")
		if n := h.Count(`select count(*) from audit_events where action = 'staff_sign_in_sso' and subject_kind = 'email'
			and subject_id = $1`, "nobody@"+ssoDomain); n != 1 {
			t.Errorf("got %d refusals by the email, want 1", n)
		}
	})
	t.Run("email outside the district's domain", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		// An address at another domain the provider also vouches for.
		p.AddUser(ssoUser("avery@elsewhere.example"))
		b := newBrowser(t, h, false)
		expectRefused(t, h, b, b.signIn(h.Server.URL, "avery@elsewhere.example"), "sso_email_domain", "email_domain")
	})
	t.Run("email not verified", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		m := h.Staff(apitest.StaffOpts{})
		u := ssoUser(m.Email)
		u.EmailVerified = false
		p.AddUser(u)
		b := newBrowser(t, h, false)
		expectRefused(t, h, b, b.signIn(h.Server.URL, m.Email), "sso_email_unverified", "email_unverified")
	})
	t.Run("provider down at start", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		// A sign-in first, so the portal holds the provider's discovery document: a start
		// still asks the provider.
		m := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(m.Email))
		if got := newBrowser(t, h, false).signIn(h.Server.URL, m.Email); got != "/staff" {
			t.Fatalf("got %q, want a first sign-in", got)
		}
		op.CloseClientConnections()
		op.Close()
		b := newBrowser(t, h, false)
		resp := b.start(h.Server.URL)
		expectRefused(t, h, b, resp.Header.Get("Location"), "sso_provider_unavailable", "discovery_failed")
	})
	t.Run("provider down at the code exchange", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		m := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(m.Email))
		b := newBrowser(t, h, true)
		callback := b.signIn(h.Server.URL, m.Email)
		op.CloseClientConnections()
		op.Close()
		resp := b.get(callback)
		expectRefused(t, h, b, resp.Header.Get("Location"), "sso_provider_unavailable", "token_endpoint_failed")
	})
	t.Run("cancelled at the provider", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		c, to, _ := noFollow(t, h)
		b := browser{Client: c, t: t}
		resp := b.get(h.Server.URL + config.SSOCallbackPath + "?" + url.Values{
			"error": {"access_denied"}, "state": {to.Query().Get("state")}}.Encode())
		expectRefused(t, h, b, resp.Header.Get("Location"), "sso_denied", "access_denied")
		if n := h.Count(`select count(*) from sso_states`); n != 0 {
			t.Errorf("got %d states after a cancel, want the state spent", n)
		}
	})
	t.Run("callback in another browser", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		m := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(m.Email))
		callback := newBrowser(t, h, true).signIn(h.Server.URL, m.Email)
		victim := newBrowser(t, h, false)
		resp := victim.get(callback)
		expectRefused(t, h, victim, resp.Header.Get("Location"), "sso_state_invalid", "state_other_browser")
	})
	t.Run("replayed state", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		m := h.Staff(apitest.StaffOpts{})
		p.AddUser(ssoUser(m.Email))
		b := newBrowser(t, h, true)
		callback := b.signIn(h.Server.URL, m.Email)
		binding := b.cookie(h.Server.URL, "portal_sso")
		if resp := b.get(callback); resp.Header.Get("Location") != "/staff" {
			t.Fatalf("got first callback to %q, want /staff", resp.Header.Get("Location"))
		}
		// The same callback, cookie and all, from a copy of the browser.
		replay := newBrowser(t, h, false)
		u, _ := url.Parse(h.Server.URL)
		replay.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "portal_sso", Value: binding, Path: "/"}})
		resp := replay.get(callback)
		expectRefused(t, h, replay, resp.Header.Get("Location"), "sso_state_invalid", "state_unknown_or_used")
	})
	t.Run("no state", func(t *testing.T) {
		op, p := opServer(t, testop.Options{})
		h := ssoPortal(t, op.URL, p)
		b := newBrowser(t, h, false)
		resp := b.get(h.Server.URL + config.SSOCallbackPath + "?code=abc")
		expectRefused(t, h, b, resp.Header.Get("Location"), "sso_state_invalid", "no_state")
	})
}
