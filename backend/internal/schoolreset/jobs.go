package schoolreset

import (
	"context"
	"errors"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// Limits of grade and school jobs.
const (
	// MaxJobStudents bounds a job's selection: a large high school, with room to spare.
	MaxJobStudents = 20_000
	// JobChunk is how many students one transaction of a job changes: short enough that a
	// chunk commits in about a second (progress moves, locks are brief), long enough that the
	// per-transaction cost does not dominate.
	JobChunk = 250
	// JobRetention is how long a finished job and its untaken result are kept.
	JobRetention = 7 * 24 * time.Hour
	// jobListLimit is how many jobs the list shows.
	jobListLimit = 20
)

// Job kinds and states, as stored and as the contract names them.
const (
	JobReset       = "reset"
	JobAccessCodes = "access_codes"

	ModeOne       = "one"
	ModeGenerated = "generated"

	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Sentinel errors of jobs.
var (
	// ErrJobRunning refuses a job on a school that already has one queued or running.
	ErrJobRunning = errors.New("schoolreset: a job is already running for this school")
	// ErrJobNotFinished refuses the result of a job still queued or running.
	ErrJobNotFinished = errors.New("schoolreset: the job has not finished")
	// ErrResultTaken refuses a job's result a second time.
	ErrResultTaken = errors.New("schoolreset: the job's result was already taken")
	// ErrJobTooLarge refuses a selection of more than MaxJobStudents students.
	ErrJobTooLarge = errors.New("schoolreset: too many students for one job")
)

// Audit actions of jobs, on the school (subject kind "school"); each student's change is
// its own event, as in a class reset.
const (
	actionSchoolReset = "school_password_reset"
	actionSchoolCodes = "school_access_codes_issued"
	actionJobResult   = "bulk_job_result_taken"
)

// Job is a grade or school job as its requester follows it.
type Job struct {
	ID, Kind, State      string
	SchoolID, SchoolName string
	DistrictID           string
	// Grade is the selected grade; nil for the whole school.
	Grade *int
	// Mode is "one" or "generated" for a reset; empty for access codes.
	Mode             string
	MustChange       bool
	IssueAccessCodes bool
	Reissue          bool
	RequestedBy      string
	Total, Done      int
	CreatedAt        time.Time
	FinishedAt       time.Time
	ResultTaken      bool
	// Error says why a failed job failed, in plain words.
	Error string
	// SharedPasswordHash is mode one's hash; CodesExpireAt when the job's codes end.
	SharedPasswordHash string
	CodesExpireAt      time.Time
	// SharedPasswordSealed is mode one's typed password sealed (SharedPasswordKeyID) for
	// the directory write-back of each chunk, kept only when a directory is configured and
	// wiped with the hash when the job ends.
	SharedPasswordSealed []byte
	SharedPasswordKeyID  string
}

// sharedAD binds a job's sealed shared password to its school, the one job running there.
func sharedAD(schoolID string) []byte { return []byte("bulk-job-shared-password:" + schoolID) }

// issuesCodes reports whether the job gives each student an access code.
func (j Job) issuesCodes() bool { return j.Kind == JobAccessCodes || j.IssueAccessCodes }

// finished reports whether the job ran to its end, well or not.
func (j Job) finished() bool { return j.State == JobDone || j.State == JobFailed }

// SchoolRecord is a school and where it stands to a staff member (SameSchool: the member's
// own; SameDistrict: of the member's district).
type SchoolRecord struct {
	ID, Name, DistrictID     string
	Exists                   bool
	SameDistrict, SameSchool bool
}

// DoneStudent is a student a job chunk finished, with the secrets the result will show,
// sealed.
type DoneStudent struct {
	StudentID      string
	PasswordSealed []byte
	PasswordKeyID  string
	CodeSealed     []byte
	CodeKeyID      string
}

// ResultStudent is a student of a taken result, with the sealed secrets (none when the
// chunk issued none) and the family letter's locale.
type ResultStudent struct {
	DoneStudent
	StudentNumber, FirstName, LastName, Username string
	Grade                                        int
	Locale                                       string
}

// JobStore is the storage of grade and school jobs. Its methods run inside the transaction
// Store.InTx puts in the context, when there is one.
type JobStore interface {
	// SchoolFor reads the school with id and how it relates to m; one that does not exist
	// gives Exists false and no error.
	SchoolFor(ctx context.Context, m accounts.Staff, id string) (SchoolRecord, error)
	// SchoolStudents reads up to limit students of the school (of one grade when grade is
	// set), in id order, each with its live-code state at at and letter locale; with
	// missingCodesOnly only those without a live code.
	SchoolStudents(ctx context.Context, schoolID string, grade *int, at time.Time, missingCodesOnly bool, limit int) ([]CodeStudent, error)
	// CreateJob stores j (queued) with its selection and returns its id and creation
	// time; ErrJobRunning when the school has a job queued or running.
	CreateJob(ctx context.Context, j Job, studentIDs []string) (Job, error)
	// Job reads a job by id (accounts.ErrNotFound when there is none); lock holds its row
	// lock for the transaction in ctx.
	Job(ctx context.Context, id string, lock bool) (Job, error)
	// JobsOf lists the jobs m requested since since, newest first, at most limit.
	JobsOf(ctx context.Context, staffID string, since time.Time, limit int) ([]Job, error)
	// StartJob marks a queued job running at at.
	StartJob(ctx context.Context, id string, at time.Time) error
	// UndoneStudents reads up to limit students of the job not done yet, in id order; lock
	// holds their row locks (and their selection rows').
	UndoneStudents(ctx context.Context, jobID string, limit int, lock bool) ([]accounts.Student, error)
	// MarkDone marks the students done at at with their sealed secrets and adds them to the
	// job's done count.
	MarkDone(ctx context.Context, jobID string, students []DoneStudent, at time.Time) error
	// FinishJob ends a job in state (done or failed) at at, with errText for a failure, and
	// forgets mode one's password hash.
	FinishJob(ctx context.Context, id, state, errText string, at time.Time) error
	// QueueChunk queues the job's next chunk, in the transaction in ctx.
	QueueChunk(ctx context.Context, jobID string) error
	// TakeResult marks a finished job's result taken at at, unless it was taken already,
	// in one statement; false when it was not this call that took it.
	TakeResult(ctx context.Context, jobID, staffID string, at time.Time) (bool, error)
	// ResultStudents reads the job's done students with their sealed secrets and wipes the
	// secrets, in the transaction in ctx.
	ResultStudents(ctx context.Context, jobID string) ([]ResultStudent, error)
}
