package change

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// StudentDefault is one student's new school-issued default password in a bulk change: the
// student as read (locked) in the caller's transaction, and the default sealed for them.
type StudentDefault struct {
	Student accounts.Student
	Secret  accounts.StoredPassword
}

// BulkStore is the set-wise form of Store, for Defaults. Both run inside the transaction
// carried by ctx.
type BulkStore interface {
	// SetDefaults does for every student of ds what SetPassword does for one with a sealed
	// default and no self-reset, in a few statements: the default stored and the hash
	// dropped, the sign-in throttle cleared, the token version bumped. It fails with
	// accounts.ErrNotFound, having changed nothing the caller may keep, unless every
	// student exists.
	SetDefaults(ctx context.Context, ds []StudentDefault, at time.Time, mustChange bool) error
	// GuardiansOf lists the guardians linked to each of the students, by student id, each
	// student's in the order GuardianRecipients gives them.
	GuardiansOf(ctx context.Context, studentIDs []string) (map[string][]Recipient, error)
}

// BulkMailer enqueues the confirmation emails of a bulk change at once, inside the
// transaction in ctx, on a queue of their own so that they never delay the email of a
// student's own change.
type BulkMailer interface {
	EnqueueBulk(ctx context.Context, args []mail.ConfirmationArgs) error
}

// ErrNoBulk is a Writer whose Store, Audit or Mail has no set-wise form (BulkStore,
// audit.BatchRecorder, BulkMailer), so it cannot run Defaults.
var ErrNoBulk = errors.New("change: the writer's store, audit log or mailer cannot write in bulk")

// Defaults makes each student's sealed default their current password, exactly as Password
// does for one student (the password stored, the throttle cleared, every session ended, the
// audit event, the confirmation emails policy.Recipients names), for thousands of students
// a transaction: district regeneration changes them in chunks this way. It runs inside the
// transaction in ctx, which must hold the students' row locks, and writes in a handful of
// statements whatever the number of students. Every secret is checked before anything is
// written; an empty ds changes nothing.
//
// The set-wise forms are not fields of their own but the same Store, Audit and Mail seen
// through BulkStore, audit.BatchRecorder and BulkMailer (as io.Copy finds a WriterTo): the
// one and the many then write through the same stores, and the many small fakes of the
// single-change paths need not grow methods they never use.
func (w *Writer) Defaults(ctx context.Context, ds []StudentDefault, by Actor, path policy.Path, mustChange bool, at time.Time) error {
	if len(ds) == 0 {
		return nil
	}
	ids := make([]string, len(ds))
	seen := make(map[string]bool, len(ds))
	for i, d := range ds {
		if len(d.Secret.Sealed) == 0 || d.Secret.Hash != "" {
			return ErrNoSecret
		}
		if seen[d.Student.ID] {
			return fmt.Errorf("change: student %s twice in one bulk change", d.Student.ID)
		}
		seen[d.Student.ID], ids[i] = true, d.Student.ID
	}
	store, okStore := w.Store.(BulkStore)
	recorder, okAudit := w.Audit.(audit.BatchRecorder)
	mailer, okMail := w.Mail.(BulkMailer)
	if !okStore || !okAudit || !okMail {
		return ErrNoBulk
	}

	if err := store.SetDefaults(ctx, ds, at, mustChange); err != nil {
		return err
	}
	if w.Directory != nil {
		if err := w.Directory.QueueDefaults(ctx, ds, at); err != nil {
			return fmt.Errorf("queue directory writes: %w", err)
		}
	}
	c := Confirmation{Event: policy.EventPasswordChanged, By: by, Path: path, At: at}
	var guardians map[string][]Recipient
	if toGuardians(c) {
		var err error
		if guardians, err = store.GuardiansOf(ctx, ids); err != nil {
			return err
		}
	}
	events := make([]audit.Event, len(ds))
	emails := make([]mail.ConfirmationArgs, 0, len(ds))
	for i, d := range ds {
		event, mine := w.confirmation(d.Student, c, guardians[d.Student.ID])
		events[i] = event
		emails = append(emails, mine...)
	}
	if err := recorder.RecordMany(ctx, events); err != nil {
		return err
	}
	if err := mailer.EnqueueBulk(ctx, emails); err != nil {
		return fmt.Errorf("enqueue confirmations: %w", err)
	}
	return nil
}
