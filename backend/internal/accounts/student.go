package accounts

import (
	"context"
	"errors"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// Sentinel errors of the accounts domain.
var (
	ErrNotFound           = errors.New("account not found")
	ErrInvalidCredentials = errors.New("invalid credentials")
)

// Student is a student account with its credentials as stored. Secrets are
// only ever hashes, except a school-issued default password, which is sealed
// so staff in scope can read it until the student replaces it.
type Student struct {
	ID                    string
	SchoolID              string
	SchoolName            string
	SchoolContact         string
	StudentNumber         string
	Username              string
	Email                 string
	FirstName             string
	LastName              string
	Grade                 int
	DateOfBirth           time.Time
	Locale                string
	PasswordHash          string
	DefaultPasswordSealed []byte
	DefaultPasswordKeyID  string
	MustChangePassword    bool
	// PasswordSetBy is the path of the last password change ("guardian", "staff", ...) while
	// MustChangePassword holds, so the change screen can say who gave the password; "" when
	// the student need not change it, or no change was recorded (a school-issued default).
	PasswordSetBy     string
	PasswordChangedAt time.Time
	LastSelfResetAt   time.Time
	PINHash           string
	PINSetAt          time.Time
	QuestionsSetAt    time.Time
	TokenVersion      int
}

// Names returns the student's names, which a password or an answer may not contain.
func (s Student) Names() []string { return []string{s.FirstName, s.LastName} }

// PasswordCandidate is password under the rules of the student's account: it may contain
// neither the username nor the names; same says whether it is the current password.
func (s Student) PasswordCandidate(password string, same bool) policy.PasswordCandidate {
	return policy.PasswordCandidate{Password: password, Username: s.Username, Names: s.Names(), SameAsCurrent: same}
}

// HasPIN reports whether a recovery PIN is set.
func (s Student) HasPIN() bool { return s.PINHash != "" }

// HasQuestions reports whether security questions are set.
func (s Student) HasQuestions() bool { return !s.QuestionsSetAt.IsZero() }

// StudentStore reads and locks student accounts. Secrets are written by package change
// alone, for every path, inside the path's transaction.
type StudentStore interface {
	// StudentByLogin finds a student by username or school email, case-insensitively.
	StudentByLogin(ctx context.Context, login string) (Student, error)
	StudentByID(ctx context.Context, id string) (Student, error)
	// LockStudent reads a student and locks the row until the transaction in
	// ctx ends, so concurrent changes of the same account run one at a time.
	LockStudent(ctx context.Context, id string) (Student, error)
	// ReplacePasswordHash swaps the student's password hash for a new hash of the same
	// password (stronger parameters), unless the hash changed since it was read: a
	// password change in between wins.
	ReplacePasswordHash(ctx context.Context, id, oldHash, newHash string) error
}

// StoredPassword is a password as stored: the hash of a password someone chose, or a
// school-issued default sealed under the key KeyID (bound to the student's id).
type StoredPassword struct {
	Hash   string
	Sealed []byte
	KeyID  string
}
