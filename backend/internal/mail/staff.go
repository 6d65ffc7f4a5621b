package mail

import (
	"context"
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
	// StaffRegenerationEnded tells a district admin their default-password regeneration
	// ended (done, cancelled or failed), with its counts and a link to its page.
	StaffRegenerationEnded StaffEmailKind = "regeneration_ended"
	// StaffRosterImportEnded tells a district admin the roster import they applied ended
	// (applied or failed), with its counts and a link to the setup page.
	StaffRosterImportEnded StaffEmailKind = "roster_import_ended"
)

// StaffEmailKinds lists every StaffEmailKind.
var StaffEmailKinds = []StaffEmailKind{
	StaffResetPassword, StaffPasswordChanged, StaffTOTPEnrolled, StaffRecoveryCodeUsed,
	StaffPasskeyAdded, StaffPasskeyRemoved, StaffSecondFactorReset, StaffRegenerationEnded,
	StaffRosterImportEnded,
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
	Envelope
	EmailKind StaffEmailKind `json:"kind"`
	// CodesLeft is how many recovery codes remain, for StaffRecoveryCodeUsed.
	CodesLeft int `json:"codes_left,omitempty"`
	// PasskeyName names the passkey added or removed.
	PasskeyName string `json:"passkey_name,omitempty"`
	// ResetBy names the district admin of StaffSecondFactorReset.
	ResetBy string `json:"reset_by,omitempty"`
	// Regeneration is the ended request of StaffRegenerationEnded.
	Regeneration *RegenerationSummary `json:"regeneration,omitempty"`
	// RosterImport is the ended import of StaffRosterImportEnded.
	RosterImport *RosterImportSummary `json:"roster_import,omitempty"`
}

// RosterImportSummary is how a roster import ended, for its admin's email: rows added,
// changed and retired over every file.
type RosterImportSummary struct {
	// Status is "applied" or "failed".
	Status   string `json:"status"`
	FileName string `json:"file_name,omitempty"`
	Added    int    `json:"added"`
	Changed  int    `json:"changed"`
	Retired  int    `json:"retired"`
	// Failure says why a failed import stopped, in plain words.
	Failure string `json:"failure,omitempty"`
	// PageURL is the district setup page (no token: staff sign in to see it).
	PageURL string `json:"page_url"`
}

// RegenerationSummary is how a district regeneration ended, for its requester's email.
type RegenerationSummary struct {
	// Status is "done", "cancelled" or "failed".
	Status  string `json:"status"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Seconds int    `json:"seconds"`
	// PageURL is the request's page in the staff area (no token: staff sign in to see it).
	PageURL string `json:"page_url"`
}

// Kind identifies the job type to River; it must never change.
func (StaffEmailArgs) Kind() string { return "staff_email" }

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

// Work sends one staff email as FamilyWorker sends a family one (linkEmail).
func (w *StaffWorker) Work(ctx context.Context, job *river.Job[StaffEmailArgs]) error {
	a := job.Args
	a.District = w.District
	return linkEmail{
		path: "staff", Envelope: a.Envelope, language: "en", kind: string(a.EmailKind),
		life: a.EmailKind.LinkLifetime(), associatedData: StaffLinkAD(a.To),
		render: func(link string) (Rendered, error) { return RenderStaff(a, link) },
	}.send(ctx, w.Sender, w.Links, w.Logger, job.JobRow)
}
