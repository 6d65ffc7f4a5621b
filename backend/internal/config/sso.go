package config

import (
	"fmt"
	"net/url"
	"strings"
)

// SSOCallbackPath is where the identity provider sends the browser back: the API is
// mounted at /api/v1 (httpapi.New), and this is the address to register at the provider.
const SSOCallbackPath = "/api/v1/staff/sso/callback"

// SSO is the district's staff single sign-on with OpenID Connect. One deployment serves
// one district, so like the branding it is a setting of the environment, not a row.
type SSO struct {
	// Issuer is the provider's issuer URL (PORTAL_SSO_ISSUER); empty: no single sign-on.
	Issuer string
	// ClientID and ClientSecret are the portal's client at the provider
	// (PORTAL_SSO_CLIENT_ID, PORTAL_SSO_CLIENT_SECRET: the secret only ever in the
	// environment, never shown on a page).
	ClientID     string
	ClientSecret string
	// EmailDomain is the one domain of staff emails the portal accepts from the provider
	// (PORTAL_SSO_EMAIL_DOMAIN): a provider such as Google also vouches for addresses the
	// district does not own.
	EmailDomain string
	// Label names the provider on the staff sign-in button, "Use Riverside Google"
	// (PORTAL_SSO_LABEL).
	Label string
	// RequirePortalSecondFactor makes a staff member signed in through the provider still
	// prove the portal's own second factor (PORTAL_SSO_REQUIRE_PORTAL_SECOND_FACTOR,
	// default false: the provider's second factor counts).
	RequirePortalSecondFactor bool
}

// Configured reports whether the deployment names a provider.
func (s SSO) Configured() bool { return s.Issuer != "" }

// RedirectURL is the callback address of a portal reached at publicOrigin.
func (s SSO) RedirectURL(publicOrigin string) string {
	return strings.TrimSuffix(publicOrigin, "/") + SSOCallbackPath
}

// loadSSO reads PORTAL_SSO_*: with an issuer, the client id, the email domain and the
// label are required, so a half-configured provider stops the start instead of failing
// every sign-in.
func loadSSO(getenv func(string) string) (SSO, error) {
	s := SSO{
		Issuer:       strings.TrimSpace(getenv("PORTAL_SSO_ISSUER")),
		ClientID:     strings.TrimSpace(getenv("PORTAL_SSO_CLIENT_ID")),
		ClientSecret: getenv("PORTAL_SSO_CLIENT_SECRET"),
		EmailDomain:  strings.ToLower(strings.TrimPrefix(strings.TrimSpace(getenv("PORTAL_SSO_EMAIL_DOMAIN")), "@")),
		Label:        oneLine(getenv("PORTAL_SSO_LABEL")),
	}
	var err error
	if s.RequirePortalSecondFactor, err = boolVar(getenv, "PORTAL_SSO_REQUIRE_PORTAL_SECOND_FACTOR", false); err != nil {
		return s, err
	}
	if !s.Configured() {
		return s, nil
	}
	u, err := url.Parse(s.Issuer)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.Fragment != "" {
		return s, fmt.Errorf("PORTAL_SSO_ISSUER %q: want the provider's issuer URL, such as https://accounts.google.com", s.Issuer)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return s, fmt.Errorf("PORTAL_SSO_ISSUER %q: want https (plain http only for a provider on this machine)", s.Issuer)
	}
	if s.ClientID == "" {
		return s, fmt.Errorf("PORTAL_SSO_CLIENT_ID is required with PORTAL_SSO_ISSUER: the portal's client id at the provider")
	}
	if s.EmailDomain == "" || strings.ContainsAny(s.EmailDomain, "@ /") || !strings.Contains(s.EmailDomain, ".") {
		return s, fmt.Errorf("PORTAL_SSO_EMAIL_DOMAIN %q: want the domain of staff emails, such as riverside.k12.example", s.EmailDomain)
	}
	if s.Label == "" {
		return s, fmt.Errorf("PORTAL_SSO_LABEL is required with PORTAL_SSO_ISSUER: what the sign-in button names, such as \"Riverside Google\"")
	}
	return s, nil
}

func loopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}
