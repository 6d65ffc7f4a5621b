package schoolreset

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
)

// Sentinel errors of By Student.
var (
	// ErrNotAllowed refuses an action on a student the staff member sees but whose role may
	// not do it.
	ErrNotAllowed = errors.New("schoolreset: not allowed for this role")
	// ErrSearchTooShort refuses a search of fewer than MinSearchLength characters.
	ErrSearchTooShort = errors.New("schoolreset: search too short")
	// ErrSchoolPasswordReplaced answers a request for a school-issued password the student
	// has since replaced with one of their own.
	ErrSchoolPasswordReplaced = errors.New("schoolreset: school-issued password replaced")
)

// Summary is a student as a search lists it.
type Summary struct {
	ID            string
	StudentNumber string
	Username      string
	Email         string
	FirstName     string
	LastName      string
	Grade         int
	SchoolName    string
}

// Record is a student as read for a staff member: the account, where it stands to the
// staff member, and when its school-issued password was sealed (zero when never).
type Record struct {
	Student         accounts.Student
	Relation        policy.StaffRelation
	DefaultIssuedAt time.Time
}

// Class is an official class a student is enrolled in.
type Class struct {
	Number string
	Name   string
}

// Guardian is a guardian linked to a student.
type Guardian struct {
	Name   string
	Email  string
	Locale string
}

// AccessCodeState is the state of a student's newest parent access code.
type AccessCodeState struct {
	// State is "none", "active", "used" or "expired".
	State     string
	ExpiresAt time.Time
}

// Facts are what the database knows of a student beyond the account row, for the status
// page.
type Facts struct {
	SchoolDisplayCode string
	DistrictName      string
	Classes           []Class
	Guardians         []Guardian
	// LastChangePath is the path of the student's last password change in the audit trail
	// ("" when none is recorded).
	LastChangePath string
	Recovery       policy.RecoveryState
	SignIn         accounts.SignInCounter
	// AccessCodes are the student's access codes, newest first.
	AccessCodes []AccessCode
	// Badge is the student's live QR badge; nil when none.
	Badge *LiveBadge
	// Pictures is the student's picture password; nil when none.
	Pictures *LivePictures
}

// LivePictures is a student's picture password as the status page shows it (package badges
// sets them).
type LivePictures struct {
	// Locked: the wrong tries are used up.
	Locked     bool
	SetAt      time.Time
	LockedAt   time.Time
	LastUsedAt time.Time
}

// LiveBadge is a student's live QR badge as the status page shows it (package badges
// issues them).
type LiveBadge struct {
	Code       string
	IssuedAt   time.Time
	LastUsedAt time.Time
}

// AccessCode is a stored parent access code, as the status page weighs it.
type AccessCode struct {
	ExpiresAt time.Time
	UsedAt    time.Time
}

// Store is the storage By Student needs. One implementation (package postgres) runs every
// method inside the transaction InTx puts in the context, when there is one.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// StudentFor reads the student with id and how it relates to staff member m, in one
	// query; a student that does not exist gives a relation with Exists false and no error.
	StudentFor(ctx context.Context, m accounts.Staff, id string) (Record, error)
	// LockStudentFor is StudentFor holding the student's row lock for the transaction in ctx.
	LockStudentFor(ctx context.Context, m accounts.Staff, id string) (Record, error)
	// Search lists up to limit students in m's scope that match q, ordered by last name.
	Search(ctx context.Context, m accounts.Staff, q Query, limit int) ([]Summary, error)
	// Facts reads the rest of the student's status page.
	Facts(ctx context.Context, st accounts.Student) (Facts, error)
	// UnlockRecovery clears the forgot-password attempt counters of the student's username
	// and returns them as they were.
	UnlockRecovery(ctx context.Context, username string) (policy.RecoveryState, error)
	// ClearSignInFailures forgets the failed sign-ins of a throttle key and returns the
	// counter as it was.
	ClearSignInFailures(ctx context.Context, key string) (accounts.SignInCounter, error)
	// ReplaceAccessCodes ends every unused code of the student at at and stores a new one.
	ReplaceAccessCodes(ctx context.Context, studentID, hash string, at, expires time.Time) error
}

// Hasher hashes access codes (argon2id, as family verifies them).
type Hasher interface {
	Hash(ctx context.Context, secret string) (string, error)
	HashMany(ctx context.Context, secrets []string) ([]string, error)
}

// Sealer seals and opens school-issued passwords, bound to the student's id (package
// accounts' Sealer).
type Sealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
	Open(sealed []byte, keyID string, associatedData []byte) (string, error)
}

// PasswordChecker reports whether a password is the student's current one (hash or sealed
// default), so a typed reset cannot keep it.
type PasswordChecker interface {
	CheckPassword(ctx context.Context, st accounts.Student, password string) (bool, error)
}

// Service runs By Student and By Class.
type Service struct {
	Store Store
	// Classrooms reads classes and their students for By Class.
	Classrooms ClassStore
	// Jobs stores grade and school jobs.
	Jobs JobStore
	// JobChunk is how many students one transaction of a job changes; 0 means JobChunk.
	JobChunk int
	// Changes writes a new password with its audit event and emails: the one way a
	// student's password changes.
	Changes   *change.Writer
	Audit     audit.Recorder
	Hasher    Hasher
	Sealer    Sealer
	Passwords PasswordChecker
	// Settings are the district's policy settings (self-service grade, code lifetime).
	Settings policy.Settings
	// PublicOrigin is where families reach the portal; the letter names its family page.
	PublicOrigin string
	// Random is the source of codes and generated passwords; nil means crypto/rand.
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
