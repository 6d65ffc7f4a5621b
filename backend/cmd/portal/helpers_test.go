package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/banner"
)

// bannerEnd starts the last line of the banner `portal serve` prints once it listens.
const bannerEnd = "Press Ctrl-C"

// printed is what `portal serve` printed once it listened, with the addresses picked out
// by the parsers the bench uses; mailURL is empty when the portal sends through a
// configured SMTP server, metricsURL when metrics are off.
type printed struct{ text, url, mailURL, metricsURL string }

var catcherLine = regexp.MustCompile(`mail catcher: (http://\S+)`)

func parseBanner(text string) printed {
	p := printed{text: text}
	p.url, _ = banner.ListeningURL(text)
	p.metricsURL, _ = banner.MetricsURL(text)
	if m := catcherLine.FindStringSubmatch(text); m != nil {
		p.mailURL = m[1]
	}
	return p
}

// browser is an HTTP client with a cookie jar, as a student's browser is.
type browser struct {
	t    *testing.T
	base string
	http *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (b *browser) do(method, path, body, csrf string) int {
	b.t.Helper()
	status, err := b.call(method, path, body, csrf, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return status
}

// call sends a JSON request and decodes the JSON answer into out when out is not nil. It
// returns the error instead of failing the test, for requests that may meet a server
// being killed.
func (b *browser) call(method, path, body, csrf string, out any) (int, error) {
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil {
		// Error answers decode too, into a struct with a Code field.
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil && !errors.Is(err, io.EOF) {
			return resp.StatusCode, err
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func (b *browser) signIn(login, password string) string {
	b.t.Helper()
	return b.signInAt("/api/v1/session", map[string]string{"login": login, "password": password})
}

// signInAt signs in at a session path (a student's or the family portal's) and returns the
// session's CSRF token.
func (b *browser) signInAt(path string, credentials map[string]string) string {
	b.t.Helper()
	body, _ := json.Marshal(credentials)
	resp, err := b.http.Post(b.base+path, "application/json", bytes.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct{ CsrfToken string }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&s) != nil {
		b.t.Fatalf("sign in at %s: status %d", path, resp.StatusCode)
	}
	return s.CsrfToken
}

func (b *browser) getJSON(path string, v any) {
	b.t.Helper()
	resp, err := b.http.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(v) != nil {
		b.t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
}

// testStudent is what the test API answers when it creates a student.
type testStudent struct {
	Username, Email, Password string
}

// createStudent makes a grade-8 student with a known password and PIN through the test
// API (PORTAL_TEST_API) of the portal at b.base.
func (b *browser) createStudent(pin string) testStudent {
	b.t.Helper()
	var st testStudent
	status, err := b.call(http.MethodPost, "/api/test/students", `{"grade":8,"pin":"`+pin+`"}`, "", &st)
	if err != nil || status != http.StatusCreated {
		b.t.Fatalf("create a test student: status %d, error %v; want 201", status, err)
	}
	return st
}

func waitForMail(t *testing.T, mailURL, toPrefix string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(mailURL + "/api/messages")
		if err == nil {
			var msgs []struct{ To []string }
			_ = json.NewDecoder(resp.Body).Decode(&msgs)
			resp.Body.Close()
			for _, m := range msgs {
				for _, to := range m.To {
					if strings.HasPrefix(to, toPrefix) {
						return
					}
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no email to %s* reached the mail catcher", toPrefix)
}
