package writeback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/directory"
)

// Writer sets a password in the directory (a *directory.Writer).
type Writer interface {
	SetPassword(ctx context.Context, username, password string) error
}

// Retry settings when the Worker names none: a directory back within seconds gets the
// password within seconds, one down for days is still tried every 5 minutes, for about
// 3.5 days (1000 attempts) before the write fails for good.
const (
	DefaultRetryBase   = time.Second
	DefaultRetryCap    = 5 * time.Minute
	DefaultMaxAttempts = 1000
)

// rereads bounds how often one job writes again because a newer change arrived while it
// wrote; each newer change has its own job anyway.
const rereads = 3

// Worker writes a student's pending password to the directory (River job Args).
type Worker struct {
	river.WorkerDefaults[Args]
	Store     Store
	Sealer    *accounts.Sealer
	Directory Writer
	Logger    *slog.Logger
	// RetryBase doubles from attempt to attempt up to RetryCap (zero: the defaults).
	RetryBase, RetryCap time.Duration
	now                 func() time.Time
}

// Work writes the student's newest pending password, holding the student's write-back
// lock, and marks it written, or failed for good (a refusal, or the last attempt), or
// records the attempt and returns the error so that River retries. A job that finds the
// lock taken snoozes.
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	id := job.Args.StudentID
	lastAttempt := job.Attempt >= job.MaxAttempts
	var retry error
	locked, err := w.Store.Locked(ctx, id, func(ctx context.Context) error {
		for range rereads {
			cur, ok, err := w.Store.Current(ctx, id)
			if err != nil || !ok {
				return err // nothing pending: a newer job (or this one's earlier try) wrote it
			}
			werr := w.write(ctx, cur)
			at := w.clock()
			var done bool
			switch {
			case werr == nil:
				done, err = w.Store.Written(ctx, id, cur.Generation, at)
			case directory.Retryable(werr) && !lastAttempt:
				retry = werr
				return w.Store.Retrying(ctx, id, cur.Generation, Reason(werr, cur.Username), at)
			default:
				w.log().WarnContext(ctx, "directory write failed for good", "student_id", id, "error", werr)
				done, err = w.Store.Failed(ctx, id, cur.Generation, Reason(werr, cur.Username), at)
			}
			if err != nil || done {
				return err
			}
			// A newer change replaced the row while we wrote: write it too, now.
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !locked {
		// Another job of the student is writing: it writes the newest password before it
		// lets go (it reads the row again when a newer change came meanwhile), but try
		// again shortly rather than count on it, without spending an attempt or holding a
		// worker and a connection while waiting.
		return river.JobSnooze(lockBusySnooze)
	}
	return retry
}

// lockBusySnooze is how long a job waits when another job of its student is writing.
const lockBusySnooze = 200 * time.Millisecond

func (w *Worker) write(ctx context.Context, cur Current) error {
	pw, err := w.Sealer.Open(cur.Sealed, cur.KeyID, []byte(cur.StudentID))
	if err != nil {
		return fmt.Errorf("%w: %w", errUnsealable, err)
	}
	return w.Directory.SetPassword(ctx, cur.Username, pw)
}

var errUnsealable = errors.New("the sealed password cannot be opened")

// NextRetry backs off exponentially from RetryBase, capped at RetryCap.
func (w *Worker) NextRetry(job *river.Job[Args]) time.Time {
	base, limit := w.RetryBase, w.RetryCap
	if base <= 0 {
		base = DefaultRetryBase
	}
	if limit <= 0 {
		limit = DefaultRetryCap
	}
	wait := base
	for i := 1; i < job.Attempt && wait < limit; i++ {
		wait *= 2
	}
	return w.clock().Add(min(wait, limit))
}

func (w *Worker) clock() time.Time {
	if w.now != nil {
		return w.now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

// Reason says in plain words, for district admins, why writing username's password failed.
func Reason(err error, username string) string {
	switch {
	case errors.Is(err, directory.ErrNoEntry):
		return fmt.Sprintf("The directory has no account with the username %q.", username)
	case errors.Is(err, directory.ErrAmbiguous):
		return fmt.Sprintf("More than one directory account has the username %q.", username)
	case errors.Is(err, errUnsealable):
		return "The password could not be unsealed: the data key it was sealed with is no longer configured."
	case directory.Retryable(err):
		return "The directory could not be reached: " + err.Error()
	case ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials):
		return "The directory did not accept the service account's password (PORTAL_DIRECTORY_BIND_PASSWORD): " + err.Error()
	case ldap.IsErrorWithCode(err, ldap.LDAPResultInsufficientAccessRights):
		return fmt.Sprintf("The service account may not set the password of %q in the directory: %v", username, err)
	case ldap.IsErrorWithCode(err, ldap.LDAPResultConstraintViolation), ldap.IsErrorWithCode(err, ldap.LDAPResultUnwillingToPerform):
		return "The directory's own password rules refused the new password: " + err.Error()
	default:
		return "The directory refused the new password: " + err.Error()
	}
}
