package mailcatcher

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, rawURL string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", rawURL, err)
	}
	return resp, string(body)
}

func TestWebPages(t *testing.T) {
	c := startCatcher(t)
	m := c.add(parse([]byte("Subject: <i>hi</i>\r\n"+
		"Content-Type: multipart/alternative; boundary=b\r\n\r\n"+
		"--b\r\nContent-Type: text/plain\r\n\r\n<script>alert(1)</script>\r\n"+
		"--b\r\nContent-Type: text/html\r\n\r\n<p onclick=\"x()\">Hello</p>\r\n--b--\r\n"),
		"noreply@portal.test", []string{"alex@school.test"}, time.Now()))

	tests := []struct {
		name        string
		path        string
		wantStatus  int
		wantType    string
		wantCSP     string
		wantBody    string
		notWantBody string
	}{
		{
			name: "inbox escapes the subject", path: "/",
			wantStatus: 200, wantType: "text/html", wantCSP: pageCSP,
			wantBody: "&lt;i&gt;hi&lt;/i&gt;", notWantBody: "<i>hi</i>",
		},
		{
			name: "message page escapes the text", path: "/messages/" + m.ID,
			wantStatus: 200, wantType: "text/html", wantCSP: pageCSP,
			wantBody: "&lt;script&gt;alert(1)&lt;/script&gt;", notWantBody: "<script>",
		},
		{
			name: "email HTML is sandboxed", path: "/messages/" + m.ID + "/html",
			wantStatus: 200, wantType: "text/html", wantCSP: emailHTMLCSP,
			wantBody: `<p onclick="x()">Hello</p>`,
		},
		{
			name: "raw source is plain text", path: "/messages/" + m.ID + "/raw",
			wantStatus: 200, wantType: "text/plain", wantCSP: pageCSP,
			wantBody: "<script>alert(1)</script>",
		},
		{name: "unknown message", path: "/messages/999", wantStatus: 404},
		{name: "unknown path", path: "/nope", wantStatus: 404},
		{name: "bad wait", path: "/api/messages?wait=soon", wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, c.HTTPURL()+tt.path)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) {
				t.Errorf("Content-Type: got %q, want %q", got, tt.wantType)
			}
			if tt.wantCSP != "" {
				if got := resp.Header.Get("Content-Security-Policy"); got != tt.wantCSP {
					t.Errorf("Content-Security-Policy: got %q, want %q", got, tt.wantCSP)
				}
			}
			if !strings.Contains(body, tt.wantBody) {
				t.Errorf("body: got %q, want it to contain %q", body, tt.wantBody)
			}
			if tt.notWantBody != "" && strings.Contains(body, tt.notWantBody) {
				t.Errorf("body: got %q, want it not to contain %q", body, tt.notWantBody)
			}
		})
	}
}

func TestAPIDeleteClears(t *testing.T) {
	c := startCatcher(t)
	send(t, c, []string{"alex@school.test"}, "gone", "x\r\n")

	req, err := http.NewRequest(http.MethodDelete, c.HTTPURL()+"/api/messages", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("DELETE: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE status: got %d, want 204", resp.StatusCode)
	}
	_, body := get(t, c.HTTPURL()+"/api/messages")
	if got := strings.TrimSpace(body); got != "[]" {
		t.Errorf("list after DELETE: got %s, want []", got)
	}
}

func TestAPIDeleteRefusesCrossOriginBrowser(t *testing.T) {
	c := startCatcher(t)
	req, err := http.NewRequest(http.MethodDelete, c.HTTPURL()+"/api/messages", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("DELETE: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site DELETE status: got %d, want 403", resp.StatusCode)
	}
}

func TestAPIWaitForRecipient(t *testing.T) {
	c := startCatcher(t)
	done := make(chan []Message, 1)
	go func() {
		// No t.Fatal off the test goroutine: report and hand back nothing.
		var list []Message
		resp, err := http.Get(c.HTTPURL() + "/api/messages?to=sam@school.test&wait=10s")
		if err != nil {
			t.Errorf("GET ?wait: %v", err)
		} else {
			defer resp.Body.Close()
			if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
				t.Errorf("decode: %v", err)
			}
		}
		done <- list
	}()
	// Give the request a moment to start waiting; the test passes either way,
	// it only exercises the waiting branch more often.
	time.Sleep(20 * time.Millisecond)
	send(t, c, []string{"sam@school.test"}, "awaited", "x\r\n")

	select {
	case list := <-done:
		if len(list) != 1 || list[0].Subject != "awaited" {
			t.Errorf("waited list: got %+v, want one message \"awaited\"", list)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("GET ?wait=10s did not return after the message arrived")
	}

	start := time.Now()
	var list []Message
	getJSON(t, c.HTTPURL()+"/api/messages?to=nobody@school.test&wait=50ms", &list)
	if len(list) != 0 {
		t.Errorf("list for nobody: got %d messages, want 0", len(list))
	}
	if elapsed := time.Since(start); elapsed < 50*time.Millisecond {
		t.Errorf("wait=50ms returned after %v, want at least 50ms", elapsed)
	}
}
