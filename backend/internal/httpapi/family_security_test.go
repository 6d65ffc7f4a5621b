package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
)

// TestFamilyNotLinkedLooksLikeMissing: a guardian acting on another family's child gets
// exactly the answer for a child who does not exist, and every refusal is audited.
func TestFamilyNotLinkedLooksLikeMissing(t *testing.T) {
	h := apitest.New(t)
	theirs := h.Student(apitest.StudentOpts{})
	parent := h.Guardian(apitest.GuardianOpts{})
	h.Link(parent.ID, theirs.ID, false)
	mine := h.Student(apitest.StudentOpts{})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, mine.ID, false)

	ids := []struct{ name, id string }{
		{"another family's child", theirs.ID},
		{"a random UUID", uuid.NewString()},
		{"not a UUID", "not-a-uuid"},
		{"SQL in the id", url.PathEscape("' or 1=1 --")},
	}
	requests := []struct {
		name, method, suffix, action string
		body                         any
	}{
		{"view", http.MethodGet, "", "child_view", nil},
		{"reset", http.MethodPost, "/password", "password_changed", map[string]any{"mode": "generated", "mustChange": false}},
		{"unlink", http.MethodDelete, "", "child_unlink", nil},
	}
	for _, req := range requests {
		t.Run(req.name, func(t *testing.T) {
			var first []byte
			for _, id := range ids {
				before := famSnapshot(t, h)
				audits := famAudits(t, h, g.ID, req.action, "refused", "not_linked")
				r := c.Do(req.method, famChild(id.id)+req.suffix, req.body)
				if r.Status != http.StatusNotFound || r.Code() != "not_found" {
					t.Errorf("%s: got %d %s, want 404 not_found", id.name, r.Status, r.Raw)
				}
				if first == nil {
					first = r.Raw
				} else if string(r.Raw) != string(first) {
					t.Errorf("%s: got body %s, want exactly %s", id.name, r.Raw, first)
				}
				if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
					t.Errorf("%s: a refusal changed state (-before +after):\n%s", id.name, diff)
				}
				if got := famAudits(t, h, g.ID, req.action, "refused", "not_linked") - audits; got != 1 {
					t.Errorf("%s: got %d refused %s audit events with reason not_linked, want 1", id.name, got, req.action)
				}
			}
		})
	}
	if n := h.Count(`select count(*) from audit_events where actor_id = $1 and outcome = 'refused'
		and subject_kind = 'student' and subject_id = $2`, g.ID, theirs.ID); n != 3 {
		t.Errorf("got %d refusals audited against the other family's child, want 3", n)
	}
	// The other family's link is intact and the guardian's own child is still theirs.
	if n := h.Count(`select count(*) from guardian_links where guardian_id = $1 and student_id = $2`, parent.ID, theirs.ID); n != 1 {
		t.Errorf("got %d links of the other family, want 1", n)
	}
	c.Expect(c.Do(http.MethodGet, famChild(mine.ID), nil), http.StatusOK, "")
}

// TestFamilyAdultChild: once a child is 18 the guardian sees no status and cannot reset,
// unless the school kept the link; unlinking still works.
func TestFamilyAdultChild(t *testing.T) {
	h := apitest.New(t)
	born := time.Now().AddDate(-19, 0, 0)
	adult := h.Student(apitest.StudentOpts{Grade: 12, DateOfBirth: born})
	kept := h.Student(apitest.StudentOpts{Grade: 12, DateOfBirth: born})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, adult.ID, false)
	h.Link(g.ID, kept.ID, true)

	limited := []string{"access", "firstName", "grade", "id", "lastName", "schoolName", "username"}
	list := c.Expect(c.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusOK, "")
	children, _ := list.Body["children"].([]any)
	if len(children) != 2 {
		t.Fatalf("got children %s, want two", list.Raw)
	}
	for _, ch := range children {
		m, _ := ch.(map[string]any)
		switch m["id"] {
		case adult.ID:
			if m["access"] != "adult" || !slices.Equal(forgotKeys(m), limited) {
				t.Errorf("adult child: got %v, want access adult and only the fields %v", m, limited)
			}
		case kept.ID:
			if m["access"] != "active" || m["pinSet"] != false || m["resetsLeftToday"] != float64(5) {
				t.Errorf("kept adult child: got %v, want access active with its status", m)
			}
		}
	}
	one := c.Expect(c.Do(http.MethodGet, famChild(adult.ID), nil), http.StatusOK, "")
	if one.Body["access"] != "adult" || !slices.Equal(forgotKeys(one.Body), limited) {
		t.Errorf("GET adult child: got %s, want access adult and only %v", one.Raw, limited)
	}

	before := famSnapshot(t, h)
	reset := map[string]any{"mode": "typed", "newPassword": "Copper-Violin-64", "confirmPassword": "Copper-Violin-64", "mustChange": true}
	badExpect(t, c.Do(http.MethodPost, famChild(adult.ID)+"/password", reset), badCase{status: 403, code: "student_is_adult"})
	badExpect(t, c.Do(http.MethodPost, famChild(adult.ID)+"/password", map[string]any{"mode": "generated", "mustChange": false}),
		badCase{status: 403, code: "student_is_adult"})
	if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
		t.Errorf("a refused reset changed state (-before +after):\n%s", diff)
	}
	if n := famAudits(t, h, g.ID, "password_changed", "refused", "student_is_adult"); n != 2 {
		t.Errorf("got %d audited refusals, want 2", n)
	}
	h.Client().SignIn(adult.Username, adult.Password)

	r := c.Expect(c.Do(http.MethodPost, famChild(kept.ID)+"/password", reset), http.StatusOK, "")
	if child, _ := r.Body["child"].(map[string]any); child["access"] != "active" || child["resetsLeftToday"] != float64(4) {
		t.Errorf("kept adult child after a reset: got %s, want active with 4 resets left", r.Raw)
	}
	h.Client().SignIn(kept.Username, "Copper-Violin-64")

	c.Expect(c.Do(http.MethodDelete, famChild(adult.ID), nil), http.StatusNoContent, "")
	c.Expect(c.Do(http.MethodGet, famChild(adult.ID), nil), http.StatusNotFound, "not_found")
}

// famReset resets a child's password with a generated one and returns the answer.
func famReset(t *testing.T, c *apitest.Client, childID string) apitest.Response {
	t.Helper()
	return c.Do(http.MethodPost, famChild(childID)+"/password", map[string]any{"mode": "generated", "mustChange": false})
}

// famFirstReset is when the oldest successful guardian reset of a student happened.
func famFirstReset(t *testing.T, h *apitest.Harness, studentID string) time.Time {
	t.Helper()
	var at time.Time
	if err := h.Pool.QueryRow(h.Context, `select min(occurred_at) from audit_events where subject_id = $1
		and path = 'guardian' and action = 'password_changed' and outcome = 'succeeded'`, studentID).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}

func TestFamilyChildResetLimit(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{})
	mum, mc := famSignedIn(t, h, apitest.GuardianOpts{})
	dad, dc := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(mum.ID, kid.ID, false)
	h.Link(dad.ID, kid.ID, false)

	start := time.Now()
	for i, c := range []*apitest.Client{mc, dc, mc, dc, mc} {
		r := c.Expect(famReset(t, c, kid.ID), http.StatusOK, "")
		if child, _ := r.Body["child"].(map[string]any); child["resetsLeftToday"] != float64(4-i) {
			t.Errorf("reset %d: got resetsLeftToday %v, want %d", i+1, child["resetsLeftToday"], 4-i)
		}
	}
	before := famSnapshot(t, h)
	r := dc.Expect(famReset(t, dc, kid.ID), http.StatusTooManyRequests, "child_reset_limit")
	retry := famRetryAt(t, r)
	if first := famFirstReset(t, h, kid.ID); !retry.Equal(first.Add(24 * time.Hour)) {
		t.Errorf("got retryAt %v, want the first reset %v + 24h", retry, first)
	}
	if d := retry.Sub(start.Add(24 * time.Hour)); d < 0 || d > 10*time.Second {
		t.Errorf("got retryAt %v, want about 24 hours after %v", retry, start)
	}
	// A typed reset is refused the same way, before its password is looked at.
	mc.Expect(mc.Do(http.MethodPost, famChild(kid.ID)+"/password", map[string]any{
		"mode": "typed", "newPassword": "x", "confirmPassword": "x", "mustChange": false}), http.StatusTooManyRequests, "child_reset_limit")
	if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
		t.Errorf("a refused reset changed state (-before +after):\n%s", diff)
	}
	if n := famAudits(t, h, dad.ID, "password_changed", "refused", "child_reset_limit"); n != 1 {
		t.Errorf("got %d audited refusals of the father, want 1", n)
	}
	list := mc.Expect(mc.Do(http.MethodGet, famChild(kid.ID), nil), http.StatusOK, "")
	if list.Body["resetsLeftToday"] != float64(0) {
		t.Errorf("got resetsLeftToday %v after five resets, want 0", list.Body["resetsLeftToday"])
	}

	t.Run("resets older than 24 hours are not counted", func(t *testing.T) {
		other := h.Student(apitest.StudentOpts{})
		h.Link(mum.ID, other.ID, false)
		for i := range 5 {
			if _, err := h.Pool.Exec(h.Context, `insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind,
				subject_id, action, path, outcome) values (now() - $2::interval, 'guardian', $3, 'student', $1,
				'password_changed', 'guardian', 'succeeded')`, other.ID, fmt.Sprintf("%d hours", 24+i), mum.ID); err != nil {
				t.Fatal(err)
			}
		}
		r := mc.Expect(famReset(t, mc, other.ID), http.StatusOK, "")
		if child, _ := r.Body["child"].(map[string]any); child["resetsLeftToday"] != float64(4) {
			t.Errorf("got resetsLeftToday %v, want 4: yesterday's resets do not count", child["resetsLeftToday"])
		}
	})
}

func TestFamilyChildResetLimitSetting(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(func(c *config.Config) { c.Policy.GuardianResetsPerDay = 2 }))
	kid := h.Student(apitest.StudentOpts{})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, kid.ID, false)
	if r := c.Expect(c.Do(http.MethodGet, famChild(kid.ID), nil), http.StatusOK, ""); r.Body["resetsLeftToday"] != float64(2) {
		t.Errorf("got resetsLeftToday %v, want 2", r.Body["resetsLeftToday"])
	}
	c.Expect(famReset(t, c, kid.ID), http.StatusOK, "")
	c.Expect(famReset(t, c, kid.ID), http.StatusOK, "")
	r := c.Expect(famReset(t, c, kid.ID), http.StatusTooManyRequests, "child_reset_limit")
	if first := famFirstReset(t, h, kid.ID); !famRetryAt(t, r).Equal(first.Add(24 * time.Hour)) {
		t.Errorf("got retryAt %s, want the first reset %v + 24h", r.String("retryAt"), first)
	}
}

// TestFamilyConcurrentResetsKeepTheLimit races eight resets of one child by two guardians
// against a limit of three: exactly three win.
func TestFamilyConcurrentResetsKeepTheLimit(t *testing.T) {
	const n, limit = 8, 3
	h := apitest.New(t, apitest.WithPoolSize(16), apitest.WithConfig(func(c *config.Config) { c.Policy.GuardianResetsPerDay = limit }))
	kid := h.Student(apitest.StudentOpts{})
	var clients []*apitest.Client
	for range 2 {
		g, c := famSignedIn(t, h, apitest.GuardianOpts{})
		h.Link(g.ID, kid.ID, false)
		clients = append(clients, c)
	}
	results := make([]apitest.Response, n)
	errs := make([]error, n)
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-ready
			results[i], errs[i] = famDo(h, clients[i%2], http.MethodPost, famChild(kid.ID)+"/password",
				map[string]any{"mode": "generated", "mustChange": false})
		})
	}
	close(ready)
	wg.Wait()

	var won, limited int
	var passwords []string
	for i, r := range results {
		switch {
		case errs[i] != nil:
			t.Errorf("reset %d: %v", i, errs[i])
		case r.Status == http.StatusOK:
			won++
			passwords = append(passwords, r.String("generatedPassword"))
		case r.Status == http.StatusTooManyRequests && r.Code() == "child_reset_limit":
			limited++
		default:
			t.Errorf("reset %d: got %d %s, want 200 or 429 child_reset_limit", i, r.Status, r.Raw)
		}
	}
	if won != limit || limited != n-limit {
		t.Fatalf("got %d × 200 and %d × 429, want %d and %d", won, limited, limit, n-limit)
	}
	if got := h.Count(`select count(*) from audit_events where subject_id = $1 and path = 'guardian'
		and action = 'password_changed' and outcome = 'succeeded'`, kid.ID); got != limit {
		t.Errorf("got %d successful resets audited, want %d", got, limit)
	}
	// Each reset confirms to the child and both guardians.
	if got := h.Count(`select count(*) from river_job where kind = 'confirmation_email'`); got != 3*limit {
		t.Errorf("got %d confirmation jobs, want %d", got, 3*limit)
	}
	// Exactly one of the winners' passwords is the child's now.
	signedIn := 0
	for _, pw := range passwords {
		if r := h.Client().Do(http.MethodPost, "/api/v1/session", map[string]string{"login": kid.Username, "password": pw}); r.Status == http.StatusOK {
			signedIn++
		}
	}
	if signedIn != 1 {
		t.Errorf("got %d of the winning passwords working, want exactly the last one", signedIn)
	}
}

// TestFamilyConcurrentLinksOneCode races two guardians with the same access code, several
// times: exactly one links, the other is told the code was used, and nothing is counted as
// a failed attempt.
func TestFamilyConcurrentLinksOneCode(t *testing.T) {
	h := apitest.New(t, apitest.WithPoolSize(16))
	var clients []*apitest.Client
	var ids []string
	for range 2 {
		g, c := famSignedIn(t, h, apitest.GuardianOpts{})
		clients, ids = append(clients, c), append(ids, g.ID)
	}
	for round := range 5 {
		kid := h.Student(apitest.StudentOpts{})
		code := h.AccessCode(kid.ID, time.Now().Add(time.Hour))
		results := make([]apitest.Response, 2)
		errs := make([]error, 2)
		ready := make(chan struct{})
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Go(func() {
				<-ready
				results[i], errs[i] = famDo(h, clients[i], http.MethodPost, "/api/v1/family/children",
					map[string]string{"studentId": kid.StudentNumber, "accessCode": code})
			})
		}
		close(ready)
		wg.Wait()
		winner := -1
		for i, r := range results {
			switch {
			case errs[i] != nil:
				t.Fatalf("round %d, guardian %d: %v", round, i, errs[i])
			case r.Status == http.StatusCreated:
				winner = i
			case r.Status != http.StatusUnprocessableEntity || r.Code() != "access_code_used":
				t.Errorf("round %d, guardian %d: got %d %s, want 201 or 422 access_code_used", round, i, r.Status, r.Raw)
			}
		}
		if winner < 0 || results[1-winner].Code() != "access_code_used" {
			t.Fatalf("round %d: got %d %s and %d %s, want one 201 and one 422 access_code_used",
				round, results[0].Status, results[0].Raw, results[1].Status, results[1].Raw)
		}
		if got := h.Count(`select count(*) from guardian_links where student_id = $1`, kid.ID); got != 1 {
			t.Errorf("round %d: got %d links, want 1", round, got)
		}
		if got := h.Count(`select count(*) from parent_access_codes where student_id = $1 and used_by = $2`, kid.ID, ids[winner]); got != 1 {
			t.Errorf("round %d: the code is not marked used by the winner", round)
		}
	}
	if got := h.Count(`select coalesce(sum(failures), 0) from link_attempts`); got != 0 {
		t.Errorf("got %d failed link attempts counted, want none: both guardians had the right code", got)
	}
}
