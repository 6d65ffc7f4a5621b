package selfservice

import (
	"context"
	"errors"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// Sentinel errors of the self-service flows.
var (
	// ErrVerificationFailed is every failed forgot-password verification: a
	// wrong PIN or answer, a method not set up, an unknown username or email.
	ErrVerificationFailed = errors.New("verification failed")
	// ErrRecoveryDisabled means ten failures in a row disabled the PIN and
	// question path until the student sets one again while signed in.
	ErrRecoveryDisabled = errors.New("recovery disabled")
	// ErrNotEligible means the student is too young for self-service.
	ErrNotEligible = errors.New("self-service is not available for this grade")
	// ErrTokenInvalid is a forgot-password flow or reset token that is forged,
	// expired, or already spent.
	ErrTokenInvalid = errors.New("this link or step has expired")
	// ErrCurrentPasswordNeeded means a change without the current password was asked for a
	// student who need not change the password (any more).
	ErrCurrentPasswordNeeded = errors.New("current password needed")
)

// LockedError means five failures in a row locked the recovery path.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return "too many tries; recovery is locked for a while" }

// Store is the storage the flows need. One implementation (package postgres)
// runs every method inside the transaction InTx puts in the context.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	StudentByID(ctx context.Context, id string) (accounts.Student, error)
	StudentByUsername(ctx context.Context, username string) (accounts.Student, error)
	// StudentByLogin finds a student by username or school email, case-insensitively.
	StudentByLogin(ctx context.Context, login string) (accounts.Student, error)
	LockStudent(ctx context.Context, id string) (accounts.Student, error)
	SetPIN(ctx context.Context, id, hash string, at time.Time) error
	Answers(ctx context.Context, studentID string) ([]StoredAnswer, error)
	ReplaceAnswers(ctx context.Context, studentID string, answers []StoredAnswer, at time.Time) error
	LockAttempts(ctx context.Context, usernameKey string) (policy.RecoveryState, error)
	SaveAttempts(ctx context.Context, usernameKey string, st policy.RecoveryState, at time.Time) error
}

// StoredAnswer is one hashed security answer.
type StoredAnswer struct {
	QuestionID string
	AnswerHash string
}

// Hasher hashes and verifies secrets (argon2id).
type Hasher interface {
	Hash(ctx context.Context, secret string) (string, error)
	Verify(ctx context.Context, secret, encoded string) (bool, error)
	VerifyDummy(ctx context.Context, secret string)
}

// Tokens issues and checks the flow's signed tokens.
type Tokens interface {
	Issue(p tokens.Purpose, kind, subject string, version int, ttl time.Duration) (string, tokens.Claims, error)
	Parse(p tokens.Purpose, token string) (tokens.Claims, error)
	Digest(value string) []byte
}

// PasswordChecker verifies a student's current password (hash or sealed
// school default); package accounts provides it. VerifyCurrentPassword also counts the
// try against the sign-in throttle (a *accounts.ThrottledError refuses it).
type PasswordChecker interface {
	CheckPassword(ctx context.Context, s accounts.Student, password string) (bool, error)
	VerifyCurrentPassword(ctx context.Context, s accounts.Student, password string) (bool, error)
}

// Service runs the student's own flows.
type Service struct {
	Store Store
	// Changes writes every change of a secret with its audit event and emails.
	Changes   *change.Writer
	Audit     audit.Recorder
	Hasher    Hasher
	Passwords PasswordChecker
	Tokens    Tokens
	Settings  policy.Settings
	Now       func() time.Time
}

const (
	flowTTL  = 15 * time.Minute
	resetTTL = 10 * time.Minute
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
