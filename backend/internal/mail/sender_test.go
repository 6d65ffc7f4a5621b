package mail

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// startCatcher runs a real SMTP server for the test, as the architecture
// asks: tests read mail from a real server, not from a fake client.
func startCatcher(t *testing.T) *mailcatcher.Catcher {
	t.Helper()
	c, err := mailcatcher.Start(t.Context(), "127.0.0.1:0", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatalf("start mail catcher: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// senderFor returns a Sender for the plain-SMTP server at addr.
func senderFor(t *testing.T, addr string) *Sender {
	t.Helper()
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSender(SMTPConfig{
		Host: host, Port: port, TLS: TLSNone,
		From: "noreply@portal.example.org", FromName: "School Password Portal",
	})
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	return s
}

func waitFor(t *testing.T, c *mailcatcher.Catcher, to string) mailcatcher.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	m, err := c.WaitFor(ctx, func(m mailcatcher.Message) bool { return cmp.Equal(m.To, []string{to}) })
	if err != nil {
		t.Fatalf("waiting for mail to %s: %v", to, err)
	}
	return m
}

func TestSenderDeliversTextAndHTML(t *testing.T) {
	c := startCatcher(t)
	s := senderFor(t, c.SMTPAddr())

	err := s.Send(t.Context(), &Message{
		To:        "alex@students.example.org",
		ToName:    "Alex Johnson",
		Subject:   "Se cambió la contraseña",
		Text:      "Hola, Alex.",
		HTML:      "<p>Hola, <strong>Alex</strong>.</p>",
		MessageID: "test-1@portal.example.org",
		Language:  "es",
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}

	got := waitFor(t, c, "alex@students.example.org")
	if want := "Se cambió la contraseña"; got.Subject != want {
		t.Errorf("Subject: got %q, want %q", got.Subject, want)
	}
	if want := "School Password Portal <noreply@portal.example.org>"; got.From != want {
		t.Errorf("From: got %q, want %q", got.From, want)
	}
	if want := "Hola, Alex."; strings.TrimSpace(got.Text) != want {
		t.Errorf("Text: got %q, want %q", got.Text, want)
	}
	if want := "<p>Hola, <strong>Alex</strong>.</p>"; strings.TrimSpace(got.HTML) != want {
		t.Errorf("HTML: got %q, want %q", got.HTML, want)
	}
	wantHeaders := map[string]string{
		"Message-Id":       "<test-1@portal.example.org>",
		"Auto-Submitted":   "auto-generated",
		"Content-Language": "es",
		"To":               `"Alex Johnson" <alex@students.example.org>`,
	}
	for k, want := range wantHeaders {
		if got := got.Headers[k]; len(got) != 1 || got[0] != want {
			t.Errorf("header %s: got %q, want %q", k, got, want)
		}
	}
	if ct := strings.Join(got.Headers["Content-Type"], ""); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type: got %q, want multipart/alternative", ct)
	}
}

func TestSenderRandomMessageIDUsesFromDomain(t *testing.T) {
	c := startCatcher(t)
	s := senderFor(t, c.SMTPAddr())
	if err := s.Send(t.Context(), &Message{To: "sam@students.example.org", Subject: "x", Text: "x"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := waitFor(t, c, "sam@students.example.org").Headers["Message-Id"]
	if len(got) != 1 || !strings.HasSuffix(got[0], "@portal.example.org>") {
		t.Errorf("Message-Id: got %q, want <random@portal.example.org>", got)
	}
}

func TestSenderRejectsInvalidMessages(t *testing.T) {
	s, err := NewSender(SMTPConfig{Host: "127.0.0.1", Port: 1, TLS: TLSNone, From: "noreply@portal.example.org"})
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	tests := []struct {
		name string
		msg  Message
	}{
		{name: "no recipient", msg: Message{Subject: "x", Text: "x"}},
		{name: "malformed recipient", msg: Message{To: "not an address", Subject: "x", Text: "x"}},
		{name: "no text", msg: Message{To: "a@b.example", Subject: "x", HTML: "<p>x</p>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Send(t.Context(), &tt.msg); !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("Send: got error %v, want ErrInvalidMessage", err)
			}
		})
	}
}

func TestNewSenderValidatesConfig(t *testing.T) {
	valid := SMTPConfig{Host: "smtp.example.org", From: "noreply@portal.example.org"}
	tests := []struct {
		name    string
		edit    func(*SMTPConfig)
		wantErr bool
	}{
		{name: "defaults to STARTTLS", edit: func(*SMTPConfig) {}},
		{name: "implicit TLS with credentials", edit: func(c *SMTPConfig) { c.TLS, c.Username, c.Password = "tls", "u", "p" }},
		{name: "plain without credentials", edit: func(c *SMTPConfig) { c.TLS = "none" }},
		{name: "no host", edit: func(c *SMTPConfig) { c.Host = "" }, wantErr: true},
		{name: "bad from", edit: func(c *SMTPConfig) { c.From = "portal" }, wantErr: true},
		{name: "unknown TLS mode", edit: func(c *SMTPConfig) { c.TLS = "ssl" }, wantErr: true},
		{name: "bad port", edit: func(c *SMTPConfig) { c.Port = 70000 }, wantErr: true},
		{name: "credentials in the clear", edit: func(c *SMTPConfig) { c.TLS, c.Username, c.Password = "none", "u", "p" }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.edit(&cfg)
			_, err := NewSender(cfg)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("NewSender: got error %v, want error: %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("NewSender: got error %v, want it to wrap ErrInvalidConfig", err)
			}
		})
	}
}

// River runs several workers at once on one Sender; -race checks the claim
// that this is safe.
func TestSenderConcurrentSends(t *testing.T) {
	c := startCatcher(t)
	s := senderFor(t, c.SMTPAddr())
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			to := "student" + strconv.Itoa(i) + "@students.example.org"
			if err := s.Send(t.Context(), &Message{To: to, Subject: "x", Text: "x"}); err != nil {
				t.Errorf("Send to %s: %v", to, err)
			}
		})
	}
	wg.Wait()
	if got, want := len(c.Messages()), 5; got != want {
		t.Errorf("delivered messages: got %d, want %d", got, want)
	}
}
