package staff

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Sentinel errors of staff sign-in; the HTTP layer gives each its status.
var (
	// ErrSecondFactorInvalid is a wrong, expired or already used code, or a passkey
	// assertion that does not verify.
	ErrSecondFactorInvalid = errors.New("second factor invalid")
	// ErrEnrolled refuses enrolling an authenticator for an account that has a second factor.
	ErrEnrolled = errors.New("a second factor is enrolled already")
	// ErrNoEnrolment is a confirmation without an enrolment started, a sign-in step for an
	// account that has no second factor of the kind asked for, or passkeys where the portal
	// has none.
	ErrNoEnrolment = errors.New("no second factor of this kind to use")
	// ErrCeremonyExpired is a passkey answer without a live challenge (older than 5 minutes,
	// used already, or never asked for).
	ErrCeremonyExpired = errors.New("passkey challenge expired")
	// ErrPasskeyInvalid is a passkey registration that cannot be parsed or verified.
	ErrPasskeyInvalid = errors.New("passkey registration invalid")
	// ErrNotAllowed refuses an action the staff member's role may not take.
	ErrNotAllowed = errors.New("not allowed for this role")
	// ErrSecondFactorStale refuses a district action when the second factor was proven more
	// than policy.FreshSecondFactor ago.
	ErrSecondFactorStale = errors.New("second factor too old for this action")
	// ErrOwnAccount refuses a district admin's reset of their own second factor.
	ErrOwnAccount = errors.New("cannot reset your own second factor")
)

// Lifetimes and limits of staff sign-in.
const (
	// PendingTTL is how long a right password waits for its second factor.
	PendingTTL = 5 * time.Minute
	// CeremonyTTL is how long a passkey challenge lives.
	CeremonyTTL = 5 * time.Minute
	// RecoveryCodeCount is how many recovery codes an enrolment gives.
	RecoveryCodeCount = 10
	// maxMembers bounds a staff search.
	maxMembers = 50
)

// Secrets are a staff member's second-factor secrets as stored.
type Secrets struct {
	TOTPSealed    []byte
	TOTPKeyID     string
	PendingSealed []byte
	PendingKeyID  string
	// WebAuthnHandle is the random user handle passkeys are made for.
	WebAuthnHandle []byte
}

// Passkey is a registered passkey; Credential is go-webauthn's credential as JSON.
type Passkey struct {
	ID           string
	Name         string
	CredentialID []byte
	Credential   []byte
	CreatedAt    time.Time
	LastUsedAt   time.Time
}

// Store is the storage staff sign-in needs. Methods run inside the transaction InTx puts
// in the context, when there is one.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error

	// StaffByEmail finds a staff member by email, case-insensitively (accounts.ErrNotFound).
	StaffByEmail(ctx context.Context, email string) (accounts.Staff, error)
	StaffByID(ctx context.Context, id string) (accounts.Staff, error)
	// LockStaff reads a staff member and locks the row for the transaction in ctx.
	LockStaff(ctx context.Context, id string) (accounts.Staff, error)
	// DistrictStaff lists the staff of a district, by last and first name.
	DistrictStaff(ctx context.Context, districtID string) ([]accounts.Staff, error)
	// SetStaffPassword stores a new hash, bumps the token version (ending every session)
	// and clears the sign-in throttle's counter; it returns the new token version.
	SetStaffPassword(ctx context.Context, id, hash string, at time.Time) (int, error)
	// ReplaceStaffPasswordHash swaps the hash for a stronger hash of the same password,
	// unless it changed since it was read.
	ReplaceStaffPasswordHash(ctx context.Context, id, oldHash, newHash string) error

	StaffSecrets(ctx context.Context, id string) (Secrets, error)
	// SetPendingTOTP stores a secret shown for enrolment, replacing any earlier one.
	SetPendingTOTP(ctx context.Context, id string, sealed []byte, keyID string) error
	// ConfirmTOTP makes the pending secret the enrolled one, with step as the last used
	// step, if the pending secret is still pending and no authenticator is enrolled; it
	// reports whether it did.
	ConfirmTOTP(ctx context.Context, id string, pending []byte, step int64, at time.Time) (bool, error)
	// UseTOTPStep records step as the last used one if it is newer than the last, in one
	// atomic statement; it reports whether it was.
	UseTOTPStep(ctx context.Context, id string, step int64) (bool, error)
	// SaveRecoveryCodes replaces the recovery codes by these digests.
	SaveRecoveryCodes(ctx context.Context, id string, digests [][]byte) error
	// UseRecoveryCode spends an unused code atomically; false when there is none.
	UseRecoveryCode(ctx context.Context, id string, digest []byte, at time.Time) (bool, error)
	// ClearSecondFactors removes the authenticator, passkeys, recovery codes and
	// ceremonies, and bumps the token version (ending every session).
	ClearSecondFactors(ctx context.Context, id string) error

	Passkeys(ctx context.Context, staffID string) ([]Passkey, error)
	AddPasskey(ctx context.Context, staffID string, p Passkey) (Passkey, error)
	// RemovePasskey deletes a passkey of the staff member; false when there is none.
	RemovePasskey(ctx context.Context, staffID, passkeyID string) (Passkey, bool, error)
	// UpdatePasskeyUse stores a passkey's credential after a sign-in (its sign count).
	UpdatePasskeyUse(ctx context.Context, staffID string, credentialID, credential []byte, at time.Time) error
	// SaveCeremony stores a WebAuthn challenge, replacing the earlier one of the ceremony.
	SaveCeremony(ctx context.Context, staffID, ceremony string, data []byte, expires time.Time) error
	// TakeCeremony removes and returns a live challenge (accounts.ErrNotFound if none).
	TakeCeremony(ctx context.Context, staffID, ceremony string, now time.Time) ([]byte, error)

	// SaveLinkToken stores a new emailed link's digest and retires the earlier unused ones;
	// the caller holds the staff row lock.
	SaveLinkToken(ctx context.Context, digest []byte, staffID string, expires time.Time) error
	// LinkTokenStaff returns the staff member of a live link, or emaillink.ErrInvalid.
	LinkTokenStaff(ctx context.Context, digest []byte, now time.Time) (string, error)
	// UseLinkToken spends a live link (one of two concurrent uses wins), or emaillink.ErrInvalid.
	UseLinkToken(ctx context.Context, digest []byte, now time.Time) (string, error)
	// RecentLinkTokens counts the links sent to a staff member since a moment.
	RecentLinkTokens(ctx context.Context, staffID string, since time.Time) (int, error)
}

// Mailer enqueues staff emails, and the forgot-password requests that may lead to one,
// inside the transaction in ctx.
type Mailer interface {
	EnqueueStaff(ctx context.Context, args mail.StaffEmailArgs) error
	EnqueueStaffForgot(ctx context.Context, args ForgotArgs) error
}

// Hasher hashes and verifies passwords (argon2id).
type Hasher interface {
	Hash(ctx context.Context, secret string) (string, error)
	Verify(ctx context.Context, secret, encoded string) (bool, error)
	VerifyDummy(ctx context.Context, secret string)
	NeedsRehash(encoded string) bool
}

// Sealer seals secrets the server must read back (TOTP secrets, emailed links).
type Sealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
	Open(sealed []byte, keyID string, associatedData []byte) (string, error)
}

// Service runs staff sign-in and the staff member's own security settings.
type Service struct {
	Store Store
	Audit audit.Recorder
	Mail  Mailer
	// Attempts keeps the sign-in throttle's counters, shared with every other sign-in.
	Attempts accounts.SignInAttempts
	Hasher   Hasher
	Sealer   Sealer
	// WebAuthn is the relying party of passkeys (RP id: the public origin's host); nil
	// where passkeys cannot work (a portal reached at an IP address).
	WebAuthn *webauthn.WebAuthn
	// District names the TOTP issuer in authenticator apps.
	District string
	Settings policy.Settings
	// PublicOrigin starts emailed links.
	PublicOrigin string
	// Random is the source of secrets and codes; nil means crypto/rand.
	Random io.Reader
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Method is a way to prove the second factor.
type Method string

// Methods.
const (
	MethodTOTP         Method = "totp"
	MethodRecoveryCode Method = "recovery_code"
	MethodPasskey      Method = "passkey"
)

// Methods lists the second factors a staff member can use.
func Methods(m accounts.Staff) []Method {
	var out []Method
	if m.TOTPEnrolled {
		out = append(out, MethodTOTP)
	}
	if m.RecoveryCodesLeft > 0 {
		out = append(out, MethodRecoveryCode)
	}
	if m.Passkeys > 0 {
		out = append(out, MethodPasskey)
	}
	return out
}
