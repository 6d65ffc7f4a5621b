package regen

import (
	"context"
	"errors"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Limits and pace of requests.
const (
	// DraftLifetime is how long a dry run's draft can be confirmed (the policy's).
	DraftLifetime = policy.RegenDraftLifetime
	// DraftRetention is how long an unconfirmed draft (and its selection) is kept.
	DraftRetention = 24 * time.Hour
	// ChunkSize is how many students one transaction changes by default: about half a
	// second of work, so progress moves and a cancel (or a student's own change of a
	// student in the chunk) waits little, while each commit carries enough to keep the
	// per-transaction costs small (5,000 measured ~15% slower at 100,000 students).
	ChunkSize = 10000
	// PartBudget is how long one job runs chunks before it queues its continuation, far
	// below River's job timeout, so no job runs long and a killed one is rescued soon.
	PartBudget = 5 * time.Second
	// Lanes is how many jobs of a request run chunks side by side, on students no other
	// chunk holds: the database does a chunk's work on one core, and a small server has two.
	Lanes = 2
	// HistoryLimit is how many confirmed requests the history shows.
	HistoryLimit = 200
)

// States of a request, as stored and as the contract names them.
const (
	StateDraft     = "draft"
	StateQueued    = "queued"
	StateRunning   = "running"
	StateDone      = "done"
	StateCancelled = "cancelled"
	StateFailed    = "failed"
)

// Audit actions of requests (subject kind "regeneration", the request's id) and of the
// students of a request without also-reset (subject kind "student").
const (
	actionDryRun      = "regeneration_dry_run"
	actionConfirmed   = "regeneration_confirmed"
	actionCancelled   = "regeneration_cancelled"
	actionDone        = "regeneration_done"
	actionFailed      = "regeneration_failed"
	actionViewed      = "regeneration_viewed"
	actionExported    = "regeneration_history_exported"
	actionRegenerated = "default_password_regenerated"
)

// Refusals of a request's life.
var (
	// ErrDryRunExpired refuses to confirm a draft older than DraftLifetime.
	ErrDryRunExpired = errors.New("regen: the dry run expired")
	// ErrConfirmed refuses to confirm a request confirmed already.
	ErrConfirmed = errors.New("regen: the request was confirmed already")
	// ErrRunning refuses to confirm a request while another of the district is queued or
	// running.
	ErrRunning = errors.New("regen: another request of the district is running")
	// ErrEnded refuses to cancel a request that has ended.
	ErrEnded = errors.New("regen: the request has ended")
)

// Status is a stored request: the filter, the counts confirmed, and where it stands.
type Status struct {
	ID, DistrictID, RequestedBy string
	// RequesterName is the requester's full name, RequesterFirstName greets them by email.
	RequesterName, RequesterFirstName, RequesterEmail string
	PSUCode                                           string
	CampusCodes                                       []string
	Grades                                            []int
	AlsoReset, ForceChange                            bool
	Comments                                          string
	DryRun                                            DryRun
	State                                             string
	Total, Done                                       int
	CreatedAt, ConfirmedAt, StartedAt, FinishedAt     time.Time
	// CancelledBy names the admin who cancelled.
	CancelledBy string
	// Error says why a failed request stopped, in plain words.
	Error string
}

// ended reports whether the request has reached its end, well or not.
func (s Status) ended() bool {
	return s.State == StateDone || s.State == StateCancelled || s.State == StateFailed
}

// SealedDefault is a student's new default password, sealed (AD: the student's id).
type SealedDefault struct {
	StudentID string
	Secret    accounts.StoredPassword
}

// Store keeps requests, their selections and the students' district defaults. Its methods
// run inside the transaction InTx puts in the context, when there is one.
type Store interface {
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// DistrictPSU returns the PSU code of the district.
	DistrictPSU(ctx context.Context, districtID string) (string, error)
	// DistrictCampuses returns which of codes (upper case) are campus codes of the
	// district's schools, in upper case.
	DistrictCampuses(ctx context.Context, districtID string, codes []string) ([]string, error)
	// CreateDraft stores d as a draft with its selection (the district's students of the
	// campuses and grades, none meaning all) and counts the selection by school and grade:
	// schools by campus code, grades lowest first with -9 last.
	CreateDraft(ctx context.Context, d Draft) (id string, created time.Time, counts []Count, err error)
	// SetDryRun stores the counts of a draft as shown, with their total.
	SetDryRun(ctx context.Context, id string, run DryRun) error
	// Request reads a request (accounts.ErrNotFound when there is none); lock holds its row
	// lock for the transaction in ctx, which waits for every chunk in flight.
	Request(ctx context.Context, id string, lock bool) (Status, error)
	// ShareRequest reads a request for a chunk, holding a lock that chunks share and that
	// keeps a confirm, a cancel or the request's end waiting until the chunk commits.
	ShareRequest(ctx context.Context, id string) (Status, error)
	// Confirm queues a draft at at; ErrRunning when another request of the district is
	// queued or running.
	Confirm(ctx context.Context, id string, at time.Time) error
	// QueueRun queues a job of a request in the transaction in ctx.
	QueueRun(ctx context.Context, args RunArgs) error
	// Cancel ends a request as cancelled by staffID at at.
	Cancel(ctx context.Context, id, staffID string, at time.Time) error
	// History lists the district's confirmed requests, newest first, at most limit.
	History(ctx context.Context, districtID string, limit int) ([]Status, error)
	// TakeStudents takes up to limit students out of the request's selection, in id order,
	// skipping those another chunk holds, and returns them with their rows locked: what the
	// password's rules and the confirmation emails need (names, username, grade, email,
	// locale, school). Taking them is the chunk's mark of done: it commits with their change
	// or rolls back with it.
	TakeStudents(ctx context.Context, id string, limit int) ([]accounts.Student, error)
	// Undone counts the students of the request's selection not done yet.
	Undone(ctx context.Context, id string) (int, error)
	// SaveDefaults stores each student's district default, issued by the request at at.
	SaveDefaults(ctx context.Context, id string, ds []SealedDefault, at time.Time) error
	// Start marks a queued request running from at (its first chunk); a running one is left.
	Start(ctx context.Context, id string, at time.Time) error
	// Finish ends a request in state (done or failed) at at, with errText for a failure.
	Finish(ctx context.Context, id, state, errText string, at time.Time) error
}

// Changer is the one change function's bulk form (change.Writer.Defaults).
type Changer interface {
	Defaults(ctx context.Context, ds []change.StudentDefault, by change.Actor, path policy.Path, mustChange bool, at time.Time) error
}

// Sealer seals default passwords (accounts.Sealer).
type Sealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
}

// Mailer queues staff emails in the transaction in ctx.
type Mailer interface {
	EnqueueStaff(ctx context.Context, args mail.StaffEmailArgs) error
}
