package badges

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// Refusals of the badge actions.
var (
	// ErrInvalid is every badge that does not sign in: malformed, unknown, revoked, voided,
	// or of a student no longer in the badge grades. One error, so nothing tells them apart.
	ErrInvalid = errors.New("badges: badge invalid")
	// ErrNotEligible refuses a badge for a student outside the badge grades.
	ErrNotEligible = errors.New("badges: student not in the badge grades")
	// ErrConfirmationMismatch refuses a school void whose typed display code is not the
	// school's.
	ErrConfirmationMismatch = errors.New("badges: confirmation does not match the school")
	// ErrCodeTaken tells the service that a new badge's printed code is another badge's: it
	// draws a new one.
	ErrCodeTaken = errors.New("badges: printed code already taken")
)

// ThrottledError refuses a badge sign-in from an address that used up its tries; RetryAt
// is when its window ends.
type ThrottledError struct{ RetryAt time.Time }

func (e *ThrottledError) Error() string { return "badges: too many badge sign-ins from this address" }

// Audit actions.
const (
	actionIssue  = string(policy.EventBadgeIssued)
	actionRevoke = "badge_revoked"
	actionClass  = "class_badges_issued"
	actionVoid   = "school_badges_voided"
)

// Badge is a student's live badge as the staff page shows it.
type Badge struct {
	Code       string
	IssuedAt   time.Time
	LastUsedAt time.Time
}

// Issued is a new badge with its token, shown once.
type Issued struct {
	Student   accounts.Student
	Code      string
	Token     string
	SignInURL string
	IssuedAt  time.Time
}

// Store is the storage of badges (package postgres). Every method runs in the transaction
// InTx puts in the context, when there is one.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// Replace ends the student's live badge (reason "reissued") and stores a new one; it
	// reports whether one ended. ErrCodeTaken: another badge has the code; nothing was stored.
	Replace(ctx context.Context, studentID, staffID, code string, digest []byte, at time.Time) (bool, error)
	// Revoke ends the student's live badge (reason "revoked") and reports whether there was one.
	Revoke(ctx context.Context, studentID string, at time.Time) (bool, error)
	// Live reads the live badges of the students, by student id.
	Live(ctx context.Context, studentIDs []string) (map[string]Badge, error)
	// VoidSchool ends every live badge of the school's students (reason "voided").
	VoidSchool(ctx context.Context, schoolID string, at time.Time) (int, error)
	// SchoolDisplayCode reads the display code of the school.
	SchoolDisplayCode(ctx context.Context, schoolID string) (string, error)
	// Use finds the live badge with digest of a student in grades -5..maxGrade, records its
	// use at at, and returns the student's account; ok is false for any other digest.
	Use(ctx context.Context, digest []byte, maxGrade int, at time.Time) (st accounts.Student, ok bool, err error)
	// ClaimTry counts one try at key in one atomic step unless limit tries were counted in
	// the window that began at the first of them; it returns whether the try was counted
	// and when the window ends.
	ClaimTry(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (ok bool, windowEnd time.Time, err error)
}

// TriesPerMinute is how many badge sign-ins one client address may try a minute by default.
const TriesPerMinute = 30

// Service runs badges.
type Service struct {
	Store Store
	// Scope is By Student, whose checks of the policy core every badge action passes.
	Scope    *schoolreset.Service
	Audit    audit.Recorder
	Settings policy.Settings
	// PublicOrigin starts a badge's sign-in address.
	PublicOrigin string
	// TriesPerMinute limits badge sign-ins per client address; 0 means TriesPerMinute.
	TriesPerMinute int
	// Random is the source of tokens, codes and drawn pictures; nil means crypto/rand.
	Random io.Reader
	Now    func() time.Time

	// Pictures stores picture passwords and class picture-sign-in codes.
	Pictures PictureStore
	// Hasher hashes picture passwords (argon2id, with its own concurrency limit).
	Hasher PictureHasher
	// Changes confirms a new picture password (audit event and guardian emails): the one
	// way a student's secret changes.
	Changes *change.Writer
	// PictureTriesPerMinute limits picture sign-ins per client address; 0 means
	// PictureTriesPerMinute.
	PictureTriesPerMinute int
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) random() io.Reader {
	if s.Random != nil {
		return s.Random
	}
	return rand.Reader
}

func (s *Service) triesPerMinute() int {
	if s.TriesPerMinute > 0 {
		return s.TriesPerMinute
	}
	return TriesPerMinute
}

func (s *Service) pictureTriesPerMinute() int {
	if s.PictureTriesPerMinute > 0 {
		return s.PictureTriesPerMinute
	}
	return PictureTriesPerMinute
}

// inTx runs fn in one transaction; a refusal commits, so its audit event stays, and is then
// returned.
func (s *Service) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return audit.InTxKeepingRefusals(ctx, s.Store.InTx, isRefusal, fn)
}

func isRefusal(err error) bool {
	return schoolreset.IsRefusal(err) || errors.Is(err, ErrNotEligible) || errors.Is(err, ErrConfirmationMismatch) ||
		errors.Is(err, ErrPicturesInvalid) || errors.Is(err, ErrPicturesLocked)
}

// maxSubjectLength bounds an id as typed in the audit trail.
const maxSubjectLength = 64

// record appends an audit event of m's badge action on a subject (a student, class or school).
func (s *Service) record(ctx context.Context, m accounts.Staff, kind, id, action string, outcome audit.Outcome, reason string) error {
	if r := []rune(id); len(r) > maxSubjectLength {
		id = string(r[:maxSubjectLength])
	}
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: kind, SubjectID: id,
		Action: action, Path: string(policy.PathStaff), Outcome: outcome, Reason: reason,
	})
}
