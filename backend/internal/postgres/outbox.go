package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/mail"
)

// Outbox enqueues email jobs inside the transaction of the change they
// confirm: River's jobs live in the same database, so the job commits with
// the change or not at all, and a committed job is delivered with retries.
type Outbox struct {
	DB    *DB
	River *river.Client[pgx.Tx]
}

// Enqueue inserts a confirmation email job in the transaction carried by ctx.
func (o *Outbox) Enqueue(ctx context.Context, args mail.ConfirmationArgs) error {
	return o.insert(ctx, args)
}

// EnqueueBulk inserts the confirmation email jobs of a bulk change (district regeneration)
// in the transaction carried by ctx, all in one COPY (InsertManyFastTx), on queue
// mail.QueueMailBulk: its own workers drain a backlog of 100,000 while a student's own
// change still gets its email from queue "mail" at once. It implements change.BulkMailer.
func (o *Outbox) EnqueueBulk(ctx context.Context, args []mail.ConfirmationArgs) error {
	if len(args) == 0 {
		return nil
	}
	tx, err := o.DB.tx(ctx)
	if err != nil {
		return err
	}
	// The args' own InsertOpts still give the attempts (three days of retries).
	opts := &river.InsertOpts{Queue: mail.QueueMailBulk}
	params := make([]river.InsertManyParams, len(args))
	for i, a := range args {
		params[i] = river.InsertManyParams{Args: a, InsertOpts: opts}
	}
	if _, err := o.River.InsertManyFastTx(ctx, tx, params); err != nil {
		return fmt.Errorf("insert %d confirmation jobs: %w", len(args), err)
	}
	return nil
}

// EnqueueFamily inserts a family-portal email job in the transaction carried by ctx.
func (o *Outbox) EnqueueFamily(ctx context.Context, args mail.FamilyEmailArgs) error {
	return o.insert(ctx, args)
}

// EnqueueForgot inserts a guardian's forgot-password request in the transaction carried by
// ctx.
func (o *Outbox) EnqueueForgot(ctx context.Context, args family.ForgotArgs) error {
	return o.insert(ctx, args)
}

// insert adds a job to the transaction carried by ctx; outside one it fails, so a job can
// never commit apart from the change it belongs to.
func (o *Outbox) insert(ctx context.Context, args river.JobArgs) error {
	tx, err := o.DB.tx(ctx)
	if err != nil {
		return err
	}
	if _, err := o.River.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("insert %s job: %w", args.Kind(), err)
	}
	return nil
}
