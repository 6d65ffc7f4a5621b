package family

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Sentinel errors of the family portal.
var (
	// ErrEmailNotVerified refuses linking a child before the guardian's email is verified.
	ErrEmailNotVerified = errors.New("email not verified")
	// ErrAlreadyLinked refuses linking a child who is linked already.
	ErrAlreadyLinked = errors.New("child already linked")
	// ErrEmailTaken is returned by Store.CreateGuardian for a registered email.
	ErrEmailTaken = errors.New("email already registered")
)

// AccessCodeError refuses a link attempt because of the access code: Reason is
// "access_code_invalid" (no code of that student matches, or no such student),
// "access_code_expired" or "access_code_used".
type AccessCodeError struct{ Reason string }

func (e *AccessCodeError) Error() string { return "access code refused: " + e.Reason }

// Reasons of an AccessCodeError.
const (
	CodeInvalid = "access_code_invalid"
	CodeExpired = "access_code_expired"
	CodeUsed    = "access_code_used"
)

// LinkAttemptsError refuses linking until RetryAt after too many failed attempts.
type LinkAttemptsError struct{ RetryAt time.Time }

func (e *LinkAttemptsError) Error() string { return "too many failed link attempts" }

// ResendTooSoonError refuses a new verification link until RetryAt.
type ResendTooSoonError struct{ RetryAt time.Time }

func (e *ResendTooSoonError) Error() string { return "a verification link was sent a moment ago" }

// Guardian is a family-portal account as stored.
type Guardian struct {
	ID                 string
	Email              string
	Name               string
	Locale             string
	PasswordHash       string
	EmailVerifiedAt    time.Time
	TokenVersion       int
	VerificationSentAt time.Time
}

// Verified reports whether the guardian's email is verified.
func (g Guardian) Verified() bool { return !g.EmailVerifiedAt.IsZero() }

// AccessCode is a stored parent access code.
type AccessCode struct {
	ID        string
	Hash      string
	ExpiresAt time.Time
	UsedAt    time.Time
}

// LinkedChild is a student linked to a guardian, with the link's terms.
type LinkedChild struct {
	Student        accounts.Student
	KeepAfterAdult bool
}

// Child is a linked child as the guardian sees it.
type Child struct {
	Student accounts.Student
	Access  policy.Access
	// ResetsLeft is how many guardian resets the child may still have in the current 24
	// hours (zero unless Access is active).
	ResetsLeft int
}

// Link token purposes.
const (
	PurposeVerifyEmail   = "verify_email"
	PurposeResetPassword = "reset_password"
)

// Store is the storage the family portal needs. One implementation (package postgres)
// runs every method inside the transaction InTx puts in the context, when there is one.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error

	// CreateGuardian stores a new guardian and returns its id, or ErrEmailTaken.
	CreateGuardian(ctx context.Context, g Guardian) (string, error)
	// GuardianByEmail finds a guardian by email, case-insensitively (accounts.ErrNotFound).
	GuardianByEmail(ctx context.Context, email string) (Guardian, error)
	GuardianByID(ctx context.Context, id string) (Guardian, error)
	// LockGuardian reads a guardian and locks the row for the transaction in ctx.
	LockGuardian(ctx context.Context, id string) (Guardian, error)
	// SetGuardianPassword stores a new hash, bumps the token version (ending every
	// session) and clears the sign-in failures; it returns the new token version.
	SetGuardianPassword(ctx context.Context, id, hash string) (int, error)
	// ReplaceGuardianPasswordHash swaps the hash for a new hash of the same password
	// (stronger parameters), unless it changed since it was read.
	ReplaceGuardianPasswordHash(ctx context.Context, id, oldHash, newHash string) error
	MarkEmailVerified(ctx context.Context, id string, at time.Time) error
	SetVerificationSentAt(ctx context.Context, id string, at time.Time) error
	SetGuardianLocale(ctx context.Context, id, locale string) error

	// SaveLinkToken stores a new emailed link's digest; the guardian's earlier unused links
	// of the same purpose stop working. The caller holds the guardian's row lock, or the
	// retirement misses links that transactions running alongside are making.
	SaveLinkToken(ctx context.Context, digest []byte, guardianID, purpose string, expires time.Time) error
	// LinkTokenGuardian returns the guardian of a live link (unused, unexpired at now), or
	// emaillink.ErrInvalid.
	LinkTokenGuardian(ctx context.Context, digest []byte, purpose string, now time.Time) (string, error)
	// UseLinkToken spends a live link and returns its guardian, or emaillink.ErrInvalid; of two
	// concurrent uses exactly one succeeds.
	UseLinkToken(ctx context.Context, digest []byte, purpose string, now time.Time) (string, error)
	// RecentLinkTokens counts the links of a purpose sent to a guardian since a moment.
	RecentLinkTokens(ctx context.Context, guardianID, purpose string, since time.Time) (int, error)

	StudentByID(ctx context.Context, id string) (accounts.Student, error)
	StudentByNumber(ctx context.Context, number string) (accounts.Student, error)
	LockStudent(ctx context.Context, id string) (accounts.Student, error)

	// RecentAccessCodes returns every live access code of a student (unused, unexpired),
	// newest first, then its newest used or expired ones.
	RecentAccessCodes(ctx context.Context, studentID string) ([]AccessCode, error)
	// SaveAccessCode stores a new access code for a student.
	SaveAccessCode(ctx context.Context, studentID, hash string, at, expires time.Time) error
	// UseAccessCode marks a code used by a guardian; false when it was used already.
	UseAccessCode(ctx context.Context, codeID, guardianID string, at time.Time) (bool, error)
	// LockLinkAttempts reads a failed-attempt counter and locks it for the transaction.
	LockLinkAttempts(ctx context.Context, key string) (policy.LinkAttempts, error)
	SaveLinkAttempts(ctx context.Context, key string, a policy.LinkAttempts) error

	// GuardianLink reads the link between a guardian and a student (Linked false if none).
	GuardianLink(ctx context.Context, guardianID, studentID string) (policy.GuardianLink, error)
	LinkedChildren(ctx context.Context, guardianID string) ([]LinkedChild, error)
	// CreateLink links a guardian to a student, or returns ErrAlreadyLinked.
	CreateLink(ctx context.Context, guardianID, studentID string, at time.Time) error
	// DeleteLink removes a link; false when there was none.
	DeleteLink(ctx context.Context, guardianID, studentID string) (bool, error)
	// GuardiansOf lists every guardian linked to a student.
	GuardiansOf(ctx context.Context, studentID string) ([]Guardian, error)
	// GuardianResetTimes lists the times of successful guardian resets of a student since
	// a moment, oldest first.
	GuardianResetTimes(ctx context.Context, studentID string, since time.Time) ([]time.Time, error)
}

// Mailer enqueues emails, and the forgot-password requests that may lead to one, inside the
// transaction in ctx.
type Mailer interface {
	EnqueueFamily(ctx context.Context, args mail.FamilyEmailArgs) error
	EnqueueForgot(ctx context.Context, args ForgotArgs) error
}

// Hasher hashes and verifies secrets (argon2id).
type Hasher interface {
	Hash(ctx context.Context, secret string) (string, error)
	Verify(ctx context.Context, secret, encoded string) (bool, error)
	VerifyDummy(ctx context.Context, secret string)
	NeedsRehash(encoded string) bool
}

// PasswordChecker verifies a student's current password (hash or sealed school default).
type PasswordChecker interface {
	CheckPassword(ctx context.Context, s accounts.Student, password string) (bool, error)
}

// LinkSealer seals an emailed link for its email job, so the job table never holds a
// usable token (package accounts' Sealer).
type LinkSealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
}

// Service runs the family portal.
type Service struct {
	Store Store
	// Changes writes a child's new password with its audit event and emails.
	Changes   *change.Writer
	Audit     audit.Recorder
	Mail      Mailer
	Hasher    Hasher
	Passwords PasswordChecker
	// Attempts keeps the sign-in throttle's counters, shared with student sign-in.
	Attempts accounts.SignInAttempts
	Links    LinkSealer
	Settings policy.Settings
	// PublicOrigin is where people reach the portal, such as https://portal.district.org;
	// emailed links start with it.
	PublicOrigin string
	// Random is the source of tokens and generated passwords; nil means crypto/rand.
	Random io.Reader
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// random is the source of secrets: Random, or crypto/rand when it is nil.
func (s *Service) random() io.Reader {
	if s.Random != nil {
		return s.Random
	}
	return rand.Reader
}
