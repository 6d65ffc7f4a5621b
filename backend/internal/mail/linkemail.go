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

// linkEmail is one job of a path whose emails may carry a sealed one-time link: a
// guardian's (FamilyWorker) or a staff member's (StaffWorker). The workers differ only in
// what they fill in here; opening, the checks, rendering and delivery are the same.
type linkEmail struct {
	// path is "family" or "staff": it names the job in logs, errors and the Message-ID.
	path                 string
	to, toName, language string
	kind                 string
	// life is the link's lifetime for the kind, 0 for a kind without a link.
	life       time.Duration
	occurredAt time.Time
	sealed     []byte
	keyID      string
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
		logger.Error(msg, "err", redact(err, e.to))
		return river.JobCancel(fmt.Errorf("mail: %s job %d: %w", e.path, job.ID, err))
	}
	var link string
	if e.life > 0 {
		if !e.occurredAt.IsZero() && !time.Now().Before(e.occurredAt.Add(e.life)) {
			logger.Warn(e.path + " email link expired before it could be sent; job cancelled")
			return river.JobCancel(fmt.Errorf("mail: %s job %d: %w", e.path, job.ID, ErrLinkExpired))
		}
		if len(e.sealed) > 0 {
			if links == nil {
				// A configuration mistake, not a bad payload: retry until it is fixed or the
				// link expires.
				logger.Error(e.path + " email has a link but the worker has no LinkOpener")
				return fmt.Errorf("mail: %s job %d: no LinkOpener configured", e.path, job.ID)
			}
			var err error
			if link, err = links.Open(e.sealed, e.keyID, e.associatedData); err != nil {
				return cancel(e.path+" email link cannot be opened; job cancelled", err)
			}
		}
	}
	r, err := e.render(link)
	if err != nil {
		return cancel(e.path+" email cannot be rendered; job cancelled", err)
	}
	return deliver(ctx, sender, logger, e.path, job.ID, &Message{
		To: e.to, ToName: e.toName, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: sender.messageID(e.path, job.ID), Language: e.language,
	})
}

// checkLink refuses, wrapping ErrInvalidArgs, an email of a kind with a link (life > 0)
// given none, one of a kind without a link given one, and a link that is not an absolute
// http(s) URL. Its errors never contain the link.
func checkLink(kind string, life time.Duration, link string) error {
	switch {
	case life > 0 && link == "":
		return fmt.Errorf("%w: %s email without a link", ErrInvalidArgs, kind)
	case life == 0 && link != "":
		return fmt.Errorf("%w: %s email given a link", ErrInvalidArgs, kind)
	case link != "" && !webAddress(link):
		return fmt.Errorf("%w: the link is not an absolute http(s) URL", ErrInvalidArgs)
	}
	return nil
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
