package sso

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// Lifetimes and limits.
const (
	// StateTTL is how long a started sign-in may take at the provider.
	StateTTL = 10 * time.Minute
	// discoveryTTL is how long the provider's discovery document is trusted before it is
	// fetched again; its signing keys are refreshed by go-oidc when a token names a new one.
	discoveryTTL = time.Hour
	// providerTimeout bounds each call to the provider, so a provider that hangs gives a
	// clear page instead of a browser spinning.
	providerTimeout = 10 * time.Second
)

// The failure codes of a sign-in, as the contract names them (the sign-in page explains
// each).
const (
	CodeDenied              = "sso_denied"
	CodeStateInvalid        = "sso_state_invalid"
	CodeProviderUnavailable = "sso_provider_unavailable"
	CodeTokenInvalid        = "sso_token_invalid"
	CodeEmailUnverified     = "sso_email_unverified"
	CodeEmailDomain         = "sso_email_domain"
	CodeUnknownStaff        = "sso_unknown_staff"
	// The failure codes of a renewal of the second factor only.
	CodeOtherPerson        = "sso_other_person"
	CodeNotReauthenticated = "sso_not_reauthenticated"
	CodeSessionEnded       = "sso_session_ended"
	CodeRenewalNotAllowed  = "sso_renewal_not_allowed"
)

// ErrNotConfigured is a sign-in or a settings test where the deployment names no provider.
var ErrNotConfigured = errors.New("single sign-on is not configured")

// ErrStateInvalid is a state the store does not hold (unknown or already used).
var ErrStateInvalid = errors.New("sso state unknown or used")

// Failure is a sign-in that ended without a session: Code is the contract's code, Reason
// the finer cause kept in the audit trail.
type Failure struct {
	Code   string
	Reason string
	Err    error
}

func (f *Failure) Error() string {
	if f.Err != nil {
		return f.Code + " (" + f.Reason + "): " + f.Err.Error()
	}
	return f.Code + " (" + f.Reason + ")"
}

func (f *Failure) Unwrap() error { return f.Err }

// State is one started sign-in as stored: digests of the state and of the browser's
// binding cookie, the nonce and the PKCE verifier.
type State struct {
	StateDigest   []byte
	BrowserDigest []byte
	Nonce         string
	Verifier      string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	// Renewal is set when a signed-in staff member started this to prove the second
	// factor again, not to sign in.
	Renewal *Renewal
}

// Renewal binds a start to the staff session that asked to prove its second factor again
// at the provider: who, which session (its id, token version and sign-in time, so the
// callback can re-issue that very session), and the staff page to return to (checked by
// policy.StaffReturnPath before it gets here).
type Renewal struct {
	StaffID      string
	SessionID    string
	TokenVersion int
	SignInAt     time.Time
	ReturnTo     string
}

// StateStore keeps started sign-ins.
type StateStore interface {
	SaveState(ctx context.Context, st State) error
	// TakeState deletes and returns the state of digest in one step (ErrStateInvalid when
	// there is none), so a state is used once even by two callbacks at the same moment.
	TakeState(ctx context.Context, digest []byte) (State, error)
}

// StaffFinder is the staff lookup the password sign-in uses: by email, active accounts
// only (accounts.ErrNotFound otherwise).
type StaffFinder interface {
	StaffByEmail(ctx context.Context, email string) (accounts.Staff, error)
}

// SessionFinder reads a staff session's member and whether it was signed out (the session
// check of every staff request; accounts.ErrNotFound for an unknown member).
type SessionFinder interface {
	StaffSession(ctx context.Context, staffID, sessionID string) (m accounts.Staff, revoked bool, err error)
}

// Settings are the provider and the district's rules for it.
type Settings struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// EmailDomain is the one domain of staff emails accepted, lower case.
	EmailDomain string
	// RedirectURL is the portal's callback, as registered at the provider.
	RedirectURL string
	// Label names the provider on the staff sign-in page ("Use Riverside Google").
	Label string
	// RequirePortalSecondFactor leaves a signed-in staff member pending the portal's own
	// second factor instead of counting the provider's.
	RequirePortalSecondFactor bool
}

// Service runs staff sign-in with the provider.
type Service struct {
	Settings Settings
	States   StateStore
	Staff    StaffFinder
	// Sessions checks, at the callback of a renewal, that the session that started it is
	// still live.
	Sessions SessionFinder
	Audit    audit.Recorder
	// HTTP talks to the provider; nil gets a client with a 10-second timeout.
	HTTP *http.Client
	Now  func() time.Time

	mu        sync.Mutex
	provider  *oidc.Provider
	fetchedAt time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Configured reports whether the deployment names a provider.
func (s *Service) Configured() bool { return s != nil && s.Settings.Issuer != "" }

// providerContext carries the provider's HTTP client to go-oidc and x/oauth2, bounded in
// time.
func (s *Service) providerContext(ctx context.Context) (context.Context, context.CancelFunc) {
	client := s.HTTP
	if client == nil {
		client = &http.Client{Timeout: providerTimeout}
	}
	ctx, cancel := context.WithTimeout(ctx, providerTimeout)
	return oidc.ClientContext(ctx, client), cancel
}

// discover returns the provider, fetching its discovery document (in ctx, a
// providerContext) when none younger than discoveryTTL is held, or always when fresh is
// set. A failure is not kept: the next sign-in tries again. A fresh document equal to the
// one held keeps the provider held, with the signing keys go-oidc has cached.
func (s *Service) discover(ctx context.Context, fresh bool) (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !fresh && s.provider != nil && s.now().Sub(s.fetchedAt) < discoveryTTL {
		return s.provider, nil
	}
	p, err := oidc.NewProvider(ctx, s.Settings.Issuer)
	if err != nil {
		return nil, err
	}
	if s.provider == nil || !sameDocument(s.provider, p) {
		s.provider = p
	}
	s.fetchedAt = s.now()
	return s.provider, nil
}

// sameDocument reports whether two providers came from the same discovery document.
func sameDocument(a, b *oidc.Provider) bool {
	var da, db json.RawMessage
	return a.Claims(&da) == nil && b.Claims(&db) == nil && bytes.Equal(da, db)
}

func digest(v string) []byte {
	sum := sha256.Sum256([]byte(v))
	return sum[:]
}
