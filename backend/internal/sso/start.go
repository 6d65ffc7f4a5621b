package sso

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Started is a sign-in sent to the provider: the address to redirect the browser to, and
// the value of the cookie that binds the state to this browser.
type Started struct {
	URL     string
	Browser string
}

// Start begins a sign-in: a fresh state, nonce and PKCE verifier are stored for StateTTL,
// and the browser is sent to the provider's authorization endpoint. A provider that does
// not answer its discovery document is a Failure with CodeProviderUnavailable (one that
// names another issuer, CodeTokenInvalid).
func (s *Service) Start(ctx context.Context) (Started, error) {
	return s.start(ctx, nil)
}

// StartRenewal begins a renewal of the second factor of the staff session r describes: the
// same flow as Start, bound to that session, asking the provider to authenticate the
// person again (prompt=login, max_age=0) rather than vouch for an earlier login. A
// district that requires the portal's own second factor gets a Failure with
// CodeRenewalNotAllowed: the provider's login does not count as one there.
func (s *Service) StartRenewal(ctx context.Context, r Renewal) (Started, error) {
	if s.Configured() && !policy.MaySSORenewSecondFactor(s.Settings.RequirePortalSecondFactor) {
		return Started{}, s.fail(ctx, &r, "", &Failure{Code: CodeRenewalNotAllowed, Reason: "portal_second_factor_required"})
	}
	return s.start(ctx, &r)
}

func (s *Service) start(ctx context.Context, renewal *Renewal) (Started, error) {
	if !s.Configured() {
		return Started{}, ErrNotConfigured
	}
	pctx, cancel := s.providerContext(ctx)
	defer cancel()
	// Asked afresh at every start: a provider that is down gets the portal's clear page
	// now, not a browser error at the provider's address.
	provider, err := s.discover(pctx, true)
	if err != nil {
		return Started{}, s.fail(ctx, renewal, "", discoveryFailure(err))
	}
	state, nonce, browser := rand.Text(), rand.Text(), rand.Text()
	verifier := oauth2.GenerateVerifier()
	now := s.now()
	if err := s.States.SaveState(ctx, State{
		StateDigest: digest(state), BrowserDigest: digest(browser), Nonce: nonce, Verifier: verifier,
		CreatedAt: now, ExpiresAt: now.Add(StateTTL), Renewal: renewal,
	}); err != nil {
		return Started{}, fmt.Errorf("start sso: %w", err)
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if renewal != nil {
		// A renewal proves who is at the keyboard now: the provider must ask again, not
		// answer from the session it keeps (OpenID Connect Core 3.1.2.1).
		opts = append(opts, oauth2.SetAuthURLParam("prompt", "login"), oauth2.SetAuthURLParam("max_age", "0"))
	}
	url := s.oauth2(provider).AuthCodeURL(state, opts...)
	return Started{URL: url, Browser: browser}, nil
}

// discoveryFailure names a failed discovery: a provider that answered with another issuer
// is not to be trusted (its tokens would fail verification), one that did not answer is
// unavailable.
func discoveryFailure(err error) *Failure {
	var mismatch *oidc.IssuerMismatchError
	if errors.As(err, &mismatch) {
		return &Failure{Code: CodeTokenInvalid, Reason: "discovery_issuer_mismatch", Err: err}
	}
	return &Failure{Code: CodeProviderUnavailable, Reason: "discovery_failed", Err: err}
}

// oauth2 is the portal's client at provider; it asks for the email, which the portal
// matches to a staff account.
func (s *Service) oauth2(provider *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: s.Settings.ClientID, ClientSecret: s.Settings.ClientSecret,
		Endpoint: provider.Endpoint(), RedirectURL: s.Settings.RedirectURL,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// action is the audit action of every outcome of a sign-in with the provider.
const action = "staff_sign_in_sso"

// renewAction is the audit action of every outcome of a renewal through the provider: the
// staff package's action for a renewal with a code, so the trail of renewals reads as one
// (the reason says "sso").
const renewAction = "staff_second_factor_renewed"

// maxSubjectLength bounds an email from the provider in the audit trail.
const maxSubjectLength = 64

// fail audits a failed sign-in (by the email the provider vouched for, when it got that
// far) or a failed renewal (by the staff member of the session, the email in the reason's
// place is not kept: it is someone else's) and returns f; a failure to write the trace is
// the error the caller sees instead.
func (s *Service) fail(ctx context.Context, renewal *Renewal, email string, f *Failure) error {
	if renewal != nil {
		if err := s.Audit.Record(ctx, audit.Event{
			OccurredAt: s.now(), ActorKind: "staff", ActorID: renewal.StaffID, SubjectKind: "staff", SubjectID: renewal.StaffID,
			Action: renewAction, Path: "staff", Outcome: audit.Refused, Reason: "sso:" + f.Code + ":" + f.Reason,
		}); err != nil {
			return err
		}
		return f
	}
	subjectKind := "sso"
	if email != "" {
		subjectKind = "email"
	}
	if r := []rune(email); len(r) > maxSubjectLength {
		email = string(r[:maxSubjectLength])
	}
	if err := s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "anonymous", SubjectKind: subjectKind, SubjectID: email,
		Action: action, Path: "staff", Outcome: audit.Refused, Reason: f.Code + ":" + f.Reason,
	}); err != nil {
		return err
	}
	return f
}
