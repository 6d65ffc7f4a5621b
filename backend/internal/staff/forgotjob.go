package staff

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
)

// ForgotArgs is a staff forgot-password request, queued by StartForgot so the request
// answers alike for every address. It holds no secret: the link is made when the job runs.
type ForgotArgs struct {
	Email       string    `json:"email"`
	RequestedAt time.Time `json:"requested_at"`
	IP          string    `json:"ip,omitempty"`
	UserAgent   string    `json:"user_agent,omitempty"`
}

// Kind names the job in River's table; it must never change.
func (ForgotArgs) Kind() string { return "staff_forgot_request" }

// forgotAttempts bounds the retries: the link lives 30 minutes, so a request still failing
// after a few minutes is better asked again.
const forgotAttempts = 5

// InsertOpts puts the requests on the mail queue, beside the emails they lead to.
func (ForgotArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: mail.QueueMail, MaxAttempts: forgotAttempts}
}

// ForgotWorker runs queued staff forgot-password requests.
type ForgotWorker struct {
	river.WorkerDefaults[ForgotArgs]
	Service *Service
}

// Work emails a reset link if the address is a staff account; the audit events say where
// the request came from.
func (w *ForgotWorker) Work(ctx context.Context, job *river.Job[ForgotArgs]) error {
	ctx = audit.WithOrigin(ctx, audit.Origin{IP: job.Args.IP, UserAgent: job.Args.UserAgent})
	if err := w.Service.sendForgotLink(ctx, job.Args.Email, job.Args.RequestedAt); err != nil {
		return fmt.Errorf("staff: forgot request job %d: %w", job.ID, err)
	}
	return nil
}
