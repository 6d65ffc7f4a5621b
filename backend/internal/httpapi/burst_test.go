package httpapi_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// burstSize is how many requests a burst sends at once: four times the ten free sign-in
// failures, past every limit of the portal.
const burstSize = 40

// burstHarness starts a portal whose pool lets every request of a burst hold a connection
// at once, so the database, not the pool, decides which of them wait.
func burstHarness(t *testing.T) *apitest.Harness {
	return apitest.New(t, apitest.WithPoolSize(burstSize+8))
}

// burst sends n requests at once: every goroutine waits at a barrier until all are ready,
// so the requests reach the server together. It tallies the answers by status and error
// code ("401 invalid_credentials", or "202" without a code) and returns the responses.
func burst(t *testing.T, n int, send func(i int) (apitest.Response, error)) (map[string]int, []apitest.Response) {
	t.Helper()
	results := make([]apitest.Response, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	ready.Add(n)
	for i := range n {
		done.Go(func() {
			ready.Done()
			<-start
			results[i], errs[i] = send(i)
		})
	}
	ready.Wait()
	close(start)
	done.Wait()
	tally := map[string]int{}
	for i, r := range results {
		if errs[i] != nil {
			t.Errorf("request %d: %v", i, errs[i])
			continue
		}
		key := strconv.Itoa(r.Status)
		if r.Code() != "" {
			key += " " + r.Code()
		}
		tally[key]++
	}
	return tally, results
}

// burstExpect fails the test unless the tally of a burst is want.
func burstExpect(t *testing.T, got, want map[string]int) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers to %d requests at once (-want +got):\n%s", burstSize, diff)
	}
}

// burstCount is a count a burst must leave in the database.
type burstCount struct {
	what  string
	query string
	args  []any
	want  int
}

// burstCounts checks each count.
func burstCounts(t *testing.T, h *apitest.Harness, counts []burstCount) {
	t.Helper()
	for _, c := range counts {
		if got := h.Count(c.query, c.args...); got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, got, c.want)
		}
	}
}

// TestBurstSignIn sends 40 wrong passwords at once for one login: exactly the ten free
// failures are checked against a password (401), the rest wait a minute (429), for
// students and guardians, and for logins that name no account exactly as for real ones.
func TestBurstSignIn(t *testing.T) {
	h := burstHarness(t)
	st := h.Student(apitest.StudentOpts{})
	g := h.Guardian(apitest.GuardianOpts{})
	tests := []struct {
		name, path, field, login, key string
	}{
		{"student", "/api/v1/session", "login", st.Username, "student:" + st.ID},
		{"unknown username", "/api/v1/session", "login", "nobody-here-7", "student-login:nobody-here-7"},
		{"guardian", "/api/v1/family/session", "email", g.Email, "guardian:" + g.ID},
		{"unknown family email", "/api/v1/family/session", "email", "nobody@family.test.example",
			"guardian-login:nobody@family.test.example"},
	}
	want := map[string]int{
		"401 invalid_credentials": policy.SignInFreeFailures,
		"429 sign_in_throttled":   burstSize - policy.SignInFreeFailures,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.Client()
			got, responses := burst(t, burstSize, func(i int) (apitest.Response, error) {
				return c.ForgotPost(tt.path, map[string]string{tt.field: tt.login, "password": fmt.Sprintf("Wrong-Guess-%02d", i)})
			})
			burstExpect(t, got, want)
			var failures int
			var last time.Time
			if err := h.Pool.QueryRow(h.Context, `select failures, last_failure_at from sign_in_attempts
				where attempt_key = $1`, tt.key).Scan(&failures, &last); err != nil {
				t.Fatalf("counter %s: %v", tt.key, err)
			}
			if failures != policy.SignInFreeFailures {
				t.Errorf("got %d failures counted, want %d", failures, policy.SignInFreeFailures)
			}
			for _, r := range responses {
				if r.Status == http.StatusTooManyRequests {
					if at := famRetryAt(t, r); !at.Equal(last.Add(policy.SignInDelay)) {
						t.Errorf("got retryAt %v, want %v (a minute after the last failure)", at, last.Add(policy.SignInDelay))
					}
				}
			}
		})
	}
	// The right password is refused like the wrong ones while the throttle holds.
	c := h.Client()
	r := c.Do(http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": st.Password})
	c.Expect(r, http.StatusTooManyRequests, "sign_in_throttled")
}

// TestBurstGuardianForgotLinks sends 40 "forgot password" requests at once for one
// guardian: every request is accepted alike, but the queued requests send exactly
// policy.MaxResetLinks links, and only the newest of them works.
func TestBurstGuardianForgotLinks(t *testing.T) {
	h := burstHarness(t)
	g := h.Guardian(apitest.GuardianOpts{})
	c := h.Client()
	got, _ := burst(t, burstSize, func(int) (apitest.Response, error) {
		return c.ForgotPost("/api/v1/family/forgot", map[string]string{"email": g.Email})
	})
	burstExpect(t, got, map[string]int{"202": burstSize})
	burstJobsDone(t, h, "family_forgot_request", burstSize)
	const links = `select count(*) from guardian_link_tokens where guardian_id = $1 and purpose = 'reset_password'`
	burstCounts(t, h, []burstCount{
		{"links made", links, []any{g.ID}, policy.MaxResetLinks},
		{"links live", links + ` and used_at is null`, []any{g.ID}, 1},
		{"reset emails queued", `select count(*) from river_job where kind = 'family_email'
			and args->>'to' = $1 and args->>'kind' = 'reset_password'`, []any{g.Email}, policy.MaxResetLinks},
		{"refusals audited", `select count(*) from audit_events where subject_id = $1
			and action = 'guardian_forgot_password' and reason = 'too_many_links'`, []any{g.ID}, burstSize - policy.MaxResetLinks},
	})
}

// burstJobsDone waits up to 20 seconds until n jobs of kind have completed.
func burstJobsDone(t *testing.T, h *apitest.Harness, kind string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for h.Count(`select count(*) from river_job where kind = $1 and state = 'completed'`, kind) < n {
		if time.Now().After(deadline) {
			var states []string
			rows, err := h.Pool.Query(h.Context, `select state || ': ' || count(*) from river_job where kind = $1 group by state`, kind)
			if err == nil {
				for rows.Next() {
					var s string
					_ = rows.Scan(&s)
					states = append(states, s)
				}
				rows.Close()
			}
			t.Fatalf("%d %s jobs not all completed after 20 s: %s", n, kind, strings.Join(states, ", "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBurstVerificationResends asks 40 times at once for a new verification link: one
// is sent, the rest are told to wait a minute.
func TestBurstVerificationResends(t *testing.T) {
	h := burstHarness(t)
	g, c := famSignedIn(t, h, apitest.GuardianOpts{Unverified: true})
	got, _ := burst(t, burstSize, func(int) (apitest.Response, error) {
		return famDo(h, c, http.MethodPost, "/api/v1/family/verify-email/resend", nil)
	})
	burstExpect(t, got, map[string]int{"202": 1, "429 verification_resend_too_soon": burstSize - 1})
	const links = `select count(*) from guardian_link_tokens where guardian_id = $1 and purpose = 'verify_email'`
	burstCounts(t, h, []burstCount{
		{"links made", links, []any{g.ID}, 1},
		{"links live", links + ` and used_at is null`, []any{g.ID}, 1},
		{"emails queued", `select count(*) from river_job where kind = 'family_email' and args->>'to' = $1`, []any{g.Email}, 1},
	})
}

// TestBurstLinkAttempts sends 40 wrong access codes of one guardian at once, each for
// another student ID: exactly the guardian's limit of codes is compared, the rest refused.
func TestBurstLinkAttempts(t *testing.T) {
	h := burstHarness(t)
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	limit := h.Config.Policy.LinkFailureLimit
	got, _ := burst(t, burstSize, func(i int) (apitest.Response, error) {
		return famDo(h, c, http.MethodPost, "/api/v1/family/children",
			map[string]string{"studentId": fmt.Sprintf("9%08d", 3000+i), "accessCode": famWrongCode})
	})
	burstExpect(t, got, map[string]int{"422 access_code_invalid": limit, "429 link_attempts_exceeded": burstSize - limit})
	burstCounts(t, h, []burstCount{
		{"failures counted", `select failures from link_attempts where attempt_key = $1`, []any{"guardian:" + g.ID}, limit},
		{"failures audited", `select count(*) from audit_events where actor_id = $1 and action = 'child_link'
			and reason = 'access_code_invalid'`, []any{g.ID}, limit},
	})
}

// TestBurstForgotVerify sends 40 wrong PINs, and 40 wrong sets of answers, at once for
// one student: exactly the failures that lock recovery are checked, the rest refused.
func TestBurstForgotVerify(t *testing.T) {
	h := burstHarness(t)
	lock := h.Config.Policy.LockAfterFailures
	wrongAnswers := []map[string]string{
		{"questionId": forgotAnswers[0][0], "answer": "Rex"},
		{"questionId": forgotAnswers[1][0], "answer": forgotAnswers[1][1]},
		{"questionId": forgotAnswers[2][0], "answer": forgotAnswers[2][1]},
	}
	tests := []struct {
		name  string
		opts  apitest.StudentOpts
		proof map[string]any
	}{
		{"PIN", apitest.StudentOpts{PIN: forgotPIN}, map[string]any{"method": "pin", "pin": forgotWrongPIN}},
		{"answers", apitest.StudentOpts{Answers: forgotAnswers}, map[string]any{"method": "questions", "answers": wrongAnswers}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := h.Student(tt.opts)
			c := h.Client()
			body := map[string]any{"flowToken": forgotFlow(t, c, st.Username)}
			for k, v := range tt.proof {
				body[k] = v
			}
			got, _ := burst(t, burstSize, func(int) (apitest.Response, error) {
				return c.ForgotPost("/api/v1/forgot/verify", body)
			})
			burstExpect(t, got, map[string]int{"401 verification_failed": lock, "429 recovery_locked": burstSize - lock})
			if a := h.ForgotAttempts(strings.ToLower(st.Username)); a.ConsecutiveFailures != lock || a.LockedUntil.IsZero() {
				t.Errorf("got %d failures (locked until %v), want %d and locked", a.ConsecutiveFailures, a.LockedUntil, lock)
			}
		})
	}
}

// TestBurstGuardianResets sends 40 resets of one child by a guardian at once: exactly the
// child's daily limit of them changes the password.
func TestBurstGuardianResets(t *testing.T) {
	h := burstHarness(t)
	kid := h.Student(apitest.StudentOpts{})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, kid.ID, false)
	limit := h.Config.Policy.GuardianResetsPerDay
	got, _ := burst(t, burstSize, func(int) (apitest.Response, error) {
		return famDo(h, c, http.MethodPost, famChild(kid.ID)+"/password", map[string]any{"mode": "generated", "mustChange": false})
	})
	burstExpect(t, got, map[string]int{"200": limit, "429 child_reset_limit": burstSize - limit})
	burstCounts(t, h, []burstCount{
		{"resets audited", `select count(*) from audit_events where subject_id = $1 and path = 'guardian'
			and action = 'password_changed' and outcome = 'succeeded'`, []any{kid.ID}, limit},
		{"confirmations to the child", `select count(*) from river_job where kind = 'confirmation_email'
			and args->>'to' = $1`, []any{kid.Email}, limit},
	})
}

// TestBurstCurrentPassword sends 40 wrong current passwords at once through the forms of a
// signed-in student and guardian: they meet the sign-in throttle exactly like sign-ins, so
// a session left open on a shared computer is no faster way to guess the password.
func TestBurstCurrentPassword(t *testing.T) {
	h := burstHarness(t)
	st := h.Student(apitest.StudentOpts{})
	student := h.Client()
	student.SignIn(st.Username, st.Password)
	g, guardian := famSignedIn(t, h, apitest.GuardianOpts{})
	tests := []struct {
		name, method, path, key string
		client                  *apitest.Client
		body                    func(i int) map[string]any
	}{
		{"student PIN", http.MethodPut, "/api/v1/me/pin", "student:" + st.ID, student, func(i int) map[string]any {
			return map[string]any{"currentPassword": fmt.Sprintf("Wrong-Guess-%02d", i), "pin": "583920"}
		}},
		{"guardian password", http.MethodPost, "/api/v1/family/me/password", "guardian:" + g.ID, guardian, func(i int) map[string]any {
			return map[string]any{"currentPassword": fmt.Sprintf("Wrong-Guess-%02d", i),
				"newPassword": "Brand-New-Lamp-58", "confirmPassword": "Brand-New-Lamp-58"}
		}},
	}
	want := map[string]int{
		"422 current_password_wrong": policy.SignInFreeFailures,
		"429 sign_in_throttled":      burstSize - policy.SignInFreeFailures,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := burst(t, burstSize, func(i int) (apitest.Response, error) {
				return famDo(h, tt.client, tt.method, tt.path, tt.body(i))
			})
			burstExpect(t, got, want)
			burstCounts(t, h, []burstCount{{"failures counted",
				`select failures from sign_in_attempts where attempt_key = $1`, []any{tt.key}, policy.SignInFreeFailures}})
		})
	}
	// The account is throttled at the sign-in page too, the right password included.
	r := h.Client().Do(http.MethodPost, "/api/v1/session", map[string]string{"login": st.Username, "password": st.Password})
	h.Client().Expect(r, http.StatusTooManyRequests, "sign_in_throttled")
}
