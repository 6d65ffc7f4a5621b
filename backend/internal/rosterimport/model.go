package rosterimport

import (
	"context"
	"errors"
	"time"

	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/roster"
)

// Limits of uploads and of the history.
const (
	// MaxUpload is the largest zip the page takes; larger districts run `portal roster
	// import` on the server, which streams from disk.
	MaxUpload = 64 << 20
	// MaxUnpacked bounds what the files of an upload may unpack to (as the zip declares;
	// archive/zip refuses a file longer than it declares), so a small zip cannot make the
	// check read for hours. A district of 1,000,000 students unpacks to about 1 GiB.
	MaxUnpacked = 2 << 30
	// DraftLifetime is how long a dry run's draft can be applied (the policy's).
	DraftLifetime = policy.RosterDraftLifetime
	// DraftsKept is how many drafts of one admin are kept (the newest): each holds up to
	// MaxUpload bytes, and an admin who uploads again and again needs only the last.
	DraftsKept = 3
	// DraftRetention is how long an expired draft's row stays (its zip is wiped at once),
	// so the page that shows it reads "expired" rather than "not found".
	DraftRetention = 24 * time.Hour
	// HistoryLimit is how many imports the history shows.
	HistoryLimit = 50
	// CommandLineName names the command line as an import's author.
	CommandLineName = "command line"
)

// States of an import, as stored and as the contract names them. StateExpired is never
// stored: it is a draft past DraftLifetime.
const (
	StateDraft    = "draft"
	StateApplying = "applying"
	StateApplied  = "applied"
	StateFailed   = "failed"
	StateExpired  = "expired"
)

// Sources of an import.
const (
	SourceUpload      = "upload"
	SourceCommandLine = "command_line"
)

// Refusals.
var (
	// ErrNotAllowed: roster imports are for district admins (policy.MayImportRoster).
	ErrNotAllowed = errors.New("rosterimport: only district admins import rosters")
	// ErrSecondFactorStale: an upload or an apply needs a second factor proven less than
	// policy.FreshSecondFactor ago.
	ErrSecondFactorStale = errors.New("rosterimport: second factor not fresh")
	// ErrTooLarge refuses an upload over MaxUpload (or unpacking past MaxUnpacked).
	ErrTooLarge = errors.New("rosterimport: the upload is too large")
	// ErrUploadInterrupted is an upload whose body stopped short.
	ErrUploadInterrupted = errors.New("rosterimport: the upload was interrupted")
	// ErrNotZip refuses an upload that is not a zip archive.
	ErrNotZip = errors.New("rosterimport: the upload is not a zip archive")
	// ErrDryRunExpired refuses to apply a draft older than DraftLifetime.
	ErrDryRunExpired = errors.New("rosterimport: the dry run expired")
	// ErrApplied refuses to apply an import applied (or applying, or failed) already.
	ErrApplied = errors.New("rosterimport: the import was applied already")
	// ErrRunning refuses to apply while another import of the district is applying.
	ErrRunning = errors.New("rosterimport: another import of the district is applying")
	// ErrPlanStale refuses to apply a draft when another import of the district was
	// applied after its dry run began.
	ErrPlanStale = errors.New("rosterimport: another import was applied since the dry run")
	// ErrNoImporter is the error of a service wired without its importer.
	ErrNoImporter = errors.New("rosterimport: no roster importer is wired")
)

// CheckError refuses a set with errors: every error of its report (the first
// roster.MaxListedErrors, and the count of the rest). Nothing is stored.
type CheckError struct {
	Report *roster.Report
}

func (e *CheckError) Error() string {
	return "rosterimport: the set has errors"
}

// Import is a stored import: a draft, or one applied or applying, from the page or from
// the command line.
type Import struct {
	ID, DistrictID string
	// CreatedBy is the admin of an upload ("" for the command line), with their name and
	// the address of the email that tells them how it ended.
	CreatedBy, CreatedByName, CreatedByFirstName, CreatedByEmail string
	Source, FileName                                             string
	Plan                                                         roster.Plan
	// State is as stored (StateOf says expired for an old draft).
	State                                       string
	CreatedAt, ExpiresAt, AppliedAt, FinishedAt time.Time
	Failure                                     string
	// BasedOn is the district's highest applied number when the dry run began (the stale
	// rule; see the migration).
	BasedOn int64
}

// StateOf is the import's state as the contract shows it at now: a draft past its
// lifetime is expired.
func (i Import) StateOf(now time.Time) string {
	if i.State == StateDraft && !policy.RosterDraftUsable(i.CreatedAt, now) {
		return StateExpired
	}
	return i.State
}

// Draft is a checked upload about to be stored by its dry run.
type Draft struct {
	DistrictID, CreatedBy, FileName string
	Zip                             []byte
	Plan                            roster.Plan
	BasedOn                         int64
	CreatedAt                       time.Time
}

// Recorded is an import of the command line, applied (or failed) already, for the history.
type Recorded struct {
	DistrictID, FileName string
	Plan                 roster.Plan
	// Failure says why it failed; empty for an applied import.
	Failure               string
	StartedAt, FinishedAt time.Time
}

// Store keeps imports. Its methods run inside the transaction InTx puts in the context,
// when there is one.
type Store interface {
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// DistrictPSU returns the PSU code of the district.
	DistrictPSU(ctx context.Context, districtID string) (string, error)
	// LastApplied returns the district's highest applied number (0 before any import).
	LastApplied(ctx context.Context, districtID string) (int64, error)
	// CreateDraft stores d as a draft expiring at d.CreatedAt+DraftLifetime, after wiping
	// the admin's expired drafts and all but their newest DraftsKept-1 others.
	CreateDraft(ctx context.Context, d Draft) (Import, error)
	// Import reads an import without its zip (accounts.ErrNotFound when there is none);
	// lock holds its row lock for the transaction in ctx.
	Import(ctx context.Context, id string, lock bool) (Import, error)
	// Zip reads the stored zip of an import (nil when wiped).
	Zip(ctx context.Context, id string) ([]byte, error)
	// StartApplying marks a draft applying from at; ErrRunning when another import of the
	// district is applying.
	StartApplying(ctx context.Context, id string, at time.Time) error
	// AppliedSince reports whether an import of the district was applied with a number
	// above basedOn.
	AppliedSince(ctx context.Context, districtID string, basedOn int64) (bool, error)
	// QueueApply queues the job of an import in the transaction in ctx.
	QueueApply(ctx context.Context, args ApplyArgs) error
	// Finish ends an applying import as applied (with the plan it applied and the next
	// applied number) or failed (with failure), at at, and wipes its zip.
	Finish(ctx context.Context, id, state string, plan *roster.Plan, failure string, at time.Time) error
	// Record stores an import of the command line as ended, and returns its id.
	Record(ctx context.Context, r Recorded) (string, error)
	// History lists the district's imports applied, applying or failed, newest first, at
	// most limit.
	History(ctx context.Context, districtID string, limit int) ([]Import, error)
}

// Mailer queues staff emails in the transaction in ctx.
type Mailer interface {
	EnqueueStaff(ctx context.Context, args mail.StaffEmailArgs) error
}
