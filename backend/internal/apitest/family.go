package apitest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Guardian is a family account created for one test.
type Guardian struct {
	ID       string
	Email    string
	Name     string
	Password string
}

// GuardianOpts shape a new guardian; zero values get sensible defaults.
type GuardianOpts struct {
	Locale     string
	Unverified bool
}

// Guardian creates a family account, verified unless asked otherwise, written straight to
// the database.
func (h *Harness) Guardian(o GuardianOpts) Guardian {
	h.T.Helper()
	if o.Locale == "" {
		o.Locale = "en"
	}
	n := seq.Add(1)
	g := Guardian{Email: fmt.Sprintf("parent%d@family.test.example", n), Name: "Morgan Bellweather", Password: "Garden-Kettle-82"}
	var verified any = time.Now()
	if o.Unverified {
		verified = nil
	}
	err := h.Pool.QueryRow(context.Background(), `insert into guardians (email, name, locale, password_hash, email_verified_at)
		values ($1, $2, $3, $4, $5) returning id`, g.Email, g.Name, o.Locale, h.hash(policy.NormalizePassword(g.Password)), verified).Scan(&g.ID)
	if err != nil {
		h.T.Fatalf("insert guardian: %v", err)
	}
	return g
}

// AccessCode issues a parent access code for a student that expires at expires, and returns
// it as printed on a family letter.
func (h *Harness) AccessCode(studentID string, expires time.Time) string {
	h.T.Helper()
	code, err := policy.GenerateAccessCode(rand.Reader)
	if err != nil {
		h.T.Fatal(err)
	}
	h.exec(`insert into parent_access_codes (student_id, code_hash, expires_at) values ($1, $2, $3)`,
		studentID, h.hash(code), expires)
	return policy.FormatAccessCode(code)
}

// Link links a guardian to a student directly, as a school keeping the link would.
func (h *Harness) Link(guardianID, studentID string, keepAfterAdult bool) {
	h.T.Helper()
	h.exec(`insert into guardian_links (guardian_id, student_id, keep_after_adult) values ($1, $2, $3)`,
		guardianID, studentID, keepAfterAdult)
}

// FamilySignIn signs the client in to the family portal and keeps the CSRF token; it fails
// the test unless the sign-in succeeds.
func (c *Client) FamilySignIn(email, password string) Response {
	c.h.T.Helper()
	r := c.Do(http.MethodPost, "/api/v1/family/session", map[string]string{"email": email, "password": password})
	if r.Status != http.StatusOK {
		c.h.T.Fatalf("family sign in %s: status %d, body %s", email, r.Status, r.Raw)
	}
	c.CSRF = r.String("csrfToken")
	return r
}

var linkToken = regexp.MustCompile(`/family/(verify-email|reset-password)#token=([A-Za-z0-9_-]+)`)

// LinkToken waits for an email to address whose text holds a family link to page
// ("verify-email" or "reset-password") and returns the link's token.
func (h *Harness) LinkToken(to, page string) string {
	h.T.Helper()
	m := h.WaitForMail(to, func(m mailcatcher.Message) bool {
		match := linkToken.FindStringSubmatch(m.Text)
		return match != nil && match[1] == page
	})
	return linkToken.FindStringSubmatch(m.Text)[2]
}
