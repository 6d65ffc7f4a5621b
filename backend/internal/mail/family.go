package mail

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"
)

// FamilyEmailKind is what a family-portal email is about. The values are
// stored in job payloads, so they must never change.
type FamilyEmailKind string

// The family-portal emails.
const (
	// FamilyVerifyEmail carries a one-time link, valid 48 hours, that proves
	// the guardian reads the address they registered.
	FamilyVerifyEmail FamilyEmailKind = "verify_email"
	// FamilyAlreadyRegistered answers a registration for an address that
	// already has an account. It carries no link: it points to the sign-in
	// page and "Forgot your password?", so registration never tells a
	// stranger whether an address is known.
	FamilyAlreadyRegistered FamilyEmailKind = "already_registered"
	// FamilyResetPassword carries a one-time link, valid 30 minutes, to
	// choose a new password.
	FamilyResetPassword FamilyEmailKind = "reset_password"
	// FamilyPasswordChanged confirms that the guardian's own family-portal
	// password changed; FamilyEmailArgs.Via says how.
	FamilyPasswordChanged FamilyEmailKind = "password_changed"
	// FamilyGuardianLinked tells a child's guardians that another guardian
	// linked their account to the child (LinkedBy, ChildName), so a code that
	// reached the wrong hands cannot give reset rights unnoticed.
	FamilyGuardianLinked FamilyEmailKind = "guardian_linked"
)

// FamilyEmailKinds lists every FamilyEmailKind, for tests and for callers
// that validate input.
var FamilyEmailKinds = []FamilyEmailKind{
	FamilyVerifyEmail, FamilyAlreadyRegistered, FamilyResetPassword, FamilyPasswordChanged, FamilyGuardianLinked,
}

// The ways a family-portal password can change, for FamilyEmailArgs.Via.
// They are stored in job payloads, so they must never change.
const (
	FamilyViaSignedIn  = "signed_in"  // changed on the account page while signed in
	FamilyViaResetLink = "reset_link" // changed with a FamilyResetPassword link
)

// LinkLifetime is how long the one-time link of an email of kind k works,
// or 0 for kinds without a link. The email states it, so the code that
// issues the link must use the same value.
func (k FamilyEmailKind) LinkLifetime() time.Duration {
	switch k {
	case FamilyVerifyEmail:
		return 48 * time.Hour
	case FamilyResetPassword:
		return 30 * time.Minute
	default:
		return 0
	}
}

// FamilyEmailArgs is the River job payload for one family-portal email to one
// guardian. It is written in the same transaction as the change it reports
// and kept in River's job table, so it never holds a password or a usable
// token: the one-time link travels sealed.
type FamilyEmailArgs struct {
	Envelope
	// Locale is "en" or "es"; anything else is rendered in English.
	Locale string `json:"locale"`
	// EmailKind cannot be called Kind: that is the method River requires.
	EmailKind FamilyEmailKind `json:"kind"`
	// ChildName, LinkedBy (the new guardian's name and email) and
	// SchoolContact are for FamilyGuardianLinked.
	ChildName     string `json:"child_name,omitempty"`
	LinkedBy      string `json:"linked_by,omitempty"`
	SchoolContact string `json:"school_contact,omitempty"`
}

// Kind identifies the job type to River; it is stored with every job and must
// never change.
func (FamilyEmailArgs) Kind() string { return "family_email" }

// LinkOpener opens a sealed link; package accounts' *Sealer is one.
type LinkOpener interface {
	Open(sealed []byte, keyID string, associatedData []byte) (string, error)
}

// FamilyLinkAD is the associated data a family link is sealed with. It binds
// the sealed link to the recipient's address, so a link copied into another
// job cannot be opened and mailed to someone else.
func FamilyLinkAD(to string) []byte {
	return []byte("family-link:" + strings.ToLower(strings.TrimSpace(to)))
}

// ErrLinkExpired reports an email (family or staff) whose link had expired
// before it could be sent; the worker cancels the job, since the link is useless.
var ErrLinkExpired = errors.New("mail: email link expired before sending")

// FamilyWorker renders and sends family-portal emails.
//
// River's default policy waits n^4 seconds (±10%) after the n-th failure, so
// attempt A starts sum(n^4, n = 1..A-1) seconds after the first. A reset
// link (30 minutes) thus gets 6 attempts, the 6th at 979 s ≈ 16 min, before
// the 7th at 2,275 s ≈ 38 min (34 min at the earliest) finds it expired. A
// verification link (48 hours) gets 15, the 15th at 127,687 s ≈ 35 h, before
// the 16th at 178,312 s ≈ 50 h, or 16 when the jitter makes that one early
// (≈ 45 h). Either way retries stop with the link, not days later; a
// guardian with a dead link asks for a new one.
type FamilyWorker struct {
	river.WorkerDefaults[FamilyEmailArgs]
	Sender *Sender
	// Links opens FamilyEmailArgs.SealedLink.
	Links LinkOpener
	// Logger may be nil, in which case slog.Default is used.
	Logger *slog.Logger
	// District heads and signs every email.
	District District
}

// Timeout returns the time limit of one attempt.
func (w *FamilyWorker) Timeout(*river.Job[FamilyEmailArgs]) time.Duration {
	return confirmationTimeout
}

// Work sends one family-portal email with a Message-ID derived from the job
// ID. A send error is returned as is so River retries. A job that can never
// be sent, because its link cannot be opened, has expired, or the payload
// cannot be rendered, is cancelled instead.
func (w *FamilyWorker) Work(ctx context.Context, job *river.Job[FamilyEmailArgs]) error {
	a := job.Args
	a.District = w.District
	return linkEmail{
		path: "family", Envelope: a.Envelope, language: normalizeLocale(a.Locale), kind: string(a.EmailKind),
		life: a.EmailKind.LinkLifetime(), associatedData: FamilyLinkAD(a.To),
		render: func(link string) (Rendered, error) { return RenderFamily(a, link) },
	}.send(ctx, w.Sender, w.Links, w.Logger, job.JobRow)
}
