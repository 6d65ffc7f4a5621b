package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
)

// ForgotStart posts /forgot/start for username.
func (c *Client) ForgotStart(username string) Response {
	c.h.T.Helper()
	return c.Do(http.MethodPost, "/api/v1/forgot/start", map[string]string{"username": username})
}

// ForgotVerifyPIN posts /forgot/verify with a PIN.
func (c *Client) ForgotVerifyPIN(flowToken, pin string) Response {
	c.h.T.Helper()
	return c.Do(http.MethodPost, "/api/v1/forgot/verify", map[string]string{
		"flowToken": flowToken, "method": "pin", "pin": pin,
	})
}

// ForgotVerifyAnswers posts /forgot/verify with answers, each a question id
// and an answer.
func (c *Client) ForgotVerifyAnswers(flowToken string, answers [][2]string) Response {
	c.h.T.Helper()
	list := make([]map[string]string, len(answers))
	for i, a := range answers {
		list[i] = map[string]string{"questionId": a[0], "answer": a[1]}
	}
	return c.Do(http.MethodPost, "/api/v1/forgot/verify", map[string]any{
		"flowToken": flowToken, "method": "questions", "answers": list,
	})
}

// ForgotReset posts /forgot/reset.
func (c *Client) ForgotReset(resetToken, newPassword, confirm string) Response {
	c.h.T.Helper()
	return c.Do(http.MethodPost, "/api/v1/forgot/reset", map[string]string{
		"resetToken": resetToken, "newPassword": newPassword, "confirmPassword": confirm,
	})
}

// ForgotResetTokenByPIN starts a flow for username and verifies it with pin,
// failing the test unless a reset token comes back.
func (c *Client) ForgotResetTokenByPIN(username, pin string) string {
	c.h.T.Helper()
	start := c.ForgotStart(username)
	if start.Status != http.StatusOK || start.String("flowToken") == "" {
		c.h.T.Fatalf("forgot start %s: status %d body %s", username, start.Status, start.Raw)
	}
	v := c.ForgotVerifyPIN(start.String("flowToken"), pin)
	if v.Status != http.StatusOK || v.String("resetToken") == "" {
		c.h.T.Fatalf("forgot verify %s: status %d body %s", username, v.Status, v.Raw)
	}
	return v.String("resetToken")
}

// ForgotPost sends a JSON POST without touching the test: safe from any
// goroutine, it returns transport errors instead of failing.
func (c *Client) ForgotPost(path string, body any) (Response, error) {
	j, err := json.Marshal(body)
	if err != nil {
		return Response{}, err
	}
	req, err := http.NewRequest(http.MethodPost, c.h.Server.URL+path, bytes.NewReader(j))
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, err
	}
	out := Response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.Body)
	return out, nil
}

// ForgotSessionToken returns the session cookie's value of a signed-in client.
func (c *Client) ForgotSessionToken() string {
	c.h.T.Helper()
	u, err := url.Parse(c.h.Server.URL)
	if err != nil {
		c.h.T.Fatal(err)
	}
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "portal_session" || ck.Name == "__Host-portal_session" {
			return ck.Value
		}
	}
	c.h.T.Fatal("no session cookie")
	return ""
}

// ForgotAttempts is the recovery_attempts row of a username key.
type ForgotAttempts struct {
	Exists              bool
	ConsecutiveFailures int
	LockedUntil         time.Time
	Disabled            bool
}

// ForgotAttempts reads the attempt counters of a typed username (lower-cased,
// as the portal keys them).
func (h *Harness) ForgotAttempts(usernameKey string) ForgotAttempts {
	h.T.Helper()
	var a ForgotAttempts
	var locked *time.Time
	err := h.Pool.QueryRow(context.Background(), `select consecutive_failures, locked_until, disabled
		from recovery_attempts where username_key = $1`, usernameKey).Scan(&a.ConsecutiveFailures, &locked, &a.Disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		return a
	}
	if err != nil {
		h.T.Fatalf("read recovery attempts: %v", err)
	}
	a.Exists = true
	if locked != nil {
		a.LockedUntil = *locked
	}
	return a
}

// ForgotEndLock moves the lock of a username key into the past, as if its
// 15 minutes had passed.
func (h *Harness) ForgotEndLock(usernameKey string) {
	h.T.Helper()
	h.exec(`update recovery_attempts set locked_until = now() - interval '1 second' where username_key = $1`, usernameKey)
}
