package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/testop"
)

// The test provider's client and the district's email domain (apitest's staff emails).
const (
	ssoClientID     = "portal"
	ssoClientSecret = "op-client-secret"
	ssoDomain       = "district.test.example"
	ssoPassword     = "provider-password"
)

// opServer serves a test OpenID provider at its own address, which is its issuer.
func opServer(t *testing.T, o testop.Options) (*httptest.Server, *testop.Provider) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	o.ClientID, o.ClientSecret = ssoClientID, ssoClientSecret
	p := testop.New(issuer, o)
	srv.Config.Handler = p.Handler
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, p
}

// ssoPortal starts a portal whose staff sign in at issuer, registered at p (when not nil).
func ssoPortal(t *testing.T, issuer string, p *testop.Provider, change ...func(*config.SSO)) *apitest.Harness {
	t.Helper()
	h := apitest.New(t, apitest.WithConfig(func(c *config.Config) {
		c.SSO = config.SSO{Issuer: issuer, ClientID: ssoClientID, ClientSecret: ssoClientSecret,
			EmailDomain: ssoDomain, Label: "Test District Login"}
		for _, ch := range change {
			ch(&c.SSO)
		}
	}))
	if p != nil {
		p.SetRedirectURL(h.Server.URL + config.SSOCallbackPath)
	}
	return h
}

// ssoUser is a provider account for email.
func ssoUser(email string) testop.User {
	return testop.User{Username: email, Password: ssoPassword, Email: email, EmailVerified: true, FirstName: "Avery", LastName: "Staffer"}
}

// browser is a client that follows redirects until one leads to the portal's pages
// (/staff...) or, with stopAtCallback, to the portal's callback.
type browser struct {
	*apitest.Client
	t *testing.T
}

func newBrowser(t *testing.T, h *apitest.Harness, stopAtCallback bool) browser {
	c := h.Client()
	c.HTTP.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.Path, "/staff") || (stopAtCallback && req.URL.Path == config.SSOCallbackPath) {
			return http.ErrUseLastResponse
		}
		return nil
	}
	return browser{Client: c, t: t}
}

func (b browser) get(u string) *http.Response {
	b.t.Helper()
	resp, err := b.HTTP.Get(u)
	if err != nil {
		b.t.Fatalf("GET %s: %v", u, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp
}

// startAt starts a sign-in at the portal and returns the provider's login page address (the
// last one the redirects reached).
func (b browser) start(portal string) *http.Response {
	b.t.Helper()
	return b.get(portal + "/api/v1/staff/sso/start")
}

// login types username and password into the provider's login page reached by start.
func (b browser) login(page *http.Response, username, password string) *http.Response {
	b.t.Helper()
	id := page.Request.URL.Query().Get("authRequestID")
	if page.StatusCode != http.StatusOK || id == "" {
		b.t.Fatalf("got %d at %s, want the provider's login page", page.StatusCode, page.Request.URL)
	}
	login := *page.Request.URL
	login.RawQuery = ""
	resp, err := b.HTTP.PostForm(login.String(), url.Values{"id": {id}, "username": {username}, "password": {password}})
	if err != nil {
		b.t.Fatalf("log in at the provider: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp
}

// signIn runs a whole sign-in with the provider and returns where the portal sent the
// browser at the end.
func (b browser) signIn(portal, username string) string {
	b.t.Helper()
	resp := b.login(b.start(portal), username, ssoPassword)
	if resp.StatusCode != http.StatusFound {
		b.t.Fatalf("got %d, want the portal's redirect", resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

// cookie returns the value of the portal's cookie name in the browser.
func (b browser) cookie(portal, name string) string {
	u, _ := url.Parse(portal)
	for _, c := range b.HTTP.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// lyingDiscovery serves, at its own address, the discovery document of the provider at
// real with the issuer rewritten to its own: everything else (login, tokens, keys) is the
// other provider's, so the ID tokens come from another issuer than the one configured.
func lyingDiscovery(t *testing.T, real string) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	self := "http://" + srv.Listener.Addr().String()
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get(real + "/.well-known/openid-configuration")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		var doc map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		doc["issuer"] = self
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(doc)
	})
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}
