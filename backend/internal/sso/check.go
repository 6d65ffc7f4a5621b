package sso

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/coreos/go-oidc/v3/oidc"
)

// Check is the outcome of a settings test, in plain words for a district admin.
type Check struct {
	OK      bool
	Message string
}

// Check fetches the provider's discovery document and signing keys now, bypassing what is
// held, and says whether sign-in can work: the issuer matches, the code flow with PKCE
// S256 is offered, and there is at least one signing key. It changes nothing.
func (s *Service) Check(ctx context.Context) (Check, error) {
	if !s.Configured() {
		return Check{}, ErrNotConfigured
	}
	pctx, cancel := s.providerContext(ctx)
	defer cancel()
	provider, err := oidc.NewProvider(pctx, s.Settings.Issuer)
	var mismatch *oidc.IssuerMismatchError
	switch {
	case errors.As(err, &mismatch):
		return Check{Message: fmt.Sprintf("The provider answered, but its discovery document names the issuer %q, not %q. "+
			"Set PORTAL_SSO_ISSUER to the provider's issuer exactly.", mismatch.Discovered, mismatch.Provided)}, nil
	case err != nil:
		return Check{Message: fmt.Sprintf("The provider did not answer at %s/.well-known/openid-configuration: %v",
			s.Settings.Issuer, err)}, nil
	}
	var meta struct {
		JWKS       string   `json:"jwks_uri"`
		Responses  []string `json:"response_types_supported"`
		Challenges []string `json:"code_challenge_methods_supported"`
	}
	if err := provider.Claims(&meta); err != nil || meta.JWKS == "" || provider.Endpoint().TokenURL == "" {
		return Check{Message: "The provider's discovery document has no token endpoint or no signing keys address (jwks_uri)."}, nil
	}
	if !slices.Contains(meta.Responses, "code") {
		return Check{Message: "The provider does not offer the authorization code flow (response type \"code\"), which the portal uses."}, nil
	}
	if len(meta.Challenges) > 0 && !slices.Contains(meta.Challenges, "S256") {
		return Check{Message: "The provider does not accept PKCE with S256, which the portal requires."}, nil
	}
	n, err := s.signingKeys(pctx, meta.JWKS)
	if err != nil {
		return Check{Message: fmt.Sprintf("The provider's signing keys could not be read at %s: %v", meta.JWKS, err)}, nil
	}
	if n == 0 {
		return Check{Message: "The provider publishes no signing keys, so no ID token could be verified."}, nil
	}
	return Check{OK: true, Message: fmt.Sprintf("The provider answered at %s with a matching discovery document and %d signing key(s). "+
		"Register %s as the redirect address there.", s.Settings.Issuer, n, s.Settings.RedirectURL)}, nil
}

// signingKeys counts the keys of the provider's key set meant for signatures.
func (s *Service) signingKeys(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	client := s.HTTP
	if client == nil {
		client = &http.Client{Timeout: providerTimeout}
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s", resp.Status)
	}
	var set struct {
		Keys []struct {
			Use string `json:"use"`
			Kty string `json:"kty"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return 0, fmt.Errorf("not a key set: %w", err)
	}
	n := 0
	for _, k := range set.Keys {
		if k.Kty != "" && (k.Use == "" || k.Use == "sig") {
			n++
		}
	}
	return n, nil
}
