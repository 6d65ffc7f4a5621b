package mail

import (
	"bytes"
	"context"
	"fmt"
	htmltemplate "html/template"
	"log/slog"
	texttemplate "text/template"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Envelope is what a family and a staff email job hold alike: the recipient, the moment,
// and the link of a kind that has one. The payload sits in River's job table, written in
// the same transaction as the change it reports, so it never holds a password or a usable
// token: the one-time link travels sealed.
type Envelope struct {
	To string `json:"to"`
	// Name is the recipient's name, for the greeting.
	Name       string    `json:"name"`
	OccurredAt time.Time `json:"occurred_at"`
	// TimeZone is an IANA name for the times shown in the email; empty means
	// DefaultTimeZone, an unknown name means UTC.
	TimeZone string `json:"time_zone,omitempty"`
	// SealedLink is the one-time link of a kind that has one, sealed with the portal's AEAD
	// under LinkKeyID and the path's associated data (FamilyLinkAD, StaffLinkAD of To).
	SealedLink []byte `json:"sealed_link,omitempty"`
	LinkKeyID  string `json:"link_key_id,omitempty"`
	// SignInURL is the plain address of the path's sign-in page, without any token.
	SignInURL string `json:"sign_in_url"`
	// Via says how a password changed, for a password-changed notice: FamilyViaSignedIn,
	// FamilyViaResetLink, StaffViaSignedIn or StaffViaResetLink. Empty or unknown leaves the
	// sentence out rather than holding back a security notice.
	Via string `json:"via,omitempty"`
	// District is set by the worker from its own, never stored in the job.
	District District `json:"-"`
}

// InsertOpts puts family and staff emails on the mail queue with the attempts of a
// confirmation email, which retry for more than three days: right for the notices.
// Options are per job type, not per job, so the workers cut an email with a link short
// instead, cancelling the job once the link has expired.
func (Envelope) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, MaxAttempts: confirmationMaxAttempts}
}

// linkEmail is one job of a path whose emails may carry a sealed one-time link: a
// guardian's (FamilyWorker) or a staff member's (StaffWorker). The workers differ only in
// what they fill in here; opening, the checks, rendering and delivery are the same.
type linkEmail struct {
	// path is "family" or "staff": it names the job in logs, errors and the Message-ID.
	path string
	Envelope
	language, kind string
	// life is the link's lifetime for the kind, 0 for a kind without a link.
	life time.Duration
	// associatedData binds the sealed link to the recipient (FamilyLinkAD, StaffLinkAD).
	associatedData []byte
	render         func(link string) (Rendered, error)
}

// send opens the link, renders the email and delivers it with a Message-ID derived from the
// job ID. A send error is returned as is so River retries. A job that can never be sent,
// because its link cannot be opened, has expired, or the payload cannot be rendered, is
// cancelled instead. Neither the address nor the link is logged: the job ID leads to the
// address for whoever may read the database, and the link is a key.
func (e linkEmail) send(ctx context.Context, sender *Sender, links LinkOpener, logger *slog.Logger, job *rivertype.JobRow) error {
	if logger == nil {
		logger = slog.Default()
	}
	logger = logger.With("job_id", job.ID, "attempt", job.Attempt, "kind", e.kind)
	cancel := func(msg string, err error) error {
		logger.Error(msg, "err", redact(err, e.To))
		return river.JobCancel(fmt.Errorf("mail: %s job %d: %w", e.path, job.ID, err))
	}
	var link string
	if e.life > 0 {
		if !e.OccurredAt.IsZero() && !time.Now().Before(e.OccurredAt.Add(e.life)) {
			logger.Warn(e.path + " email link expired before it could be sent; job cancelled")
			return river.JobCancel(fmt.Errorf("mail: %s job %d: %w", e.path, job.ID, ErrLinkExpired))
		}
		if len(e.SealedLink) > 0 {
			if links == nil {
				// A configuration mistake, not a bad payload: retry until it is fixed or the
				// link expires.
				logger.Error(e.path + " email has a link but the worker has no LinkOpener")
				return fmt.Errorf("mail: %s job %d: no LinkOpener configured", e.path, job.ID)
			}
			var err error
			if link, err = links.Open(e.SealedLink, e.LinkKeyID, e.associatedData); err != nil {
				return cancel(e.path+" email link cannot be opened; job cancelled", err)
			}
		}
	}
	r, err := e.render(link)
	if err != nil {
		return cancel(e.path+" email cannot be rendered; job cancelled", err)
	}
	return deliver(ctx, sender, logger, e.path, job.ID, &Message{
		To: e.To, ToName: e.Name, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: sender.messageID(e.path, job.ID), Language: e.language,
	})
}

// check refuses, wrapping ErrInvalidArgs, an email of a kind the path does not know
// (known false), one without its moment, one of a kind with a link (life > 0) given none,
// one of a kind without a link given one, and a link that is not an absolute http(s) URL.
// Its errors never contain the link.
func (e Envelope) check(path, kind string, known bool, life time.Duration, link string) error {
	switch {
	case !known:
		return fmt.Errorf("%w: unknown %s email kind %q", ErrInvalidArgs, path, kind)
	case e.OccurredAt.IsZero():
		return fmt.Errorf("%w: occurred_at is missing", ErrInvalidArgs)
	case life > 0 && link == "":
		return fmt.Errorf("%w: %s email without a link", ErrInvalidArgs, kind)
	case life == 0 && link != "":
		return fmt.Errorf("%w: %s email given a link", ErrInvalidArgs, kind)
	case link != "" && !webAddress(link):
		return fmt.Errorf("%w: the link is not an absolute http(s) URL", ErrInvalidArgs)
	}
	return nil
}

// lead is an email's first paragraph: the link follows it, as a button in HTML, when there
// is one.
func lead(text, link, button string) familyBlock {
	if link == "" {
		button = ""
	}
	return familyBlock{Text: text, URL: link, Button: button}
}

// greet is the greeting of a recipient, by name when there is one.
func (p phrases) greet(name string) string {
	if name = oneLine(name); name != "" {
		return fmt.Sprintf(p.greeting, name)
	}
	return p.greetingNoName
}

// execute renders a view with a text and an HTML template; what names the email in errors.
func execute(text *texttemplate.Template, html *htmltemplate.Template, subject, what string, v any) (Rendered, error) {
	var t, h bytes.Buffer
	if err := text.Execute(&t, v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s text: %w", what, err)
	}
	if err := html.Execute(&h, v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s html: %w", what, err)
	}
	return Rendered{Subject: subject, Text: t.String(), HTML: h.String()}, nil
}
