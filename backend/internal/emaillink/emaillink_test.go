package emaillink

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		token, digest, err := NewToken(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || len(raw) != tokenBytes {
			t.Fatalf("token %q: got %d bytes (%v), want %d bytes of URL-safe base64", token, len(raw), err, tokenBytes)
		}
		if want := sha256.Sum256([]byte(token)); !bytes.Equal(digest, want[:]) || !bytes.Equal(Digest(token), want[:]) {
			t.Fatalf("token %q: got digest %x, want its SHA-256 %x", token, digest, want)
		}
		if seen[token] {
			t.Fatalf("token %q drawn twice", token)
		}
		seen[token] = true
	}
	if _, _, err := NewToken(bytes.NewReader(make([]byte, tokenBytes-1))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("NewToken from a short source: got %v, want io.ErrUnexpectedEOF", err)
	}
}

// fakeSealer records what it seals and returns it reversed, so a test sees the plaintext.
type fakeSealer struct {
	plain, ad string
	err       error
}

func (f *fakeSealer) Seal(plaintext string, associatedData []byte) ([]byte, string, error) {
	f.plain, f.ad = plaintext, string(associatedData)
	return []byte("sealed:" + plaintext), "k1", f.err
}

func TestIssue(t *testing.T) {
	saveErr, sealErr := errors.New("save failed"), errors.New("seal failed")
	tests := []struct {
		name             string
		saveErr, sealErr error
		want             error
	}{
		{"issued", nil, nil, nil},
		{"save refused", saveErr, nil, saveErr},
		{"seal refused", nil, sealErr, sealErr},
	}
	for _, tc := range tests {
		sealer := &fakeSealer{err: tc.sealErr}
		var saved []byte
		link, err := Issue(rand.Reader, sealer, "https://portal.test/staff/reset-password", []byte("ana@school.test"),
			func(digest []byte) error { saved = digest; return tc.saveErr })
		if !errors.Is(err, tc.want) {
			t.Fatalf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if tc.want != nil {
			if tc.saveErr != nil && sealer.plain != "" {
				t.Errorf("%s: got a link sealed after the save failed, want none", tc.name)
			}
			continue
		}
		token, ok := strings.CutPrefix(sealer.plain, "https://portal.test/staff/reset-password#token=")
		if !ok || token == "" {
			t.Fatalf("%s: got sealed %q, want the page with the token in its fragment", tc.name, sealer.plain)
		}
		if !bytes.Equal(saved, Digest(token)) {
			t.Errorf("%s: got saved digest %x, want the digest of the sealed token %x", tc.name, saved, Digest(token))
		}
		if sealer.ad != "ana@school.test" || link.KeyID != "k1" || string(link.Link) != "sealed:"+sealer.plain {
			t.Errorf("%s: got %+v sealed with %q, want the sealer's answer for ana@school.test", tc.name, link, sealer.ad)
		}
	}
}

type testPath struct{}

func (testPath) ForgotJobKind() string { return "test_forgot_request" }

type senderFunc func(ctx context.Context, email string, at time.Time) error

func (f senderFunc) SendForgotLink(ctx context.Context, email string, at time.Time) error {
	return f(ctx, email, at)
}

func TestForgotArgs(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	ctx := audit.WithOrigin(context.Background(), audit.Origin{IP: "203.0.113.9", UserAgent: "Tester"})
	args := NewForgot[testPath](ctx, "ana@school.test", at)
	want := ForgotArgs[testPath]{Email: "ana@school.test", RequestedAt: at, IP: "203.0.113.9", UserAgent: "Tester"}
	if args != want {
		t.Errorf("NewForgot: got %+v, want %+v", args, want)
	}
	if got := args.Kind(); got != "test_forgot_request" {
		t.Errorf("Kind: got %q, want the path's job kind", got)
	}
	if opts := args.InsertOpts(); opts.Queue != mail.QueueMail || opts.MaxAttempts != forgotAttempts {
		t.Errorf("InsertOpts: got %+v, want the mail queue and %d attempts", opts, forgotAttempts)
	}
}

func TestForgotWorker(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	args := ForgotArgs[testPath]{Email: "ana@school.test", RequestedAt: at, IP: "203.0.113.9", UserAgent: "Tester"}
	failed := errors.New("store down")
	for _, want := range []error{nil, failed} {
		var gotEmail string
		var gotAt time.Time
		var gotOrigin audit.Origin
		w := &ForgotWorker[testPath]{Sender: senderFunc(func(ctx context.Context, email string, at time.Time) error {
			gotEmail, gotAt, gotOrigin = email, at, audit.OriginFrom(ctx)
			return want
		})}
		err := w.Work(context.Background(), &river.Job[ForgotArgs[testPath]]{JobRow: &rivertype.JobRow{ID: 7}, Args: args})
		if !errors.Is(err, want) || (want != nil && !strings.Contains(err.Error(), "test_forgot_request job 7")) {
			t.Errorf("Work: got %v, want %v naming the job", err, want)
		}
		if gotEmail != args.Email || !gotAt.Equal(at) || gotOrigin != (audit.Origin{IP: "203.0.113.9", UserAgent: "Tester"}) {
			t.Errorf("Work: sent %q at %v from %+v, want the request's email, time and origin", gotEmail, gotAt, gotOrigin)
		}
	}
}

// TestStartForgot: every request is audited inside the transaction; only an address that
// can be one is queued, normalized, with the time taken inside the transaction; a failed
// audit queues nothing.
func TestStartForgot(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	auditDown := errors.New("audit down")
	tests := []struct {
		name       string
		email      string
		recordErr  error
		wantRecord string
		wantQueued []string
		wantErr    error
	}{
		{"an address", "  Ana@School.TEST ", nil, "ana@school.test", []string{"ana@school.test"}, nil},
		{"not an address", "Ana <ana@school.test>", nil, "", nil, nil},
		{"empty", "", nil, "", nil, nil},
		{"audit fails", "ana@school.test", auditDown, "ana@school.test", nil, auditDown},
	}
	for _, tc := range tests {
		var inTx bool
		var recorded []string
		var queued []string
		err := StartForgot(context.Background(),
			func(ctx context.Context, fn func(context.Context) error) error {
				inTx = true
				defer func() { inTx = false }()
				return fn(ctx)
			},
			tc.email, func() time.Time { return at },
			func(_ context.Context, email string) error {
				if !inTx {
					t.Errorf("%s: got the audit event outside the transaction", tc.name)
				}
				recorded = append(recorded, email)
				return tc.recordErr
			},
			func(_ context.Context, args ForgotArgs[testPath]) error {
				if !inTx || !args.RequestedAt.Equal(at) {
					t.Errorf("%s: got %+v queued in a transaction: %v, want the request at %v inside one", tc.name, args, inTx, at)
				}
				queued = append(queued, args.Email)
				return nil
			})
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.wantErr)
		}
		if !slices.Equal(recorded, []string{tc.wantRecord}) || !slices.Equal(queued, tc.wantQueued) {
			t.Errorf("%s: got recorded %q and queued %q, want %q and %q", tc.name, recorded, queued, tc.wantRecord, tc.wantQueued)
		}
	}
}
