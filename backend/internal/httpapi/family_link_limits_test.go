package httpapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
)

// famWrongCode is a well-formed access code no test student has.
const famWrongCode = "WXYZ-WXYZ-WXYZ"

// famLink posts a link attempt.
func famLink(c *apitest.Client, studentID, code string) apitest.Response {
	return c.Do(http.MethodPost, "/api/v1/family/children", map[string]string{"studentId": studentID, "accessCode": code})
}

// famWindowStart reads when the failure window of a counter started.
func famWindowStart(t *testing.T, h *apitest.Harness, key string) time.Time {
	t.Helper()
	var at time.Time
	if err := h.Pool.QueryRow(h.Context, `select window_start from link_attempts where attempt_key = $1`, key).Scan(&at); err != nil {
		t.Fatalf("counter %s: %v", key, err)
	}
	return at
}

// famExpectLocked checks a 429 link_attempts_exceeded whose retryAt is 24 hours after the
// counter's first failure, and that the child stayed unlinked with the code unused.
func famExpectLocked(t *testing.T, h *apitest.Harness, r apitest.Response, key, studentID string) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests || r.Code() != "link_attempts_exceeded" {
		t.Fatalf("got %d %s, want 429 link_attempts_exceeded", r.Status, r.Raw)
	}
	if got, want := famRetryAt(t, r), famWindowStart(t, h, key).Add(24*time.Hour); !got.Equal(want) {
		t.Errorf("got retryAt %v, want %v (24 hours after the first failure)", got, want)
	}
	if studentID != "" {
		if famCodeUsed(t, h, studentID) {
			t.Errorf("a refused attempt used the code")
		}
		if n := h.Count(`select count(*) from guardian_links where student_id = $1`, studentID); n != 0 {
			t.Errorf("a refused attempt linked the child")
		}
	}
}

func TestFamilyLinkAttemptsPerGuardian(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{})
	code := h.AccessCode(kid.ID, time.Now().Add(time.Hour))
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})

	// Malformed attempts are refused before anything is counted.
	for range 5 {
		c.Expect(famLink(c, "12345", famWrongCode), http.StatusUnprocessableEntity, "link_rules")
	}
	// Ten wrong codes, each against another student ID, so only the guardian's counter fills.
	for i := range 10 {
		c.Expect(famLink(c, fmt.Sprintf("9%08d", 1000+i), famWrongCode), http.StatusUnprocessableEntity, "access_code_invalid")
	}
	famExpectLocked(t, h, famLink(c, kid.StudentNumber, code), "guardian:"+g.ID, kid.ID)
	famExpectLocked(t, h, famLink(c, "900009999", famWrongCode), "guardian:"+g.ID, "")
	if n := famAudits(t, h, g.ID, "child_link", "refused", "link_attempts_exceeded"); n != 2 {
		t.Errorf("got %d audited lock refusals, want 2", n)
	}
	if n := h.Count(`select failures from link_attempts where attempt_key = $1`, "guardian:"+g.ID); n != 10 {
		t.Errorf("got %d failures counted for the guardian, want 10: refused attempts are not tried", n)
	}

	// The lock is the guardian's: the child's student ID is not locked for anyone else.
	_, other := famSignedIn(t, h, apitest.GuardianOpts{})
	other.Expect(famLink(other, kid.StudentNumber, code), http.StatusCreated, "")
}

func TestFamilyLinkAttemptsPerStudentID(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{})
	code := h.AccessCode(kid.ID, time.Now().Add(time.Hour))
	tests := []struct {
		name, studentID string
		code            string
		linkedID        string
	}{
		{"a real student ID", kid.StudentNumber, code, kid.ID},
		{"an unknown student ID", "987654321", famWrongCode, ""},
	}
	var bodies []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Ten wrong codes against one student ID, from five guardians.
			var guardians []*apitest.Client
			for range 5 {
				_, c := famSignedIn(t, h, apitest.GuardianOpts{})
				guardians = append(guardians, c)
				for range 2 {
					c.Expect(famLink(c, tt.studentID, famWrongCode), http.StatusUnprocessableEntity, "access_code_invalid")
				}
			}
			// A new guardian, even with the right code, waits.
			_, fresh := famSignedIn(t, h, apitest.GuardianOpts{})
			r := famLink(fresh, tt.studentID, tt.code)
			famExpectLocked(t, h, r, "student:"+tt.studentID, tt.linkedID)
			delete(r.Body, "retryAt")
			bodies = append(bodies, fmt.Sprint(r.Status, r.Body))
			// The guardians who failed twice are not locked for other students.
			other := h.Student(apitest.StudentOpts{})
			guardians[0].Expect(famLink(guardians[0], other.StudentNumber, h.AccessCode(other.ID, time.Now().Add(time.Hour))),
				http.StatusCreated, "")
		})
	}
	if len(bodies) == 2 && bodies[0] != bodies[1] {
		t.Errorf("a locked unknown student ID answered %s, want what a locked real one answers: %s", bodies[1], bodies[0])
	}
}

// TestFamilyConcurrentWrongCodesKeepTheLimit races wrong codes of one guardian: no more of
// them may be tried than the limit allows, however many arrive at once.
func TestFamilyConcurrentWrongCodesKeepTheLimit(t *testing.T) {
	const n, limit = 12, 3
	h := apitest.New(t, apitest.WithPoolSize(16), apitest.WithConfig(func(c *config.Config) { c.Policy.LinkFailureLimit = limit }))
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	results := make([]apitest.Response, n)
	errs := make([]error, n)
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-ready
			results[i], errs[i] = famDo(h, c, http.MethodPost, "/api/v1/family/children",
				map[string]string{"studentId": fmt.Sprintf("9%08d", 2000+i), "accessCode": famWrongCode})
		})
	}
	close(ready)
	wg.Wait()
	var tried, locked int
	for i, r := range results {
		switch {
		case errs[i] != nil:
			t.Errorf("attempt %d: %v", i, errs[i])
		case r.Status == http.StatusUnprocessableEntity && r.Code() == "access_code_invalid":
			tried++
		case r.Status == http.StatusTooManyRequests && r.Code() == "link_attempts_exceeded":
			locked++
		default:
			t.Errorf("attempt %d: got %d %s, want 422 access_code_invalid or 429", i, r.Status, r.Raw)
		}
	}
	if tried != limit || locked != n-limit {
		t.Errorf("got %d codes tried and %d refused, want %d and %d", tried, locked, limit, n-limit)
	}
	if got := h.Count(`select failures from link_attempts where attempt_key = $1`, "guardian:"+g.ID); got != limit {
		t.Errorf("got %d failures counted, want %d", got, limit)
	}
}

// TestFamilyLinkWithAnOlderCode: codes issued earlier keep working until used or expired,
// however many were issued after them (a school reprinting family letters, say).
func TestFamilyLinkWithAnOlderCode(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{})
	expires := time.Now().Add(time.Hour)
	mine := h.AccessCode(kid.ID, expires)
	for range 5 {
		h.AccessCode(kid.ID, expires)
	}
	_, c := famSignedIn(t, h, apitest.GuardianOpts{})
	c.Expect(famLink(c, kid.StudentNumber, mine), http.StatusCreated, "")
}
