package mail

import (
	"errors"
	"log/slog"
	"math"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

func newJob(id int64, args ConfirmationArgs) *river.Job[ConfirmationArgs] {
	return &river.Job[ConfirmationArgs]{JobRow: &rivertype.JobRow{ID: id, Attempt: 1}, Args: args}
}

func TestWorkSendsWithJobMessageID(t *testing.T) {
	c := startCatcher(t)
	w := &ConfirmationWorker{Sender: senderFor(t, c.SMTPAddr()), Logger: slog.New(slog.DiscardHandler)}
	args := sampleArgs()
	args.Locale, args.Path = "es", PathStaff

	if err := w.Work(t.Context(), newJob(42, args)); err != nil {
		t.Fatalf("Work: %v", err)
	}

	got := waitFor(t, c, args.To)
	if want := "<confirmation-42@portal.example.org>"; strings.Join(got.Headers["Message-Id"], "") != want {
		t.Errorf("Message-Id: got %q, want %q", got.Headers["Message-Id"], want)
	}
	if want := "Se cambió la contraseña de johns1234"; got.Subject != want {
		t.Errorf("Subject: got %q, want %q", got.Subject, want)
	}
	for part, body := range map[string]string{"text": got.Text, "html": got.HTML} {
		if !strings.Contains(body, "El personal de la escuela la restableció.") {
			t.Errorf("%s: got\n%s\nwant the staff path sentence", part, body)
		}
	}
}

func TestWorkReturnsSendErrorsForRetry(t *testing.T) {
	// A port that was free a moment ago and is now closed: the connection is
	// refused, as when the relay is down.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	w := &ConfirmationWorker{Sender: senderFor(t, addr), Logger: slog.New(slog.DiscardHandler)}
	err = w.Work(t.Context(), newJob(7, sampleArgs()))
	if err == nil {
		t.Fatal("Work against a closed port: got nil error, want an error so River retries")
	}
	var cancel *rivertype.JobCancelError
	if errors.As(err, &cancel) {
		t.Errorf("Work against a closed port: got a JobCancel error %v, want a plain error so River retries", err)
	}
}

func TestWorkCancelsUnsendableJobs(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ConfirmationArgs)
		want error
	}{
		{name: "unknown change", edit: func(a *ConfirmationArgs) { a.Change = "email_changed" }, want: ErrInvalidArgs},
		{name: "malformed address", edit: func(a *ConfirmationArgs) { a.To = "johns1234" }, want: ErrInvalidMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// No server is needed: both fail before any connection is made.
			w := &ConfirmationWorker{Sender: senderFor(t, "127.0.0.1:1"), Logger: slog.New(slog.DiscardHandler)}
			args := sampleArgs()
			tt.edit(&args)
			err := w.Work(t.Context(), newJob(9, args))
			var cancel *rivertype.JobCancelError
			if !errors.As(err, &cancel) || !errors.Is(err, tt.want) {
				t.Errorf("Work: got error %v, want a JobCancel wrapping %v", err, tt.want)
			}
		})
	}
}

func TestWorkerTimeout(t *testing.T) {
	w := &ConfirmationWorker{}
	if got, want := w.Timeout(newJob(1, sampleArgs())), 30*time.Second; got != want {
		t.Errorf("Timeout: got %v, want %v", got, want)
	}
}

func TestInsertOptsRetryForAtLeastThreeDays(t *testing.T) {
	opts := ConfirmationArgs{}.InsertOpts()
	if opts.Queue != "mail" {
		t.Errorf("Queue: got %q, want \"mail\"", opts.Queue)
	}
	// River's default policy waits n^4 seconds (±10%) after the n-th failure;
	// the last attempt starts after the sum of the waits before it.
	var total float64
	for n := 1; n < opts.MaxAttempts; n++ {
		total += math.Pow(float64(n), 4)
	}
	shortest := time.Duration(0.9 * total * float64(time.Second))
	if want := 72 * time.Hour; shortest < want {
		t.Errorf("MaxAttempts %d: got a retry span of at least %v, want at least %v",
			opts.MaxAttempts, shortest, want)
	}
}

func TestKindIsStable(t *testing.T) {
	if got, want := (ConfirmationArgs{}).Kind(), "confirmation_email"; got != want {
		t.Errorf("Kind: got %q, want %q", got, want)
	}
}
