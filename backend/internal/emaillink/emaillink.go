package emaillink

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ErrInvalid is an emailed link that is unknown, expired or already used; the stores of
// both paths answer it, and the HTTP layer gives it one status.
var ErrInvalid = errors.New("this link has expired or was already used")

// tokenBytes is a token's randomness: 256 bits, so a digest needs no slow hash and an
// answer about one token helps no guess of another.
const tokenBytes = 32

// Digest is what is stored of a token: its SHA-256, so the store never holds a usable link.
func Digest(token string) []byte {
	d := sha256.Sum256([]byte(token))
	return d[:]
}

// NewToken returns a fresh token drawn from r (crypto/rand in production) and its digest.
func NewToken(r io.Reader) (token string, digest []byte, err error) {
	b := make([]byte, tokenBytes)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", nil, fmt.Errorf("link token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Digest(token), nil
}

// Sealer seals a link for its email job, so the job table never holds a usable token
// (package accounts' Sealer).
type Sealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
}

// Sealed is a link sealed for its email job.
type Sealed struct {
	Link  []byte
	KeyID string
}

// Issue makes a new link to page (a full URL without fragment) and returns it sealed with
// associatedData (the address it is emailed to): save stores the token's digest, in the
// caller's transaction, before the link is sealed. The token travels in the URL's
// fragment, which browsers never send to a server, so it stays out of access logs and
// Referer headers.
func Issue(r io.Reader, sealer Sealer, page string, associatedData []byte, save func(digest []byte) error) (Sealed, error) {
	token, digest, err := NewToken(r)
	if err != nil {
		return Sealed{}, err
	}
	if err := save(digest); err != nil {
		return Sealed{}, err
	}
	sealed, keyID, err := sealer.Seal(page+"#token="+token, associatedData)
	if err != nil {
		return Sealed{}, fmt.Errorf("seal link: %w", err)
	}
	return Sealed{Link: sealed, KeyID: keyID}, nil
}

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
