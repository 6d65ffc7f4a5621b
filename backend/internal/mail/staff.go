package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"
)

// StaffEmailKind is what a staff email is about. The values are stored in job payloads,
// so they must never change.
type StaffEmailKind string

// The staff emails: a forgot-password link, and a notice of every change of a staff
// member's sign-in secrets, so a change they did not make does not go unnoticed.
const (
	// StaffResetPassword carries a one-time link, valid 30 minutes.
	StaffResetPassword     StaffEmailKind = "reset_password"
	StaffPasswordChanged   StaffEmailKind = "password_changed"
	StaffTOTPEnrolled      StaffEmailKind = "totp_enrolled"
	StaffRecoveryCodeUsed  StaffEmailKind = "recovery_code_used"
	StaffPasskeyAdded      StaffEmailKind = "passkey_added"
	StaffPasskeyRemoved    StaffEmailKind = "passkey_removed"
	StaffSecondFactorReset StaffEmailKind = "second_factor_reset"
)

// StaffEmailKinds lists every StaffEmailKind.
var StaffEmailKinds = []StaffEmailKind{
	StaffResetPassword, StaffPasswordChanged, StaffTOTPEnrolled, StaffRecoveryCodeUsed,
	StaffPasskeyAdded, StaffPasskeyRemoved, StaffSecondFactorReset,
}

// The ways a staff password can change, for StaffEmailArgs.Via.
const (
	StaffViaSignedIn  = "signed_in"
	StaffViaResetLink = "reset_link"
)

// LinkLifetime is how long the link of an email of kind k works, or 0 without a link.
func (k StaffEmailKind) LinkLifetime() time.Duration {
	if k == StaffResetPassword {
		return 30 * time.Minute
	}
	return 0
}

// StaffEmailArgs is the River job payload of one staff email. Like the family emails it
// never holds a usable token: the link travels sealed.
type StaffEmailArgs struct {
	To         string         `json:"to"`
	Name       string         `json:"name"`
	EmailKind  StaffEmailKind `json:"kind"`
	OccurredAt time.Time      `json:"occurred_at"`
	TimeZone   string         `json:"time_zone,omitempty"`
	// SealedLink is StaffResetPassword's link, sealed under LinkKeyID and StaffLinkAD(To).
	SealedLink []byte `json:"sealed_link,omitempty"`
	LinkKeyID  string `json:"link_key_id,omitempty"`
	SignInURL  string `json:"sign_in_url"`
	// Via is StaffViaSignedIn or StaffViaResetLink, for StaffPasswordChanged.
	Via string `json:"via,omitempty"`
	// CodesLeft is how many recovery codes remain, for StaffRecoveryCodeUsed.
	CodesLeft int `json:"codes_left,omitempty"`
	// PasskeyName names the passkey added or removed.
	PasskeyName string `json:"passkey_name,omitempty"`
	// ResetBy names the district admin of StaffSecondFactorReset.
	ResetBy string `json:"reset_by,omitempty"`
	// District is set by StaffWorker from its own, never stored in the job.
	District District `json:"-"`
}

// Kind identifies the job type to River; it must never change.
func (StaffEmailArgs) Kind() string { return "staff_email" }

// InsertOpts puts staff emails on the mail queue with a confirmation email's attempts; the
// worker cancels a link email once its link has expired.
func (StaffEmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, MaxAttempts: confirmationMaxAttempts}
}

// StaffLinkAD binds a sealed staff link to the recipient's address.
func StaffLinkAD(to string) []byte {
	return []byte("staff-link:" + strings.ToLower(strings.TrimSpace(to)))
}

// StaffWorker renders and sends staff emails.
type StaffWorker struct {
	river.WorkerDefaults[StaffEmailArgs]
	Sender   *Sender
	Links    LinkOpener
	Logger   *slog.Logger
	District District
}

// Timeout returns the time limit of one attempt.
func (w *StaffWorker) Timeout(*river.Job[StaffEmailArgs]) time.Duration { return confirmationTimeout }

// Work sends one staff email with a Message-ID derived from the job ID; a job that can
// never be sent (expired or unopenable link, bad payload) is cancelled.
func (w *StaffWorker) Work(ctx context.Context, job *river.Job[StaffEmailArgs]) error {
	logger := w.Logger
	if logger == nil {
		logger = slog.Default()
	}
	a := job.Args
	a.District = w.District
	logger = logger.With("job_id", job.ID, "attempt", job.Attempt, "kind", a.EmailKind)
	cancel := func(msg string, err error) error {
		logger.Error(msg, "err", redact(err, a.To))
		return river.JobCancel(fmt.Errorf("mail: staff job %d: %w", job.ID, err))
	}
	var link string
	if life := a.EmailKind.LinkLifetime(); life > 0 {
		if !time.Now().Before(a.OccurredAt.Add(life)) {
			return cancel("staff email link expired before it could be sent; job cancelled", ErrLinkExpired)
		}
		if w.Links == nil {
			return fmt.Errorf("mail: staff job %d: no LinkOpener configured", job.ID)
		}
		var err error
		if link, err = w.Links.Open(a.SealedLink, a.LinkKeyID, StaffLinkAD(a.To)); err != nil {
			return cancel("staff email link cannot be opened; job cancelled", err)
		}
	}
	r, err := RenderStaff(a, link)
	if err != nil {
		return cancel("staff email cannot be rendered; job cancelled", err)
	}
	return deliver(ctx, w.Sender, logger, "staff", job.ID, &Message{
		To: a.To, ToName: a.Name, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: w.Sender.messageID("staff", job.ID), Language: "en",
	})
}
