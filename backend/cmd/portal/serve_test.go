package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeTwiceKeepsTheData runs what `make run` runs, twice on one data
// folder: the first run starts the embedded PostgreSQL and the mail catcher,
// seeds the demo district and serves it; between the runs `portal issue-code`
// issues a parent access code; the second run keeps the data and links with it.
func TestServeTwiceKeepsTheData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole portal twice")
	}
	dataDir := t.TempDir()
	t.Setenv("DATABASE_URL", "")
	t.Setenv("SMTP_HOST", "")
	t.Setenv("PORTAL_DATA_DIR", dataDir)
	t.Setenv("PORTAL_ADDR", "127.0.0.1:0")
	t.Setenv("PORTAL_MAIL_CATCHER_ADDR", "127.0.0.1:0")
	t.Setenv("PORTAL_METRICS_ADDR", "127.0.0.1:0")
	t.Setenv("PORTAL_DEMO", "1")
	t.Setenv("PORTAL_WEB_DIR", t.TempDir())
	t.Setenv("PORTAL_HASH_TIME", "1")
	t.Setenv("PORTAL_HASH_MEMORY_KIB", "64")
	t.Setenv("LOG_LEVEL", "error")

	first := startServe(t)
	if !strings.Contains(first.text, "demo district seeded") || !strings.Contains(first.text, "mayag2024") {
		t.Fatalf("first run banner lacks the seeding note or the demo sign-ins:\n%s", first.text)
	}
	c := newBrowser(t, first.url)
	csrf := c.signIn("mayag2024", "Orchard-Lamp-73")
	if got := c.do(http.MethodPut, "/api/v1/me/pin", `{"currentPassword":"Orchard-Lamp-73","pin":"583920"}`, csrf); got != http.StatusNoContent {
		t.Fatalf("set PIN: status %d, want 204", got)
	}
	waitForMail(t, first.mailURL, "mayag2024@")
	checkMetricsApart(t, first)
	first.stop(t)
	for _, u := range []string{first.url, first.metricsURL} {
		if conn, err := net.DialTimeout("tcp", strings.TrimPrefix(strings.TrimSuffix(u, "/metrics"), "http://"), time.Second); err == nil {
			conn.Close()
			t.Fatalf("%s still accepts connections after Ctrl-C", u)
		}
	}

	// The admin command issues a parent access code on the same data folder; the demo
	// guardian links the demo child with it in the next run.
	student := regexp.MustCompile(`access code\s+(\d{9})\s+RVRK-7P9Q-X2MH`).FindStringSubmatch(first.text)
	if student == nil {
		t.Fatalf("the banner lists no access code for the demo child:\n%s", first.text)
	}
	var issued bytes.Buffer
	if err := run(context.Background(), "issue-code", []string{student[1]}, &issued); err != nil {
		t.Fatalf("issue-code: %v", err)
	}
	code := regexp.MustCompile(`^Parent access code for student \d{9}: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}) \(valid until \w+ \d+, \d{4}\)\n$`).
		FindStringSubmatch(issued.String())
	if code == nil {
		t.Fatalf("issue-code printed %q, want the code and its expiry", issued.String())
	}

	second := startServe(t)
	if strings.Contains(second.text, "demo district seeded") || !strings.Contains(second.text, "mayag2024") {
		t.Fatalf("second run should print the sign-ins without seeding again:\n%s", second.text)
	}
	c = newBrowser(t, second.url)
	c.signIn("mayag2024", "Orchard-Lamp-73")
	var account struct{ PinSet bool }
	c.getJSON("/api/v1/me/account", &account)
	if !account.PinSet {
		t.Error("the PIN set in the first run is gone in the second")
	}
	family := newBrowser(t, second.url)
	csrf = family.signInAt("/api/v1/family/session", map[string]string{"email": "parent@family.example", "password": "Family-Demo-2026x"})
	link := `{"studentId":"` + student[1] + `","accessCode":"` + code[1] + `"}`
	if got := family.do(http.MethodPost, "/api/v1/family/children", link, csrf); got != http.StatusCreated {
		t.Errorf("link with the issued code: status %d, want 201", got)
	}
	second.stop(t)
}

// running is a portal serving inside the test process, as `make run` starts it.
type running struct {
	printed
	cancel context.CancelFunc
	done   chan error
}

func startServe(t *testing.T) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- run(ctx, "serve", nil, pw); pw.Close() }()
	var text strings.Builder
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		text.WriteString(lines.Text() + "\n")
		if strings.HasPrefix(lines.Text(), bannerEnd) {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	r.printed = parseBanner(text.String())
	if r.url == "" || r.mailURL == "" || r.metricsURL == "" {
		cancel()
		t.Fatalf("serve printed no URL, metrics URL or mail catcher (error: %v):\n%s", <-r.done, r.text)
	}
	return r
}

// checkMetricsApart checks the metrics are served on their own address, with
// the requests the test made, and not on the public one.
func checkMetricsApart(t *testing.T, r *running) {
	t.Helper()
	for _, tc := range []struct {
		url        string
		wantStatus int
		wantText   string
	}{
		{r.url + "/metrics", http.StatusNotFound, ""},
		{r.metricsURL, http.StatusOK, `portal_requests_total{code="200",host=`},
	} {
		resp, err := http.Get(tc.url)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.url, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.wantStatus || !strings.Contains(string(body), tc.wantText) {
			t.Errorf("GET %s: got status %d, want %d with %q in:\n%.500s", tc.url, resp.StatusCode, tc.wantStatus, tc.wantText, body)
		}
	}
}

func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			t.Fatalf("serve returned %v after Ctrl-C, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of Ctrl-C")
	}
}
