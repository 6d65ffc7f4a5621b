package writeback

import (
	"context"
	"errors"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/directory"
	"github.com/schoolpass/portal/backend/internal/policy"
)

var (
	// ErrNotAllowed: only district admins see the write-back and test the directory.
	ErrNotAllowed = errors.New("writeback: the directory status is for district admins")
	// ErrNotConfigured: the deployment names no directory.
	ErrNotConfigured = errors.New("writeback: no directory is configured")
)

// FailureLimit is how many failures the status lists, newest first.
const FailureLimit = 200

// A student's write-back states.
const (
	StateNotConfigured = "not_configured"
	StateCurrent       = "current"
	StatePending       = "pending"
	StateFailed        = "failed"
)

// Settings are the directory's settings as admins see them: never the bind password.
type Settings struct {
	URL, Kind, BindDN, BaseDN, UsernameAttribute string
	// TLS is "none", "starttls" or "tls".
	TLS string
}

// Summary is the state of the district's write-back.
type Summary struct {
	Pending         int
	OldestPendingAt time.Time
	Failures        []Failure
}

// Failure is a student whose newest password could not be written, for good.
type Failure struct {
	StudentID, Username, StudentName, SchoolName, Reason string
	ChangedAt, FailedAt                                  time.Time
}

// StudentState says whether the directory has a student's current password.
type StudentState struct {
	State string
	// Since is when the state began (the change, or the write or failure); zero for a
	// student with no write since write-back began.
	Since  time.Time
	Reason string
}

// Status is the write-back as staff see it. A zero Status (nil Store) is "not configured".
type Status struct {
	Store    Store
	Settings Settings
	// Check connects to the directory and binds as the service account.
	Check func(ctx context.Context) error
}

// Configured reports whether a directory is configured.
func (s *Status) Configured() bool { return s != nil && s.Store != nil }

// Report is the district's write-back for a district admin: its settings and Summary.
func (s *Status) Report(ctx context.Context, m accounts.Staff) (Settings, Summary, error) {
	if !policy.MayManageDirectory(m.Role) {
		return Settings{}, Summary{}, ErrNotAllowed
	}
	if !s.Configured() {
		return Settings{}, Summary{}, nil
	}
	sum, err := s.Store.Summary(ctx, FailureLimit)
	return s.Settings, sum, err
}

// Test binds to the directory as the service account now, for a district admin. A
// directory that does not answer or refuses is not an error but the outcome: ok false and
// the reason in plain words.
func (s *Status) Test(ctx context.Context, m accounts.Staff) (ok bool, message string, err error) {
	if !policy.MayManageDirectory(m.Role) {
		return false, "", ErrNotAllowed
	}
	if !s.Configured() {
		return false, "", ErrNotConfigured
	}
	if err := s.Check(ctx); err != nil {
		if directory.Retryable(err) {
			return false, "The directory could not be reached: " + err.Error(), nil
		}
		return false, "The directory refused the service account: " + err.Error(), nil
	}
	return true, "The directory answered and accepted the service account " + s.Settings.BindDN + ".", nil
}

// Student is one student's write-back state, for staff who may see the student (the
// caller checked the scope).
func (s *Status) Student(ctx context.Context, studentID string) (StudentState, error) {
	if !s.Configured() {
		return StudentState{State: StateNotConfigured}, nil
	}
	return s.Store.StudentState(ctx, studentID)
}
