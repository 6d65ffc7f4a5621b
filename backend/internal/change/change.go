package change

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Actor kinds, as the audit trail names them.
const (
	ActorStudent  = "student"
	ActorGuardian = "guardian"
	ActorStaff    = "staff"
)

// Actor is who makes a change.
type Actor struct {
	Kind string
	ID   string
}

// Password is a new password for a student: a chosen one as a hash, or a school-issued
// default, sealed so staff in scope can read it until the student replaces it.
type Password struct {
	By   Actor
	Path policy.Path
	// Secret is the new password as stored: Hash, or Sealed with its KeyID, never both.
	Secret accounts.StoredPassword
	// MustChange makes the student choose a new password at the next sign-in.
	MustChange bool
	// SelfReset marks a forgot-password reset, which starts the self-reset window.
	SelfReset bool
	// Plain is the password the caller hashed, as typed: only the directory write-back
	// uses it (sealed for its job, never stored otherwise). A sealed default needs none:
	// its seal is reused as it is.
	Plain string
}

// Store writes the password and reads who else is told. Both run inside the transaction
// carried by ctx.
type Store interface {
	// SetPassword stores the new password, drops any other form of it, clears the sign-in
	// throttle, bumps the token version (ending every session) and returns the new version.
	SetPassword(ctx context.Context, studentID string, p accounts.StoredPassword, at time.Time,
		mustChange, selfReset bool) (newTokenVersion int, err error)
	// GuardianRecipients lists the guardians linked to the student, for their emails.
	GuardianRecipients(ctx context.Context, studentID string) ([]Recipient, error)
}

// Recipient is a linked guardian who receives a confirmation email.
type Recipient struct {
	Email  string
	Name   string
	Locale string
}

// Mailer enqueues a confirmation email inside the transaction in ctx.
type Mailer interface {
	Enqueue(ctx context.Context, args mail.ConfirmationArgs) error
}

// Writer is the one way a student's secret changes.
type Writer struct {
	Store Store
	Audit audit.Recorder
	Mail  Mailer
	// Directory queues the write-back of every new password to the district's directory;
	// nil when no directory is configured.
	Directory Directory
	// TimeZone names the district's zone for the times in emails.
	TimeZone string
}

// ErrNoSecret is a Password with neither a hash nor a sealed default, or with both.
var ErrNoSecret = errors.New("change: a password needs exactly one of a hash and a sealed default")

// Password writes p for st at time at, inside the transaction in ctx, which must hold st's
// row lock (the caller re-checks its rules on the locked row first). It returns the
// student's new token version.
func (w *Writer) Password(ctx context.Context, st accounts.Student, p Password, at time.Time) (int, error) {
	if (p.Secret.Hash == "") == (len(p.Secret.Sealed) == 0) {
		return 0, ErrNoSecret
	}
	version, err := w.Store.SetPassword(ctx, st.ID, p.Secret, at, p.MustChange, p.SelfReset)
	if err != nil {
		return 0, err
	}
	if w.Directory != nil {
		if err := w.Directory.QueuePassword(ctx, st.ID, p.Plain, p.Secret, at); err != nil {
			return 0, fmt.Errorf("queue directory write: %w", err)
		}
	}
	return version, w.Confirm(ctx, st, Confirmation{Event: policy.EventPasswordChanged, By: p.By, Path: p.Path, At: at})
}

// Confirmation is a done change of one of a student's secrets.
type Confirmation struct {
	Event policy.Event
	By    Actor
	Path  policy.Path
	At    time.Time
	// Reason details the audit event, such as "reissued" for a badge that ended another.
	Reason string
}

// Confirm records c in the audit trail and queues the confirmation emails the policy names
// for it (policy.Recipients), inside the transaction in ctx, so the three commit together
// with the change or not at all.
func (w *Writer) Confirm(ctx context.Context, st accounts.Student, c Confirmation) error {
	var guardians []Recipient
	if toGuardians(c) {
		var err error
		if guardians, err = w.Store.GuardianRecipients(ctx, st.ID); err != nil {
			return err
		}
	}
	event, emails := w.confirmation(st, c, guardians)
	if err := w.Audit.Record(ctx, event); err != nil {
		return err
	}
	for _, a := range emails {
		if err := w.Mail.Enqueue(ctx, a); err != nil {
			return fmt.Errorf("enqueue confirmation: %w", err)
		}
	}
	return nil
}

// toGuardians reports whether the policy tells the student's guardians of c, so that their
// addresses are read only then.
func toGuardians(c Confirmation) bool {
	return slices.Contains(policy.Recipients(c.Event, c.Path), policy.RecipientGuardians)
}

// confirmation builds the audit event and the emails of c for st, whose linked guardians
// are guardians (read when toGuardians(c)). Confirm (one student) and Defaults (thousands)
// both build them here, so the two forms of a change cannot drift apart.
func (w *Writer) confirmation(st accounts.Student, c Confirmation, guardians []Recipient) (audit.Event, []mail.ConfirmationArgs) {
	event := audit.Event{
		OccurredAt: c.At, ActorKind: c.By.Kind, ActorID: c.By.ID,
		SubjectKind: "student", SubjectID: st.ID,
		Action: string(c.Event), Path: string(c.Path), Outcome: audit.Succeeded, Reason: c.Reason,
	}
	base := mail.ConfirmationArgs{
		StudentName: st.FirstName + " " + st.LastName, Username: st.Username,
		Change: mail.Change(c.Event), Path: mail.Path(c.Path), OccurredAt: c.At,
		SchoolName: st.SchoolName, SchoolContact: st.SchoolContact, TimeZone: w.TimeZone,
	}
	var emails []mail.ConfirmationArgs
	for _, r := range policy.Recipients(c.Event, c.Path) {
		switch r {
		case policy.RecipientStudent:
			a := base
			a.To, a.RecipientName, a.Locale = st.Email, st.FirstName, st.Locale
			emails = append(emails, a)
		case policy.RecipientGuardians:
			for _, g := range guardians {
				a := base
				a.To, a.RecipientName, a.Locale, a.ToGuardian = g.Email, g.Name, g.Locale, true
				emails = append(emails, a)
			}
		}
	}
	return event, emails
}
