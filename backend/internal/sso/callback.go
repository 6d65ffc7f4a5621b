package sso

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Callback is what the provider sent the browser back with, and the browser's binding
// cookie. Issuer is the authorization response's iss parameter (RFC 9207), when the
// provider sends one.
type Callback struct {
	Code, State, Error string
	Issuer             string
	Browser            string
}

// SignedIn is a staff member the provider vouched for. PortalFactor says the session must
// still prove the portal's own second factor (the district's setting); otherwise the
// provider's second factor counts. Renewal is set when the state was a renewal's: then
// the session it names is to be re-issued with its second factor proven now. Finish sets
// Renewal on a failure too, when the state was a renewal's, so the browser can go back
// to its page.
type SignedIn struct {
	Staff        accounts.Staff
	PortalFactor bool
	Renewal      *Renewal
}

// providerErrors are the OAuth error codes that mean the provider is in trouble rather
// than that the person stopped (RFC 6749 section 4.1.2.1).
var providerErrors = map[string]bool{"server_error": true, "temporarily_unavailable": true}

// errorCode keeps an error code from the query only if it looks like one, for the audit
// trail.
var errorCode = regexp.MustCompile(`^[a-z_]{1,40}$`)

// Finish checks what the provider sent back and finds the staff member: the state (known,
// unused, unexpired, this browser's; spent whatever follows), the code exchanged with the
// PKCE verifier, the ID token verified by go-oidc, its nonce, a verified email of the
// district's domain, an active staff account with it. Any failure is a *Failure, audited.
// A renewal's state is finished by finishRenewal instead of the domain and account checks.
func (s *Service) Finish(ctx context.Context, cb Callback) (SignedIn, error) {
	if !s.Configured() {
		return SignedIn{}, ErrNotConfigured
	}
	st, stErr := s.takeState(ctx, cb)
	r := st.Renewal
	fail := func(email string, f *Failure) (SignedIn, error) {
		return SignedIn{Renewal: r}, s.fail(ctx, r, email, f)
	}
	if cb.Error != "" {
		reason := "provider_error"
		if errorCode.MatchString(cb.Error) {
			reason = cb.Error
		}
		code := CodeDenied
		if providerErrors[cb.Error] {
			code = CodeProviderUnavailable
		}
		return fail("", &Failure{Code: code, Reason: reason})
	}
	if stErr != nil {
		return SignedIn{}, s.failOr(ctx, nil, "", stErr)
	}
	var member accounts.Staff
	if r != nil {
		m, err := s.liveSession(ctx, *r)
		if err != nil {
			return SignedIn{Renewal: r}, s.failOr(ctx, r, "", err)
		}
		member = m
	}
	if cb.Issuer != "" && cb.Issuer != s.Settings.Issuer {
		return fail("", &Failure{Code: CodeTokenInvalid, Reason: "response_issuer_mismatch"})
	}
	if cb.Code == "" {
		return fail("", &Failure{Code: CodeTokenInvalid, Reason: "no_code"})
	}
	email, authTime, err := s.verifiedEmail(ctx, cb.Code, st)
	if err != nil {
		return SignedIn{Renewal: r}, s.failOr(ctx, r, email, err)
	}
	if r != nil {
		return s.finishRenewal(ctx, *r, member, email, authTime)
	}
	if !policy.SSOEmailAllowed(email, s.Settings.EmailDomain) {
		return fail(email, &Failure{Code: CodeEmailDomain, Reason: "email_domain"})
	}
	m, err := s.Staff.StaffByEmail(ctx, email)
	if errors.Is(err, accounts.ErrNotFound) {
		return fail(email, &Failure{Code: CodeUnknownStaff, Reason: "unknown_email"})
	}
	if err != nil {
		return SignedIn{}, err
	}
	out := SignedIn{Staff: m, PortalFactor: !policy.SSOSecondFactorProven(s.Settings.RequirePortalSecondFactor)}
	reason := "provider_second_factor"
	if out.PortalFactor {
		reason = "second_factor_next"
	}
	return out, s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: "staff", SubjectID: m.ID,
		Action: action, Path: "staff", Outcome: audit.Succeeded, Reason: reason,
	})
}

// liveSession returns the member of the session a renewal was started from, if that
// session is still live: not signed out, and the member's token version unchanged (a
// password or second-factor reset since ends every session). Checked before the code is
// exchanged: a session that ended has nothing to renew.
func (s *Service) liveSession(ctx context.Context, r Renewal) (accounts.Staff, error) {
	m, revoked, err := s.Sessions.StaffSession(ctx, r.StaffID, r.SessionID)
	switch {
	case errors.Is(err, accounts.ErrNotFound):
		return accounts.Staff{}, &Failure{Code: CodeSessionEnded, Reason: "staff_unknown"}
	case err != nil:
		return accounts.Staff{}, err
	case revoked:
		return accounts.Staff{}, &Failure{Code: CodeSessionEnded, Reason: "session_signed_out"}
	case m.TokenVersion != r.TokenVersion:
		return accounts.Staff{}, &Failure{Code: CodeSessionEnded, Reason: "session_version_changed"}
	}
	return m, nil
}

// finishRenewal accepts the provider's verified email for a renewal only if it is the
// session's own staff member's (a colleague signing in at the same computer proves
// nothing about this session), and only if the provider authenticated the person just now
// when it says when (auth_time).
func (s *Service) finishRenewal(ctx context.Context, r Renewal, m accounts.Staff, email string, authTime time.Time) (SignedIn, error) {
	own, _ := policy.NormalizeEmail(m.Email)
	if own == "" || subtle.ConstantTimeCompare([]byte(email), []byte(own)) != 1 {
		return SignedIn{Renewal: &r}, s.fail(ctx, &r, "", &Failure{Code: CodeOtherPerson, Reason: "other_person"})
	}
	if !policy.SSOReauthenticatedRecently(authTime, s.now()) {
		return SignedIn{Renewal: &r}, s.fail(ctx, &r, "", &Failure{Code: CodeNotReauthenticated, Reason: "auth_time_stale"})
	}
	return SignedIn{Staff: m, Renewal: &r}, s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: "staff", SubjectID: m.ID,
		Action: renewAction, Path: "staff", Outcome: audit.Succeeded, Reason: "sso",
	})
}

// failOr audits err if it is a Failure (of the renewal, if one is given) and returns it;
// any other error is returned as is.
func (s *Service) failOr(ctx context.Context, r *Renewal, email string, err error) error {
	var f *Failure
	if errors.As(err, &f) {
		return s.fail(ctx, r, email, f)
	}
	return err
}

// takeState spends the callback's state and checks it was this browser's and is not
// expired. It runs before anything else, even when the provider reports an error, so a
// state never outlives its first use.
func (s *Service) takeState(ctx context.Context, cb Callback) (State, error) {
	if cb.State == "" {
		return State{}, &Failure{Code: CodeStateInvalid, Reason: "no_state"}
	}
	st, err := s.States.TakeState(ctx, digest(cb.State))
	if errors.Is(err, ErrStateInvalid) {
		return State{}, &Failure{Code: CodeStateInvalid, Reason: "state_unknown_or_used"}
	}
	if err != nil {
		return State{}, err
	}
	if !s.now().Before(st.ExpiresAt) {
		return State{}, &Failure{Code: CodeStateInvalid, Reason: "state_expired"}
	}
	if cb.Browser == "" || subtle.ConstantTimeCompare(digest(cb.Browser), st.BrowserDigest) != 1 {
		return State{}, &Failure{Code: CodeStateInvalid, Reason: "state_other_browser"}
	}
	return st, nil
}

// verifiedEmail exchanges the code, verifies the ID token and its nonce, and returns the
// email the provider verified, from the ID token or, when the provider keeps it out of the
// token (as OpenID Connect allows once an access token is issued), from its userinfo
// endpoint for the same subject. The email is returned with a Failure about it. The ID
// token's auth_time comes along (zero when the provider did not send it).
func (s *Service) verifiedEmail(ctx context.Context, code string, st State) (string, time.Time, error) {
	pctx, cancel := s.providerContext(ctx)
	defer cancel()
	provider, err := s.discover(pctx, false)
	if err != nil {
		return "", time.Time{}, discoveryFailure(err)
	}
	token, err := s.oauth2(provider).Exchange(pctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < http.StatusInternalServerError {
			return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "code_refused", Err: err}
		}
		return "", time.Time{}, &Failure{Code: CodeProviderUnavailable, Reason: "token_endpoint_failed", Err: err}
	}
	raw, _ := token.Extra("id_token").(string)
	if raw == "" {
		return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "no_id_token"}
	}
	idToken, err := provider.Verifier(&oidc.Config{ClientID: s.Settings.ClientID}).Verify(pctx, raw)
	if err != nil {
		return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: verifyReason(err), Err: err}
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(st.Nonce)) != 1 {
		return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "nonce_mismatch"}
	}
	var claims emailClaims
	if err := idToken.Claims(&claims); err != nil {
		return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "claims_unreadable", Err: err}
	}
	authTime := claims.authTime()
	if claims.Email == "" {
		info, err := provider.UserInfo(pctx, oauth2.StaticTokenSource(token))
		if err != nil {
			return "", time.Time{}, &Failure{Code: CodeProviderUnavailable, Reason: "userinfo_failed", Err: err}
		}
		if info.Subject != idToken.Subject {
			return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "userinfo_subject_mismatch"}
		}
		if err := info.Claims(&claims); err != nil {
			return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "claims_unreadable", Err: err}
		}
	}
	email, ok := policy.NormalizeEmail(claims.Email)
	if !ok {
		return "", time.Time{}, &Failure{Code: CodeTokenInvalid, Reason: "no_email"}
	}
	if !claims.verified() {
		return email, time.Time{}, &Failure{Code: CodeEmailUnverified, Reason: "email_unverified"}
	}
	return email, authTime, nil
}

// emailClaims are the standard claims of the email scope. email_verified is a boolean by
// the standard, a string at a few providers.
type emailClaims struct {
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
	// AuthTime is read from the ID token only (authTime is taken before userinfo).
	AuthTime float64 `json:"auth_time"`
}

// authTime is when the provider authenticated the person, zero when it does not say.
func (c emailClaims) authTime() time.Time {
	if c.AuthTime <= 0 {
		return time.Time{}
	}
	return time.Unix(int64(c.AuthTime), 0)
}

func (c emailClaims) verified() bool {
	v := strings.Trim(string(c.EmailVerified), `"`)
	return v == "true"
}

// verifyReason names why go-oidc refused an ID token, for the audit trail.
func verifyReason(err error) string {
	var expired *oidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &expired):
		return "token_expired"
	case strings.Contains(msg, "issued by a different provider"):
		return "wrong_issuer"
	case strings.Contains(msg, "audience"):
		return "wrong_audience"
	case strings.Contains(msg, "signature"):
		return "bad_signature"
	default:
		return "token_unverified"
	}
}
