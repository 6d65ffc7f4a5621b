package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// famState is everything a refused family request must leave as it was: accounts, links,
// access codes, emailed links, counters, the students' and guardians' secrets and sessions,
// and the email jobs. Audit events are left out: refusals are audited on purpose.
type famState struct {
	Guardians, Verified, Links, CodesUsed, LinkTokens, EmailJobs int
	LinkFailures, SignInFailures                                 int
	// Students and GuardianSecrets digest every password, token version and must-change
	// flag (students) or locale (guardians).
	Students, GuardianSecrets string
}

func famSnapshot(t *testing.T, h *apitest.Harness) famState {
	t.Helper()
	var s famState
	err := h.Pool.QueryRow(context.Background(), `select
			(select count(*) from guardians),
			(select count(*) from guardians where email_verified_at is not null),
			(select count(*) from guardian_links),
			(select count(*) from parent_access_codes where used_at is not null),
			(select count(*) from guardian_link_tokens),
			(select count(*) from river_job where kind in ('family_email', 'confirmation_email')),
			(select coalesce(sum(failures), 0) from link_attempts),
			(select coalesce(sum(failures), 0) from sign_in_attempts where attempt_key like 'guardian%'),
			(select md5(coalesce(string_agg(id::text || coalesce(password_hash, '') || token_version ||
				must_change_password, ',' order by id), '')) from students),
			(select md5(coalesce(string_agg(id::text || password_hash || token_version || locale, ',' order by id), ''))
				from guardians)`).Scan(
		&s.Guardians, &s.Verified, &s.Links, &s.CodesUsed, &s.LinkTokens, &s.EmailJobs,
		&s.LinkFailures, &s.SignInFailures, &s.Students, &s.GuardianSecrets)
	if err != nil {
		t.Fatalf("family snapshot: %v", err)
	}
	return s
}

// famRun sends each case with c and checks the refusal, that it set no cookie, and that it
// changed nothing.
func famRun(t *testing.T, h *apitest.Harness, c *apitest.Client, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := famSnapshot(t, h)
			r := c.Do(tc.method, tc.path, tc.body, tc.headers...)
			badExpect(t, r, tc)
			if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("got Set-Cookie %q on a refusal, want none", got)
			}
			after := famSnapshot(t, h)
			after.SignInFailures = badGuessCounted(t, h, tc, before.SignInFailures, after.SignInFailures)
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("a refused request changed state (-before +after):\n%s", diff)
			}
		})
	}
}

// famSignedIn creates a guardian and a client signed in as them.
func famSignedIn(t *testing.T, h *apitest.Harness, o apitest.GuardianOpts) (apitest.Guardian, *apitest.Client) {
	t.Helper()
	g := h.Guardian(o)
	c := h.Client()
	c.FamilySignIn(g.Email, g.Password)
	return g, c
}

func famChild(id string) string { return "/api/v1/family/children/" + id }

// famDo sends a JSON request with the client's cookies and CSRF token without touching the
// test, so it is safe from any goroutine.
func famDo(h *apitest.Harness, c *apitest.Client, method, path string, body any) (apitest.Response, error) {
	j, err := json.Marshal(body)
	if err != nil {
		return apitest.Response{}, err
	}
	req, err := http.NewRequest(method, h.Server.URL+path, bytes.NewReader(j))
	if err != nil {
		return apitest.Response{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return apitest.Response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return apitest.Response{}, err
	}
	out := apitest.Response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.Body)
	return out, nil
}

// famCookie returns the value of a cookie the client holds for the portal.
func famCookie(t *testing.T, h *apitest.Harness, c *apitest.Client, name string) string {
	t.Helper()
	u, err := url.Parse(h.Server.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	t.Fatalf("the client holds no %s cookie", name)
	return ""
}

// famRetryAt reads the retryAt of a refusal.
func famRetryAt(t *testing.T, r apitest.Response) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, r.String("retryAt"))
	if err != nil {
		t.Fatalf("retryAt of %s: %v", r.Raw, err)
	}
	return at
}

// famAudits counts the audit events of an actor with an action, outcome and reason.
func famAudits(t *testing.T, h *apitest.Harness, actorID, action, outcome, reason string) int {
	t.Helper()
	return h.Count(`select count(*) from audit_events where actor_kind = 'guardian' and actor_id = $1
		and action = $2 and outcome = $3 and reason = $4`, actorID, action, outcome, reason)
}

// famCodeUsed reports whether any access code of a student was used.
func famCodeUsed(t *testing.T, h *apitest.Harness, studentID string) bool {
	t.Helper()
	return h.Count(`select count(*) from parent_access_codes where student_id = $1 and used_at is not null`, studentID) > 0
}

// famLinkToken waits for a family email to address holding a link to page whose token is
// none of not, and returns the token.
func famLinkToken(h *apitest.Harness, to, page string, not ...string) string {
	h.T.Helper()
	var token string
	h.WaitForMail(to, func(m mailcatcher.Message) bool {
		i := strings.Index(m.Text, "/family/"+page+"#token=")
		if i < 0 {
			return false
		}
		rest := m.Text[i+len("/family/"+page+"#token="):]
		end := strings.IndexFunc(rest, func(r rune) bool {
			return !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		})
		if end >= 0 {
			rest = rest[:end]
		}
		if slices.Contains(not, rest) {
			return false
		}
		token = rest
		return true
	})
	return token
}
