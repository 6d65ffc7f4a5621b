package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/riverqueue/river"
)

// Change is the kind of change a confirmation email reports. The values are
// stored in job payloads and match policy.Event, so they must never change.
type Change string

// The changes a confirmation email can report.
const (
	PasswordChanged  Change = "password_changed"
	PINChanged       Change = "pin_changed"
	QuestionsChanged Change = "questions_changed"
	// PicturesChanged is a new picture password, which only staff set.
	PicturesChanged Change = "pictures_changed"
	// BadgeIssued is a new QR sign-in badge, which only staff issue.
	BadgeIssued Change = "badge_issued"
)

// Changes lists every Change, for tests and for callers that validate input.
var Changes = []Change{PasswordChanged, PINChanged, QuestionsChanged, PicturesChanged, BadgeIssued}

// Path is how a change was made. The values are stored in job payloads and
// match policy.Path, so they must never change.
type Path string

// The paths through which a change can be made.
const (
	PathSignedIn  Path = "signed_in"
	PathSelfReset Path = "self_reset"
	PathGuardian  Path = "guardian"
	PathStaff     Path = "staff"
	// PathDistrict is a district admin's regeneration of default passwords.
	PathDistrict Path = "district"
)

// Paths lists every Path, for tests and for callers that validate input.
var Paths = []Path{PathSignedIn, PathSelfReset, PathGuardian, PathStaff, PathDistrict}

// DefaultTimeZone is used when ConfirmationArgs.TimeZone is empty; the
// portal's first districts are in New York.
const DefaultTimeZone = "America/New_York"

// ConfirmationArgs is the River job payload for one confirmation email to one
// recipient. A guardian or staff reset inserts one job per recipient (the
// student and each linked guardian), so each email is in its reader's
// language and one failing address does not hold up the others.
//
// The payload is written in the same transaction as the change and kept in
// River's job table, so it must never hold a password, PIN, answer or token.
type ConfirmationArgs struct {
	To            string `json:"to"`
	RecipientName string `json:"recipient_name"`
	// Locale is "en" or "es"; anything else is rendered in English, because
	// an email in the wrong language beats no email.
	Locale      string    `json:"locale"`
	StudentName string    `json:"student_name"`
	Username    string    `json:"username"`
	Change      Change    `json:"change"`
	Path        Path      `json:"path"`
	OccurredAt  time.Time `json:"occurred_at"`
	// TimeZone is an IANA name such as "America/Chicago" for the time shown
	// in the email; empty means DefaultTimeZone, an unknown name means UTC.
	TimeZone   string `json:"time_zone,omitempty"`
	SchoolName string `json:"school_name"`
	// SchoolContact tells the reader whom to contact if the change was not
	// theirs, such as "Ms. Rivera, main office, (718) 555-0142".
	SchoolContact string `json:"school_contact"`
	// ToGuardian marks the copy sent to a linked guardian. It speaks to a
	// parent rather than to the child: whom to contact if no guardian made
	// the change, instead of "tell your teacher", and the formal "usted" in
	// Spanish. RecipientName is then the guardian's name.
	ToGuardian bool `json:"to_guardian,omitempty"`
	// District is set by ConfirmationWorker from its own, never stored in the job.
	District District `json:"-"`
}

// Kind identifies the job type to River; it is stored with every job and must
// never change.
func (ConfirmationArgs) Kind() string { return "confirmation_email" }

// confirmationMaxAttempts is chosen so that River's default retry policy keeps
// trying for more than three days, long enough to outlast a mail server that
// is down over a long weekend. The default policy waits n^4 seconds (±10%
// jitter) after the n-th failure, so the last of A attempts starts
// sum(n^4, n = 1..A-1) seconds after the first. For A = 18 that is
// 17·18·35·917 / 30 = 327,369 s ≈ 3 d 19 h, and at least 294,632 s ≈ 3 d 10 h
// with the jitter all one way. A = 17 would give 243,848 s ≈ 2 d 20 h, too
// short. The price is that the last gaps are long (17^4 s ≈ 23 h), so after a
// long outage an email can arrive up to a day after SMTP answers again.
const confirmationMaxAttempts = 18

// InsertOpts puts confirmation emails on their own "mail" queue, so a backlog
// of district regeneration jobs never delays them, with enough attempts to
// retry for more than three days.
func (ConfirmationArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       QueueMail,
		MaxAttempts: confirmationMaxAttempts,
	}
}

// QueueMail is the River queue for email jobs; the River client must be
// configured to work it.
const QueueMail = "mail"

// QueueMailBulk is the River queue of the confirmation emails of a bulk change (district
// regeneration: 100,000 at once), worked by workers of its own so that its backlog never
// delays an email on QueueMail. The jobs are the same ConfirmationArgs, inserted with this
// queue in their options.
const QueueMailBulk = "mail_bulk"

// confirmationTimeout bounds one delivery attempt. A healthy relay answers in
// well under a second; a hung one should fail the attempt and leave the retry
// to River rather than hold a worker slot.
const confirmationTimeout = 30 * time.Second

// ConfirmationWorker renders and sends confirmation emails.
type ConfirmationWorker struct {
	river.WorkerDefaults[ConfirmationArgs]
	Sender *Sender
	// Logger may be nil, in which case slog.Default is used.
	Logger *slog.Logger
	// District heads and signs every email.
	District District
}

// Timeout returns the time limit of one attempt.
func (w *ConfirmationWorker) Timeout(*river.Job[ConfirmationArgs]) time.Duration {
	return confirmationTimeout
}

// Work sends one confirmation email. Its Message-ID is derived from the job
// ID, so if an attempt delivers but fails before River records it, the second
// copy carries the same ID. A send error is returned as is so River retries;
// a payload that can never be sent cancels the job instead, because retrying
// it for days would only bury the error.
func (w *ConfirmationWorker) Work(ctx context.Context, job *river.Job[ConfirmationArgs]) error {
	logger := w.Logger
	if logger == nil {
		logger = slog.Default()
	}
	// The recipient's address stays out of the log: the job ID leads to it
	// for whoever may read the database.
	logger = logger.With("job_id", job.ID, "attempt", job.Attempt,
		"change", job.Args.Change, "path", job.Args.Path)

	args := job.Args
	args.District = w.District
	r, err := Render(args)
	if err != nil {
		logger.Error("confirmation email cannot be rendered; job cancelled", "err", redact(err, job.Args.To))
		return river.JobCancel(fmt.Errorf("mail: confirmation job %d: %w", job.ID, err))
	}
	return deliver(ctx, w.Sender, logger, "confirmation", job.ID, &Message{
		To:        job.Args.To,
		ToName:    job.Args.RecipientName,
		Subject:   r.Subject,
		Text:      r.Text,
		HTML:      r.HTML,
		MessageID: w.Sender.messageID("confirmation", job.ID),
		Language:  normalizeLocale(job.Args.Locale),
	})
}

// deliver sends one rendered email of a job of kind ("confirmation", "family"). A send
// error is returned as is so River retries; a message that can never be sent cancels the
// job, because retrying it for days would only bury the error. The log never names the
// recipient.
func deliver(ctx context.Context, sender *Sender, logger *slog.Logger, kind string, jobID int64, msg *Message) error {
	if err := sender.Send(ctx, msg); err != nil {
		if errors.Is(err, ErrInvalidMessage) {
			logger.Error(kind+" email cannot be sent; job cancelled", "err", redact(err, msg.To))
			return river.JobCancel(fmt.Errorf("mail: %s job %d: %w", kind, jobID, err))
		}
		logger.Warn(kind+" email not sent; River will retry", "err", redact(err, msg.To))
		return fmt.Errorf("mail: %s job %d: %w", kind, jobID, err)
	}
	logger.Info(kind+" email sent", "message_id", msg.MessageID)
	return nil
}

// redact returns err's message with the recipient's address blotted out, for
// the log: go-mail names the affected recipients in its SMTP errors. The
// error returned to River keeps the address, since River stores it in the
// job row beside the payload that holds the address anyway.
func redact(err error, to string) string {
	s := err.Error()
	if to = strings.TrimSpace(to); to != "" {
		s = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(to)).ReplaceAllLiteralString(s, "[recipient]")
	}
	return s
}
