package emaillink

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ForgotPath is one path's forgot-password requests (guardians', staff's): it names their
// job in River's table, a name that must never change.
type ForgotPath interface {
	ForgotJobKind() string
}

// ForgotArgs is a forgot-password request of path P, queued in the request's transaction so
// the request answers alike for every address. It holds no secret: the link is made when
// the job runs.
type ForgotArgs[P ForgotPath] struct {
	Email       string    `json:"email"`
	RequestedAt time.Time `json:"requested_at"`
	IP          string    `json:"ip,omitempty"`
	UserAgent   string    `json:"user_agent,omitempty"`
}

// NewForgot returns the request of a normalized email at a moment, with the request's
// origin from ctx, so the job's audit events say where it came from.
func NewForgot[P ForgotPath](ctx context.Context, email string, at time.Time) ForgotArgs[P] {
	o := audit.OriginFrom(ctx)
	return ForgotArgs[P]{Email: email, RequestedAt: at, IP: o.IP, UserAgent: o.UserAgent}
}

// Kind names the job in River's table.
func (ForgotArgs[P]) Kind() string {
	var p P
	return p.ForgotJobKind()
}

// forgotAttempts bounds the retries of a request: the link it makes lives 30 minutes, so a
// request still failing after a few minutes is better asked again.
const forgotAttempts = 5

// InsertOpts puts the requests on the mail queue, beside the emails they lead to.
func (ForgotArgs[P]) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: mail.QueueMail, MaxAttempts: forgotAttempts}
}

// ForgotSender is a path's service: it emails a reset link if the address has an account of
// the path, and audits what it did.
type ForgotSender interface {
	SendForgotLink(ctx context.Context, email string, at time.Time) error
}

// ForgotWorker runs the queued forgot-password requests of path P.
type ForgotWorker[P ForgotPath] struct {
	river.WorkerDefaults[ForgotArgs[P]]
	Sender ForgotSender
}

// Work runs a request with its origin in the context, so the audit events say where the
// request came from.
func (w *ForgotWorker[P]) Work(ctx context.Context, job *river.Job[ForgotArgs[P]]) error {
	ctx = audit.WithOrigin(ctx, audit.Origin{IP: job.Args.IP, UserAgent: job.Args.UserAgent})
	if err := w.Sender.SendForgotLink(ctx, job.Args.Email, job.Args.RequestedAt); err != nil {
		return fmt.Errorf("%s job %d: %w", job.Args.Kind(), job.ID, err)
	}
	return nil
}

// StartForgot does a forgot-password request's work on the request path, the same for
// every address: in one transaction, the path's audit event of the request (record, given
// the normalized address) and, for an address that can be one, the queued request
// (enqueue). So neither the answer nor its timing tells whether the address has an
// account; the job decides, off the request path.
func StartForgot[P ForgotPath](ctx context.Context, inTx func(context.Context, func(context.Context) error) error,
	email string, now func() time.Time, record func(ctx context.Context, email string) error,
	enqueue func(context.Context, ForgotArgs[P]) error) error {
	norm, ok := policy.NormalizeEmail(email)
	return inTx(ctx, func(ctx context.Context) error {
		at := now()
		if err := record(ctx, norm); err != nil {
			return err
		}
		if !ok {
			return nil
		}
		return enqueue(ctx, NewForgot[P](ctx, norm, at))
	})
}
