package mailcatcher

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func startCatcher(t *testing.T) *Catcher {
	t.Helper()
	c, err := Start(t.Context(), "127.0.0.1:0", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// send delivers a message with the standard library's client, so the
// catcher is tested against an SMTP implementation other than go-mail.
func send(t *testing.T, c *Catcher, to []string, subject, body string) {
	t.Helper()
	msg := "From: Portal <noreply@portal.test>\r\n" +
		"To: " + strings.Join(to, ", ") + "\r\n" +
		"Subject: " + subject + "\r\n" +
		"Date: Mon, 02 Mar 2026 14:05:00 -0500\r\n" +
		"Message-ID: <" + subject + "@portal.test>\r\n" +
		"\r\n" + body
	if err := smtp.SendMail(c.SMTPAddr(), nil, "noreply@portal.test", to, []byte(msg)); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
}

func getJSON(t *testing.T, rawURL string, v any) int {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("decode %s: %v", rawURL, err)
		}
	}
	return resp.StatusCode
}

func TestSendAndReadBackThroughAPI(t *testing.T) {
	c := startCatcher(t)
	send(t, c, []string{"alex@school.test"}, "first", "Hello Alex.\r\n")
	send(t, c, []string{"sam@school.test"}, "second", "Hello Sam.\r\n")

	var list []Message
	if code := getJSON(t, c.HTTPURL()+"/api/messages", &list); code != http.StatusOK {
		t.Fatalf("GET /api/messages: got status %d, want 200", code)
	}
	var subjects []string
	for _, m := range list {
		subjects = append(subjects, m.Subject)
	}
	if diff := cmp.Diff([]string{"second", "first"}, subjects); diff != "" {
		t.Errorf("subjects, newest first (-want +got):\n%s", diff)
	}

	var got Message
	if code := getJSON(t, c.HTTPURL()+"/api/messages/"+list[1].ID, &got); code != http.StatusOK {
		t.Fatalf("GET /api/messages/{id}: got status %d, want 200", code)
	}
	want := Message{
		ID:      list[1].ID,
		From:    "Portal <noreply@portal.test>",
		To:      []string{"alex@school.test"},
		Subject: "first",
		Date:    time.Date(2026, 3, 2, 19, 5, 0, 0, time.UTC),
		Text:    "Hello Alex.\r\n",
	}
	if diff := cmp.Diff(want, got, cmp.FilterPath(isField("Headers"), cmp.Ignore())); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if got, want := got.Headers["Message-Id"], []string{"<first@portal.test>"}; !cmp.Equal(got, want) {
		t.Errorf("Message-Id header: got %q, want %q", got, want)
	}

	if code := getJSON(t, c.HTTPURL()+"/api/messages/999", &got); code != http.StatusNotFound {
		t.Errorf("GET unknown id: got status %d, want 404", code)
	}
}

func isField(name string) func(cmp.Path) bool {
	return func(p cmp.Path) bool { return p.Last().String() == "."+name }
}

func TestFilterByRecipient(t *testing.T) {
	c := startCatcher(t)
	send(t, c, []string{"alex@school.test"}, "to-alex", "x\r\n")
	send(t, c, []string{"sam@school.test"}, "to-sam", "x\r\n")
	send(t, c, []string{"sam@school.test", "parent@family.test"}, "to-sam-and-parent", "x\r\n")

	tests := []struct {
		to   string
		want []string
	}{
		{to: "alex@school.test", want: []string{"to-alex"}},
		{to: "SAM@school.test", want: []string{"to-sam-and-parent", "to-sam"}},
		{to: "parent@family.test", want: []string{"to-sam-and-parent"}},
		{to: "nobody@school.test", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.to, func(t *testing.T) {
			var list []Message
			getJSON(t, c.HTTPURL()+"/api/messages?to="+url.QueryEscape(tt.to), &list)
			var got []string
			for _, m := range list {
				got = append(got, m.Subject)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("subjects for %s (-want +got):\n%s", tt.to, diff)
			}
		})
	}
}

func TestWaitFor(t *testing.T) {
	to := func(addr string) func(Message) bool {
		return func(m Message) bool { return hasRecipient(m, addr) }
	}

	t.Run("already stored", func(t *testing.T) {
		c := startCatcher(t)
		send(t, c, []string{"alex@school.test"}, "early", "x\r\n")
		got, err := c.WaitFor(t.Context(), to("alex@school.test"))
		if err != nil || got.Subject != "early" {
			t.Errorf("WaitFor: got %q, %v; want \"early\", nil", got.Subject, err)
		}
	})

	t.Run("arrives later", func(t *testing.T) {
		c := startCatcher(t)
		result := make(chan Message, 1)
		go func() {
			m, err := c.WaitFor(t.Context(), to("sam@school.test"))
			if err != nil {
				t.Errorf("WaitFor: %v", err)
			}
			result <- m
		}()
		// A message for someone else must not end the wait.
		send(t, c, []string{"alex@school.test"}, "other", "x\r\n")
		send(t, c, []string{"sam@school.test"}, "late", "x\r\n")
		if got := <-result; got.Subject != "late" {
			t.Errorf("WaitFor: got subject %q, want \"late\"", got.Subject)
		}
	})

	t.Run("context ends", func(t *testing.T) {
		c := startCatcher(t)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := c.WaitFor(ctx, to("nobody@school.test"))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("WaitFor: got error %v, want context.DeadlineExceeded", err)
		}
	})

	t.Run("catcher closed", func(t *testing.T) {
		c := startCatcher(t)
		errc := make(chan error, 1)
		go func() {
			_, err := c.WaitFor(context.Background(), to("nobody@school.test"))
			errc <- err
		}()
		c.Close()
		if err := <-errc; !errors.Is(err, ErrClosed) {
			t.Errorf("WaitFor: got error %v, want ErrClosed", err)
		}
	})
}

func TestStartContextEndCloses(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	c, err := Start(ctx, "127.0.0.1:0", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	cancel()
	if _, err := c.WaitFor(context.Background(), func(Message) bool { return false }); !errors.Is(err, ErrClosed) {
		t.Errorf("WaitFor after the context ended: got %v, want ErrClosed", err)
	}
	// Close waits for the shutdown the context started, so the port is
	// surely closed before the check below.
	c.Close()
	// Close waits for the shutdown the context started, so the port is
	// surely closed before the check below.
	c.Close()
	if err := smtp.SendMail(c.SMTPAddr(), nil, "a@b.test", []string{"c@d.test"}, []byte("x")); err == nil {
		t.Errorf("SendMail after close: got nil error, want a refused connection")
	}
}

func TestStoreIsBounded(t *testing.T) {
	c := startCatcher(t)
	for i := range maxMessages + 2 {
		c.add(Message{Subject: strconv.Itoa(i), Raw: "x"})
	}
	msgs := c.Messages()
	if got, want := len(msgs), maxMessages; got != want {
		t.Fatalf("stored messages: got %d, want %d", got, want)
	}
	if got, want := msgs[len(msgs)-1].Subject, "2"; got != want {
		t.Errorf("oldest kept subject: got %q, want %q", got, want)
	}
	if got, want := msgs[0].Subject, strconv.Itoa(maxMessages+1); got != want {
		t.Errorf("newest subject: got %q, want %q", got, want)
	}
}
