package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// testSealer is the portal's real AEAD, so the test proves the worker opens
// what package accounts seals.
func testSealer(t *testing.T) *accounts.Sealer {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	s, err := accounts.NewSealer(map[string][]byte{"k1": key}, "k1")
	if err != nil {
		t.Fatalf("NewSealer: %v", err)
	}
	return s
}

// sealedFamily returns a recent job payload of kind for the sample guardian,
// with link sealed.
func sealedFamily(t *testing.T, s *accounts.Sealer, kind FamilyEmailKind, link string) FamilyEmailArgs {
	t.Helper()
	a := sampleFamily(kind)
	// Recent enough that no link has expired.
	a.OccurredAt = time.Now().Add(-time.Minute)
	sealLink(t, s, &a, link)
	return a
}

// sealLink seals link into a as the code that inserts the job must: bound to
// the address it goes to.
func sealLink(t *testing.T, s *accounts.Sealer, a *FamilyEmailArgs, link string) {
	t.Helper()
	if link == "" {
		return
	}
	sealed, keyID, err := s.Seal(link, FamilyLinkAD(a.To))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	a.SealedLink, a.LinkKeyID = sealed, keyID
}

func newFamilyJob(id int64, args FamilyEmailArgs) *river.Job[FamilyEmailArgs] {
	return &river.Job[FamilyEmailArgs]{JobRow: &rivertype.JobRow{ID: id, Attempt: 1}, Args: args}
}

// logBuffer collects a worker's log so a test can check what it gave away.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// checkLogClean fails if the log holds the guardian's address or any part of
// the link that could open the account.
func checkLogClean(t *testing.T, log string, a FamilyEmailArgs) {
	t.Helper()
	for _, secret := range []string{a.To, "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA", "verify-email"} {
		if strings.Contains(log, secret) {
			t.Errorf("log: got %q in\n%s\nwant neither the address nor the link", secret, log)
		}
	}
}

func TestFamilyWorkSendsEveryKind(t *testing.T) {
	c := startCatcher(t)
	sealer := testSealer(t)
	for i, kind := range FamilyEmailKinds {
		for j, lang := range []string{"en", "es"} {
			t.Run(lang+"/"+string(kind), func(t *testing.T) {
				var log logBuffer
				w := &FamilyWorker{Sender: senderFor(t, c.SMTPAddr()), Links: sealer, Logger: log.logger()}
				link := linkFor(kind)
				args := sampleFamily(kind)
				args.OccurredAt = time.Now().Add(-time.Minute)
				args.Locale = lang
				// One address per email, so each test finds its own.
				args.To = lang + "." + string(kind) + "@family.example.org"
				sealLink(t, sealer, &args, link)
				id := int64(100 + 10*i + j)

				if err := w.Work(t.Context(), newFamilyJob(id, args)); err != nil {
					t.Fatalf("Work: %v", err)
				}

				got := waitFor(t, c, args.To)
				wantHeaders := map[string]string{
					"Message-Id":       "<family-" + strconv.FormatInt(id, 10) + "@portal.example.org>",
					"Content-Language": lang,
				}
				for k, want := range wantHeaders {
					if got := strings.Join(got.Headers[k], ""); got != want {
						t.Errorf("header %s: got %q, want %q", k, got, want)
					}
				}
				if want := wantFamily[lang][kind].subject; got.Subject != want {
					t.Errorf("Subject: got %q, want %q", got.Subject, want)
				}
				// SMTP ends lines with CRLF.
				lines := strings.Split(strings.ReplaceAll(got.Text, "\r\n", "\n"), "\n")
				if link != "" && !slices.Contains(lines, link) {
					t.Errorf("Text: got\n%s\nwant the opened link %s on a line of its own", got.Text, link)
				}
				if link == "" && strings.Contains(got.Text, "verify-email") {
					t.Errorf("Text: got\n%s\nwant no link", got.Text)
				}
				checkLogClean(t, log.String(), args)
			})
		}
	}
}

func TestFamilyWorkCancelsUnsendableJobs(t *testing.T) {
	sealer := testSealer(t)
	other := testSealer(t)
	tests := []struct {
		name string
		kind FamilyEmailKind
		edit func(*FamilyEmailArgs)
		want error
	}{
		{
			name: "corrupt sealed link", kind: FamilyResetPassword,
			edit: func(a *FamilyEmailArgs) { a.SealedLink[len(a.SealedLink)-1] ^= 1 },
			want: accounts.ErrSealedCorrupt,
		},
		{
			name: "truncated sealed link", kind: FamilyVerifyEmail,
			edit: func(a *FamilyEmailArgs) { a.SealedLink = a.SealedLink[:10] },
			want: accounts.ErrSealedCorrupt,
		},
		{
			name: "link sealed for another address", kind: FamilyResetPassword,
			edit: func(a *FamilyEmailArgs) { a.To = "someone.else@example.org" },
			want: accounts.ErrSealedCorrupt,
		},
		{
			name: "link sealed under a key the portal does not hold", kind: FamilyVerifyEmail,
			edit: func(a *FamilyEmailArgs) {
				a.SealedLink, a.LinkKeyID, _ = other.Seal(testLink, FamilyLinkAD(a.To))
				a.LinkKeyID = "retired"
			},
			want: accounts.ErrUnknownSealKey,
		},
		{
			name: "reset link expired", kind: FamilyResetPassword,
			edit: func(a *FamilyEmailArgs) { a.OccurredAt = time.Now().Add(-31 * time.Minute) },
			want: ErrLinkExpired,
		},
		{
			name: "verification link expired", kind: FamilyVerifyEmail,
			edit: func(a *FamilyEmailArgs) { a.OccurredAt = time.Now().Add(-49 * time.Hour) },
			want: ErrLinkExpired,
		},
		{
			name: "link kind without a link", kind: FamilyResetPassword,
			edit: func(a *FamilyEmailArgs) { a.SealedLink, a.LinkKeyID = nil, "" },
			want: ErrInvalidArgs,
		},
		{
			name: "unknown kind", kind: "welcome",
			want: ErrInvalidArgs,
		},
		{
			name: "malformed address", kind: FamilyPasswordChanged,
			edit: func(a *FamilyEmailArgs) { a.To = "maria.johnson" },
			want: ErrInvalidMessage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log logBuffer
			// No server is needed: every case fails before connecting.
			w := &FamilyWorker{Sender: senderFor(t, "127.0.0.1:1"), Links: sealer, Logger: log.logger()}
			args := sealedFamily(t, sealer, tt.kind, linkFor(tt.kind))
			if tt.edit != nil {
				tt.edit(&args)
			}
			err := w.Work(t.Context(), newFamilyJob(9, args))
			var cancel *rivertype.JobCancelError
			if !errors.As(err, &cancel) || !errors.Is(err, tt.want) {
				t.Errorf("Work: got error %v, want a JobCancel wrapping %v", err, tt.want)
			}
			checkLogClean(t, log.String(), args)
		})
	}
}

func TestFamilyWorkRetries(t *testing.T) {
	// A port that was free a moment ago and is now closed: the connection is
	// refused, as when the relay is down.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	sealer := testSealer(t)

	tests := []struct {
		name  string
		addr  string
		links LinkOpener
	}{
		{name: "relay down", addr: closed, links: sealer},
		// A server started without its opener is a configuration mistake
		// that a fix and a restart repair, within the link's lifetime.
		{name: "no opener", addr: "127.0.0.1:1", links: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &FamilyWorker{Sender: senderFor(t, tt.addr), Links: tt.links, Logger: slog.New(slog.DiscardHandler)}
			err := w.Work(t.Context(), newFamilyJob(7, sealedFamily(t, sealer, FamilyResetPassword, testLink)))
			if err == nil {
				t.Fatal("Work: got nil error, want an error so River retries")
			}
			var cancel *rivertype.JobCancelError
			if errors.As(err, &cancel) {
				t.Errorf("Work: got a JobCancel error %v, want a plain error so River retries", err)
			}
		})
	}
}

// The payload sits in River's job table: it must not hold the link, nor
// anything from which the token could be read without the portal's key.
func TestFamilyPayloadHoldsNoLink(t *testing.T) {
	sealer := testSealer(t)
	args := sealedFamily(t, sealer, FamilyVerifyEmail, testLink)
	payload, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA", "verify-email", "token"} {
		if bytes.Contains(payload, []byte(secret)) {
			t.Errorf("payload: got %q in %s, want the link sealed", secret, payload)
		}
	}
	var back FamilyEmailArgs
	if err := json.Unmarshal(payload, &back); err != nil {
		t.Fatal(err)
	}
	if back.EmailKind != FamilyVerifyEmail || !bytes.Contains(payload, []byte(`"kind":"verify_email"`)) {
		t.Errorf("payload: got %s, want \"kind\":\"verify_email\"", payload)
	}
}

func TestFamilyLinkAD(t *testing.T) {
	a, b := FamilyLinkAD(" Maria.Johnson@Family.example.org"), FamilyLinkAD("maria.johnson@family.example.org")
	if !bytes.Equal(a, b) {
		t.Errorf("FamilyLinkAD: got %q and %q for the same address, want them equal", a, b)
	}
	if c := FamilyLinkAD("sam@family.example.org"); bytes.Equal(b, c) {
		t.Errorf("FamilyLinkAD: got %q for two addresses, want them to differ", c)
	}
}

func TestFamilyJobSettings(t *testing.T) {
	if got, want := (FamilyEmailArgs{}).Kind(), "family_email"; got != want {
		t.Errorf("Kind: got %q, want %q", got, want)
	}
	opts := FamilyEmailArgs{}.InsertOpts()
	if opts.Queue != QueueMail {
		t.Errorf("Queue: got %q, want %q", opts.Queue, QueueMail)
	}
	// Security notices without a link retry as long as confirmations do.
	var total float64
	for n := 1; n < opts.MaxAttempts; n++ {
		total += math.Pow(float64(n), 4)
	}
	if shortest, want := time.Duration(0.9*total*float64(time.Second)), 72*time.Hour; shortest < want {
		t.Errorf("MaxAttempts %d: got a retry span of at least %v, want at least %v", opts.MaxAttempts, shortest, want)
	}
	if got, want := (&FamilyWorker{}).Timeout(nil), 30*time.Second; got != want {
		t.Errorf("Timeout: got %v, want %v", got, want)
	}
}

func TestRedact(t *testing.T) {
	err := errors.New("sending SMTP RCPT TO command: 550 no such user, affected recipient(s): Maria.Johnson@family.example.org")
	for _, to := range []string{"Maria.Johnson@family.example.org", "maria.johnson@family.example.org"} {
		got := redact(err, to)
		if strings.Contains(strings.ToLower(got), "maria.johnson") || !strings.Contains(got, "[recipient]") {
			t.Errorf("redact(%q): got %q, want the address replaced by [recipient]", to, got)
		}
	}
}
