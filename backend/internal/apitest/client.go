package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
)

// Client is one browser: its own cookies and CSRF token.
type Client struct {
	h    *Harness
	HTTP *http.Client
	CSRF string
}

// Response is a decoded response.
type Response struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

// Code is the error code of an error body.
func (r Response) Code() string { s, _ := r.Body["code"].(string); return s }

// Rules lists the rule of each detail of an error body, in order.
func (r Response) Rules() []string {
	var rules []string
	details, _ := r.Body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		rule, _ := m["rule"].(string)
		rules = append(rules, rule)
	}
	return rules
}

// String returns a field of the body as text.
func (r Response) String(field string) string { s, _ := r.Body[field].(string); return s }

// Client returns a new browser-like client.
func (h *Harness) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{h: h, HTTP: &http.Client{Jar: jar}}
}

// Do sends a request. body may be nil, a string sent as is, or a value
// encoded as JSON; headers are pairs of name and value.
func (c *Client) Do(method, path string, body any, headers ...string) Response {
	c.h.T.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.h.T.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.h.Server.URL+path, r)
	if err != nil {
		c.h.T.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.CSRF != "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.h.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := Response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

// SignIn signs the client in and keeps the CSRF token; it fails the test
// unless the sign-in succeeds.
func (c *Client) SignIn(login, password string) Response {
	c.h.T.Helper()
	r := c.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": login, "password": password})
	if r.Status != http.StatusOK {
		c.h.T.Fatalf("sign in %s: status %d, body %s", login, r.Status, r.Raw)
	}
	c.CSRF = r.String("csrfToken")
	return r
}

// Expect fails the test unless the response has the status (and, when code
// is not empty, the error code).
func (c *Client) Expect(r Response, status int, code string) Response {
	c.h.T.Helper()
	if r.Status != status || (code != "" && r.Code() != code) {
		c.h.T.Fatalf("got status %d code %q (body %s), want %d %q", r.Status, r.Code(), r.Raw, status, code)
	}
	return r
}
