package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// forgotPIN is the PIN of the test students; forgotWrongPIN is a well-formed
// PIN that is not theirs.
const (
	forgotPIN      = "583920"
	forgotWrongPIN = "694102"
)

// forgotAnswers are the security answers of the test students, in order.
var forgotAnswers = [][2]string{
	{"first-pet", "Biscuit"},
	{"birth-city", "San Juan"},
	{"grandmother-name", "Maria Elena"},
}

func forgotQuestionIDs(answers [][2]string) []string {
	ids := make([]string, len(answers))
	for i, a := range answers {
		ids[i] = a[0]
	}
	return ids
}

// forgotExpect fails the test unless r has the status and (when not empty)
// the error code.
func forgotExpect(t *testing.T, what string, r apitest.Response, status int, code string) apitest.Response {
	t.Helper()
	if r.Status != status || (code != "" && r.Code() != code) {
		t.Fatalf("%s: got status %d code %q (body %s), want %d %q", what, r.Status, r.Code(), r.Raw, status, code)
	}
	return r
}

// forgotFlow starts a flow and returns its token.
func forgotFlow(t *testing.T, c *apitest.Client, username string) string {
	t.Helper()
	r := forgotExpect(t, "start "+username, c.ForgotStart(username), http.StatusOK, "")
	flow := r.String("flowToken")
	if flow == "" {
		t.Fatalf("start %s: no flowToken in %s", username, r.Raw)
	}
	return flow
}

// forgotShownQuestions returns the question ids of a start response.
func forgotShownQuestions(t *testing.T, r apitest.Response) []string {
	t.Helper()
	qs, _ := r.Body["questions"].([]any)
	ids := make([]string, 0, len(qs))
	for _, q := range qs {
		m, _ := q.(map[string]any)
		id, _ := m["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

// forgotKeys returns the sorted keys of a JSON object.
func forgotKeys(v any) []string {
	m, _ := v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func forgotTime(t *testing.T, what string, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("%s: %q is not a time: %v", what, s, err)
	}
	return at
}

func forgotNear(got, want time.Time, slack time.Duration) bool {
	d := got.Sub(want)
	return d >= -slack && d <= slack
}

func TestForgotStartShowsSameShapeForEveryUsername(t *testing.T) {
	h := apitest.New(t)
	withQuestions := h.Student(apitest.StudentOpts{PIN: forgotPIN, Answers: forgotAnswers})
	withoutQuestions := h.Student(apitest.StudentOpts{PIN: forgotPIN})
	young := h.Student(apitest.StudentOpts{Grade: 1, Answers: forgotAnswers})
	c := h.Client()

	cases := []struct {
		name     string
		username string
		want     []string // nil: any three plausible questions
		notOwn   bool     // the student's own questions must not show
	}{
		{"unknown username", "nosuchkid4821", nil, false},
		{"student with questions", withQuestions.Username, forgotQuestionIDs(forgotAnswers), false},
		{"student with questions, typed in capitals", strings.ToUpper(withQuestions.Username), forgotQuestionIDs(forgotAnswers), false},
		{"student without questions", withoutQuestions.Username, nil, false},
		{"young student with questions", young.Username, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			first := forgotExpect(t, "start", c.ForgotStart(tc.username), http.StatusOK, "")
			again := forgotExpect(t, "start again", c.ForgotStart(tc.username), http.StatusOK, "")
			for _, r := range []apitest.Response{first, again} {
				if got, want := forgotKeys(r.Body), []string{"flowToken", "questions"}; !slices.Equal(got, want) {
					t.Errorf("response keys = %v, want %v (body %s)", got, want, r.Raw)
				}
				if r.String("flowToken") == "" {
					t.Errorf("flowToken is empty: %s", r.Raw)
				}
				qs, _ := r.Body["questions"].([]any)
				if len(qs) != 3 {
					t.Fatalf("got %d questions, want 3: %s", len(qs), r.Raw)
				}
				for _, q := range qs {
					if got, want := forgotKeys(q), []string{"id", "text"}; !slices.Equal(got, want) {
						t.Errorf("question keys = %v, want %v", got, want)
					}
					m := q.(map[string]any)
					cq, ok := policy.LookupQuestion(m["id"].(string))
					if !ok || m["text"] != cq.EN {
						t.Errorf("question %v: not a catalogue question with its English text", m)
					}
				}
			}
			ids := forgotShownQuestions(t, first)
			if again := forgotShownQuestions(t, again); !slices.Equal(ids, again) {
				t.Errorf("questions changed between visits: got %v then %v", ids, again)
			}
			if distinct := slices.Compact(slices.Sorted(slices.Values(ids))); len(distinct) != 3 {
				t.Errorf("questions %v are not three different ones", ids)
			}
			if tc.want != nil && !slices.Equal(ids, tc.want) {
				t.Errorf("got questions %v, want the student's own %v", ids, tc.want)
			}
			if tc.notOwn && slices.Equal(ids, forgotQuestionIDs(forgotAnswers)) {
				t.Errorf("got the young student's own questions %v, want decoys: they have no self-reset", ids)
			}
		})
	}

	t.Run("decoys ignore case and spaces of the username", func(t *testing.T) {
		a := forgotShownQuestions(t, c.ForgotStart("nosuchkid4821"))
		b := forgotShownQuestions(t, c.ForgotStart("  NoSuchKid4821 "))
		if !slices.Equal(a, b) {
			t.Errorf("got %v for nosuchkid4821 and %v for \"  NoSuchKid4821 \", want the same", a, b)
		}
	})

	t.Run("Spanish texts", func(t *testing.T) {
		r := forgotExpect(t, "start es", c.Do(http.MethodPost, "/api/v1/forgot/start?lang=es",
			map[string]string{"username": withQuestions.Username}), http.StatusOK, "")
		qs, _ := r.Body["questions"].([]any)
		for i, q := range qs {
			m := q.(map[string]any)
			cq, _ := policy.LookupQuestion(forgotAnswers[i][0])
			if m["id"] != cq.ID || m["text"] != cq.ES {
				t.Errorf("question %d = %v, want %s %q", i, m, cq.ID, cq.ES)
			}
		}
	})
}

func TestForgotVerifyFailuresAreIndistinguishable(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	student := func(o apitest.StudentOpts) string { return h.Student(o).Username }
	wrongAnswers := [][2]string{{"first-pet", "Rex"}, {"birth-city", "Boston"}, {"grandmother-name", "Rosa"}}

	cases := []struct {
		name     string
		username string
		pin      string      // method pin when set
		answers  [][2]string // method questions otherwise; nil: answer the shown questions
	}{
		{"unknown username, PIN", "nosuchkid7310", forgotPIN, nil},
		{"student, wrong PIN", student(apitest.StudentOpts{PIN: forgotPIN, Answers: forgotAnswers}), forgotWrongPIN, nil},
		{"student without PIN, PIN", student(apitest.StudentOpts{}), forgotPIN, nil},
		{"young student, right PIN", student(apitest.StudentOpts{Grade: 1, PIN: forgotPIN}), forgotPIN, nil},
		{"unknown username, answers", "nosuchkid7311", "", nil},
		{"student, wrong answers", student(apitest.StudentOpts{PIN: forgotPIN, Answers: forgotAnswers}), "", wrongAnswers},
		{"student without questions, answers", student(apitest.StudentOpts{PIN: forgotPIN}), "", nil},
		{"young student, right answers", student(apitest.StudentOpts{Grade: 1, PIN: forgotPIN, Answers: forgotAnswers}), "", forgotAnswers},
	}
	var reference apitest.Response
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := forgotExpect(t, "start", c.ForgotStart(tc.username), http.StatusOK, "")
			flow := start.String("flowToken")
			var r apitest.Response
			if tc.pin != "" {
				r = c.ForgotVerifyPIN(flow, tc.pin)
			} else {
				answers := tc.answers
				if answers == nil {
					for _, id := range forgotShownQuestions(t, start) {
						answers = append(answers, [2]string{id, "Pancake"})
					}
				}
				r = c.ForgotVerifyAnswers(flow, answers)
			}
			if r.Status != http.StatusUnauthorized || r.Code() != "verification_failed" {
				t.Fatalf("got status %d code %q (%s), want 401 verification_failed", r.Status, r.Code(), r.Raw)
			}
			if i == 0 {
				reference = r
			} else if string(r.Raw) != string(reference.Raw) {
				t.Errorf("got body %s, want exactly the unknown-username body %s", r.Raw, reference.Raw)
			}
			if a := h.ForgotAttempts(tc.username); a.ConsecutiveFailures != 1 {
				t.Errorf("got %d failures counted for %s, want 1 like every other failure", a.ConsecutiveFailures, tc.username)
			}
			if got := h.Count(`select count(*) from audit_events where action = 'recovery_verify'
				and outcome = 'failed' and subject_kind = 'username' and subject_id = $1`, tc.username); got != 1 {
				t.Errorf("got %d failed recovery_verify audit events, want 1", got)
			}
		})
	}
}

func TestForgotVerifyProofs(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	cases := []struct {
		name    string
		pin     string
		answers [][2]string
		ok      bool
	}{
		{"right PIN", forgotPIN, nil, true},
		{"right answers, other case, spaces and punctuation", "", [][2]string{
			{"first-pet", "  BISCUIT!"}, {"birth-city", "san-juan"}, {"grandmother-name", "MARIA   elena."},
		}, true},
		{"two right answers, one wrong", "", [][2]string{
			{"first-pet", "Biscuit"}, {"birth-city", "San Juan"}, {"grandmother-name", "Marta"},
		}, false},
		{"right answers in the wrong order", "", [][2]string{
			forgotAnswers[1], forgotAnswers[0], forgotAnswers[2],
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := h.Student(apitest.StudentOpts{PIN: forgotPIN, Answers: forgotAnswers})
			flow := forgotFlow(t, c, st.Username)
			var r apitest.Response
			if tc.pin != "" {
				r = c.ForgotVerifyPIN(flow, tc.pin)
			} else {
				r = c.ForgotVerifyAnswers(flow, tc.answers)
			}
			if !tc.ok {
				forgotExpect(t, "verify", r, http.StatusUnauthorized, "verification_failed")
				if a := h.ForgotAttempts(st.Username); a.ConsecutiveFailures != 1 {
					t.Errorf("got %d failures, want 1", a.ConsecutiveFailures)
				}
				return
			}
			forgotExpect(t, "verify", r, http.StatusOK, "")
			if got, want := forgotKeys(r.Body), []string{"resetToken"}; !slices.Equal(got, want) || r.String("resetToken") == "" {
				t.Errorf("got body %s, want only a resetToken", r.Raw)
			}
			if a := h.ForgotAttempts(st.Username); a.ConsecutiveFailures != 0 {
				t.Errorf("got %d failures after a success, want 0", a.ConsecutiveFailures)
			}
			if got := h.Count(`select count(*) from audit_events where action = 'recovery_verify'
				and outcome = 'succeeded' and subject_id = $1`, st.ID); got != 1 {
				t.Errorf("got %d succeeded recovery_verify audit events, want 1", got)
			}
		})
	}
}

// forgotStep is the status and code of one verification.
type forgotStep struct {
	status int
	code   string
}

func TestForgotLockoutDisableAndReenable(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
	const unknown = "nosuchkid5150"
	c := h.Client()

	// run makes five wrong tries, one right one while locked, then (after the
	// lock) five more wrong tries and a right one; it returns every step.
	run := func(username string) []apitest.Response {
		t.Helper()
		flow := forgotFlow(t, c, username)
		var out []apitest.Response
		for range 5 {
			out = append(out, c.ForgotVerifyPIN(flow, forgotWrongPIN))
		}
		before := time.Now()
		locked := c.ForgotVerifyPIN(flow, forgotPIN)
		out = append(out, locked)
		if locked.Status == http.StatusTooManyRequests {
			want := before.Add(15 * time.Minute)
			if at := forgotTime(t, "retryAt", locked.Body["retryAt"]); !forgotNear(at, want, 10*time.Second) {
				t.Errorf("%s: retryAt = %v, want about %v (15 minutes from now)", username, at, want)
			}
		}
		a := h.ForgotAttempts(username)
		if a.ConsecutiveFailures != 5 || !forgotNear(a.LockedUntil, before.Add(15*time.Minute), 10*time.Second) {
			t.Errorf("%s: attempts after 5 failures = %+v, want 5 failures locked for 15 minutes", username, a)
		}
		h.ForgotEndLock(username)
		for range 5 {
			out = append(out, c.ForgotVerifyPIN(flow, forgotWrongPIN))
		}
		out = append(out, c.ForgotVerifyPIN(flow, forgotPIN))
		return out
	}
	want := []forgotStep{
		{401, "verification_failed"}, {401, "verification_failed"}, {401, "verification_failed"},
		{401, "verification_failed"}, {401, "verification_failed"},
		{429, "recovery_locked"},
		{401, "verification_failed"}, {401, "verification_failed"}, {401, "verification_failed"},
		{401, "verification_failed"}, {401, "verification_failed"},
		{403, "recovery_disabled"},
	}
	student := run(st.Username)
	stranger := run(unknown)
	for i, w := range want {
		if got := (forgotStep{student[i].Status, student[i].Code()}); got != w {
			t.Errorf("student, try %d: got %v (%s), want %v", i+1, got, student[i].Raw, w)
		}
		if got := (forgotStep{stranger[i].Status, stranger[i].Code()}); got != w {
			t.Errorf("unknown username, try %d: got %v (%s), want %v", i+1, got, stranger[i].Raw, w)
		}
		if student[i].String("message") != stranger[i].String("message") || !slices.Equal(forgotKeys(student[i].Body), forgotKeys(stranger[i].Body)) {
			t.Errorf("try %d: student got %s, unknown username got %s, want the same", i+1, student[i].Raw, stranger[i].Raw)
		}
	}
	for _, who := range []string{st.Username, unknown} {
		if got := h.Count(`select count(*) from audit_events where action = 'recovery_verify'
			and outcome = 'failed' and subject_id = $1`, who); got != 10 {
			t.Errorf("%s: got %d failed recovery_verify audit events, want 10", who, got)
		}
		if got := h.Count(`select count(*) from audit_events where action = 'recovery_verify'
			and outcome = 'refused' and subject_id = $1`, who); got != 2 {
			t.Errorf("%s: got %d refused recovery_verify audit events (locked, disabled), want 2", who, got)
		}
		if a := h.ForgotAttempts(who); !a.Disabled || a.ConsecutiveFailures != 10 {
			t.Errorf("%s: attempts = %+v, want disabled after 10 failures", who, a)
		}
	}

	// Setting the PIN again while signed in opens the path again.
	const newPIN = "704152"
	me := h.Client()
	me.SignIn(st.Username, st.Password)
	forgotExpect(t, "set PIN", me.Do(http.MethodPut, "/api/v1/me/pin",
		map[string]string{"currentPassword": st.Password, "pin": newPIN}), http.StatusNoContent, "")
	if a := h.ForgotAttempts(st.Username); a.Disabled || a.ConsecutiveFailures != 0 || !a.LockedUntil.IsZero() {
		t.Errorf("attempts after setting the PIN = %+v, want a fresh state", a)
	}
	r := forgotExpect(t, "verify with the new PIN", c.ForgotVerifyPIN(forgotFlow(t, c, st.Username), newPIN), http.StatusOK, "")
	if r.String("resetToken") == "" {
		t.Errorf("no reset token: %s", r.Raw)
	}
}

func TestForgotResetEndsSessionsConfirmsAndAudits(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
	earlier := h.Client()
	earlier.SignIn(st.Username, st.Password)
	forgotExpect(t, "account before", earlier.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")

	c := h.Client()
	resetToken := c.ForgotResetTokenByPIN(st.Username, forgotPIN)
	const newPassword = "Harbor-Kettle-82"
	forgotExpect(t, "reset", c.ForgotReset(resetToken, newPassword, newPassword), http.StatusNoContent, "")

	forgotExpect(t, "earlier session after reset", earlier.Do(http.MethodGet, "/api/v1/me/account", nil),
		http.StatusUnauthorized, "not_signed_in")
	h.Client().SignIn(st.Username, newPassword)
	forgotExpect(t, "sign in with the old password", h.Client().Do(http.MethodPost, "/api/v1/session",
		map[string]string{"login": st.Username, "password": st.Password}), http.StatusUnauthorized, "invalid_credentials")

	m := h.WaitForMail(st.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "Password") })
	if !strings.Contains(m.Subject, "Password changed") || !strings.Contains(m.Subject, st.Username) {
		t.Errorf("subject = %q, want it to name the password change and the account", m.Subject)
	}
	if !strings.Contains(m.Text, "password") || !strings.Contains(m.Text, "Forgot password") {
		t.Errorf("text does not say the password was reset through Forgot password:\n%s", m.Text)
	}
	for _, secret := range []string{newPassword, st.Password, forgotPIN, resetToken} {
		for part, body := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML, "raw": m.Raw} {
			if strings.Contains(body, secret) {
				t.Errorf("email %s contains the secret %q", part, secret)
			}
		}
	}
	if got := h.Count(`select count(*) from audit_events where subject_kind = 'student' and subject_id = $1
		and action = 'password_changed' and path = 'self_reset' and outcome = 'succeeded'`, st.ID); got != 1 {
		t.Errorf("got %d password_changed/self_reset/succeeded audit events, want 1", got)
	}
}

// TestForgotResetTokenIsSingleUse: a spent reset token never sets a second
// password. Inside the window the refusal is 429 self_reset_too_soon, because
// Reset checks the window before the token version; with no window the
// version check alone refuses it as 401 flow_expired.
func TestForgotResetTokenIsSingleUse(t *testing.T) {
	var noWindow time.Duration
	cases := []struct {
		name   string
		window *time.Duration
		status int
		code   string
	}{
		{"default window", nil, http.StatusTooManyRequests, "self_reset_too_soon"},
		{"no window", &noWindow, http.StatusUnauthorized, "flow_expired"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []apitest.Option
			if tc.window != nil {
				opts = append(opts, apitest.WithConfig(func(c *config.Config) { c.Policy.SelfResetWindow = *tc.window }))
			}
			h := apitest.New(t, opts...)
			st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
			c := h.Client()
			resetToken := c.ForgotResetTokenByPIN(st.Username, forgotPIN)
			forgotExpect(t, "first reset", c.ForgotReset(resetToken, "Harbor-Kettle-82", "Harbor-Kettle-82"), http.StatusNoContent, "")
			forgotExpect(t, "second use of the token", c.ForgotReset(resetToken, "Second-Otter-39", "Second-Otter-39"), tc.status, tc.code)
			h.Client().SignIn(st.Username, "Harbor-Kettle-82")
			if got := h.Count(`select count(*) from audit_events where subject_id = $1
				and action = 'password_changed' and outcome = 'succeeded'`, st.ID); got != 1 {
				t.Errorf("got %d password changes, want 1", got)
			}
		})
	}
}

func TestForgotSelfResetWindow(t *testing.T) {
	cases := []struct {
		name   string
		window time.Duration
		set    bool
	}{
		{"default 30 days", 30 * 24 * time.Hour, false},
		{"district setting of 7 days", 7 * 24 * time.Hour, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []apitest.Option
			if tc.set {
				opts = append(opts, apitest.WithConfig(func(c *config.Config) { c.Policy.SelfResetWindow = tc.window }))
			}
			h := apitest.New(t, opts...)
			st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
			c := h.Client()
			const newPassword = "Harbor-Kettle-82"
			resetToken := c.ForgotResetTokenByPIN(st.Username, forgotPIN)
			forgotExpect(t, "reset", c.ForgotReset(resetToken, newPassword, newPassword), http.StatusNoContent, "")
			var last time.Time
			if err := h.Pool.QueryRow(context.Background(), `select last_self_reset_at from students where id = $1`,
				st.ID).Scan(&last); err != nil {
				t.Fatal(err)
			}
			next := last.Add(tc.window)

			// A wrong PIN still fails as a wrong PIN: the window is checked
			// only after a successful verification.
			flow := forgotFlow(t, c, st.Username)
			forgotExpect(t, "wrong PIN inside the window", c.ForgotVerifyPIN(flow, forgotWrongPIN), http.StatusUnauthorized, "verification_failed")

			r := forgotExpect(t, "right PIN inside the window", c.ForgotVerifyPIN(flow, forgotPIN),
				http.StatusTooManyRequests, "self_reset_too_soon")
			if at := forgotTime(t, "retryAt", r.Body["retryAt"]); !at.Equal(next) {
				t.Errorf("retryAt = %v, want last reset %v + %v = %v", at, last, tc.window, next)
			}
			msg := r.String("message")
			for _, want := range []string{next.UTC().Format("January 2, 2006"), "parent or guardian", "school"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not mention %q", msg, want)
				}
			}
			if _, ok := r.Body["resetToken"]; ok {
				t.Errorf("refusal carries a reset token: %s", r.Raw)
			}
			if a := h.ForgotAttempts(st.Username); a.ConsecutiveFailures != 0 {
				t.Errorf("got %d failures after a right PIN, want 0", a.ConsecutiveFailures)
			}

			me := h.Client()
			me.SignIn(st.Username, newPassword)
			a := forgotExpect(t, "account", me.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
			if at := forgotTime(t, "nextSelfResetAt", a.Body["nextSelfResetAt"]); !at.Equal(next) {
				t.Errorf("nextSelfResetAt = %v, want %v", at, next)
			}
			if a.Body["selfResetAvailable"] != false {
				t.Errorf("selfResetAvailable = %v, want false inside the window", a.Body["selfResetAvailable"])
			}
		})
	}
}

func TestForgotConcurrentResetsExactlyOneWins(t *testing.T) {
	const n = 50
	h := apitest.New(t, apitest.WithPoolSize(60))
	st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
	c := h.Client()
	flow := forgotFlow(t, c, st.Username)
	resetTokens := make([]string, n)
	for i := range resetTokens {
		r := forgotExpect(t, fmt.Sprintf("verify %d", i), c.ForgotVerifyPIN(flow, forgotPIN), http.StatusOK, "")
		resetTokens[i] = r.String("resetToken")
	}
	password := func(i int) string { return fmt.Sprintf("Racing-Otter-%02dq", i) }

	results := make([]apitest.Response, n)
	errs := make([]error, n)
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-ready
			results[i], errs[i] = c.ForgotPost("/api/v1/forgot/reset", map[string]string{
				"resetToken": resetTokens[i], "newPassword": password(i), "confirmPassword": password(i),
			})
		})
	}
	close(ready)
	wg.Wait()

	winner := -1
	var won, tooSoon int
	for i, r := range results {
		switch {
		case errs[i] != nil:
			t.Errorf("reset %d: %v", i, errs[i])
		case r.Status == http.StatusNoContent:
			won++
			winner = i
		case r.Status == http.StatusTooManyRequests && r.Code() == "self_reset_too_soon":
			tooSoon++
		default:
			t.Errorf("reset %d: got status %d code %q (%s), want 204 or 429 self_reset_too_soon", i, r.Status, r.Code(), r.Raw)
		}
	}
	if won != 1 || tooSoon != n-1 {
		t.Fatalf("got %d × 204 and %d × 429, want 1 and %d", won, tooSoon, n-1)
	}
	h.Client().SignIn(st.Username, password(winner))
	if got := h.Count(`select count(*) from audit_events where subject_id = $1
		and action = 'password_changed' and outcome = 'succeeded'`, st.ID); got != 1 {
		t.Errorf("got %d password_changed audit events, want 1", got)
	}
	if got := h.Count(`select count(*) from river_job where kind = 'confirmation_email' and args->>'to' = $1`, st.Email); got != 1 {
		t.Errorf("got %d confirmation email jobs, want 1", got)
	}
}

func TestForgotBadInputChangesNothing(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()

	t.Run("verify", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{PIN: forgotPIN, Answers: forgotAnswers})
		flow := forgotFlow(t, c, st.Username)
		me := h.Client()
		me.SignIn(st.Username, st.Password)
		session := me.ForgotSessionToken()
		issuer := h.TokenIssuer()
		expired, _, err := issuer.Issue(tokens.ForgotFlow, "username", st.Username, 0, -time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		stranger, err := tokens.NewIssuer(h.Config.PublicOrigin, []tokens.Key{{ID: h.Config.SessionKeys[0].ID, Secret: []byte(strings.Repeat("k", 32))}})
		if err != nil {
			t.Fatal(err)
		}
		forged, _, err := stranger.Issue(tokens.ForgotFlow, "username", st.Username, 0, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		other := h.Student(apitest.StudentOpts{PIN: forgotPIN})
		resetToken := c.ForgotResetTokenByPIN(other.Username, forgotPIN)

		pin := func(flow, p string) map[string]any {
			return map[string]any{"flowToken": flow, "method": "pin", "pin": p}
		}
		cases := []struct {
			name   string
			body   map[string]any
			status int
			code   string
			rules  []string
		}{
			{"PIN with letters", pin(flow, "58a920"), 422, "pin_rules", []string{"pin_digits"}},
			{"PIN of 5 digits", pin(flow, "58392"), 422, "pin_rules", []string{"pin_length"}},
			{"PIN of 9 digits", pin(flow, "583920111"), 422, "pin_rules", []string{"pin_length"}},
			{"two answers", map[string]any{"flowToken": flow, "method": "questions", "answers": []map[string]string{
				{"questionId": "first-pet", "answer": "Biscuit"}, {"questionId": "birth-city", "answer": "San Juan"},
			}}, 422, "question_rules", []string{"question_count"}},
			{"method sms", map[string]any{"flowToken": flow, "method": "sms", "pin": forgotPIN}, 400, "invalid_parameter", []string{"enum"}},
			{"no PIN with method pin", map[string]any{"flowToken": flow, "method": "pin"}, 400, "missing_field", []string{"required"}},
			{"missing flowToken", map[string]any{"method": "pin", "pin": forgotPIN}, 400, "missing_field", []string{"required"}},
			{"unknown field", map[string]any{"flowToken": flow, "method": "pin", "pin": forgotPIN, "username": st.Username}, 400, "unknown_field", []string{"unknown_field"}},
			{"forged flow token", pin(forged, forgotPIN), 401, "flow_expired", nil},
			{"expired flow token", pin(expired, forgotPIN), 401, "flow_expired", nil},
			{"garbage flow token", pin("not.a.token", forgotPIN), 401, "flow_expired", nil},
			{"session token as flow token", pin(session, forgotPIN), 401, "flow_expired", nil},
			{"reset token as flow token", pin(resetToken, forgotPIN), 401, "flow_expired", nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := forgotExpect(t, "verify", c.Do(http.MethodPost, "/api/v1/forgot/verify", tc.body), tc.status, tc.code)
				if got := r.Rules(); !slices.Equal(got, tc.rules) {
					t.Errorf("got rules %v, want %v", got, tc.rules)
				}
				if r.String("message") == "" {
					t.Errorf("no message: %s", r.Raw)
				}
				if _, ok := r.Body["resetToken"]; ok {
					t.Errorf("got a reset token: %s", r.Raw)
				}
				if a := h.ForgotAttempts(st.Username); a.Exists && (a.ConsecutiveFailures != 0 || a.Disabled || !a.LockedUntil.IsZero()) {
					t.Errorf("attempts = %+v, want no attempt counted", a)
				}
				if got := h.Count(`select count(*) from audit_events where action = 'recovery_verify' and subject_id = $1`, st.Username); got != 0 {
					t.Errorf("got %d recovery_verify audit events, want none", got)
				}
			})
		}
		// The flow still works: nothing above used up a try.
		forgotExpect(t, "verify after bad input", c.ForgotVerifyPIN(flow, forgotPIN), http.StatusOK, "")
	})

	t.Run("reset", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
		flow := forgotFlow(t, c, st.Username)
		resetToken := c.ForgotResetTokenByPIN(st.Username, forgotPIN)
		state := func() string {
			var s string
			if err := h.Pool.QueryRow(context.Background(), `select concat_ws('|', password_hash, token_version,
				last_self_reset_at, password_changed_at) from students where id = $1`, st.ID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		before := state()
		reset := func(token, pw, confirm string) map[string]any {
			return map[string]any{"resetToken": token, "newPassword": pw, "confirmPassword": confirm}
		}
		long := strings.Repeat("Tq7", 43)
		cases := []struct {
			name   string
			body   map[string]any
			status int
			code   string
			rules  []string
		}{
			{"129 characters", reset(resetToken, long, long), 422, "password_rules", []string{"max_length"}},
			{"confirmation differs", reset(resetToken, "Maple-Harbor-58", "Maple-Harbor-59"), 422, "password_rules", []string{"confirm_mismatch"}},
			{"contains the username", reset(resetToken, st.Username+"Xy9!", st.Username+"Xy9!"), 422, "password_rules", []string{"contains_username"}},
			{"common password", reset(resetToken, "Password123", "Password123"), 422, "password_rules", []string{"common"}},
			{"same as current", reset(resetToken, st.Password, st.Password), 422, "password_rules", []string{"same_as_current"}},
			{"missing resetToken", map[string]any{"newPassword": "Maple-Harbor-58", "confirmPassword": "Maple-Harbor-58"}, 400, "missing_field", []string{"required"}},
			{"garbage reset token", reset("not.a.token", "Maple-Harbor-58", "Maple-Harbor-58"), 401, "flow_expired", nil},
			{"flow token as reset token", reset(flow, "Maple-Harbor-58", "Maple-Harbor-58"), 401, "flow_expired", nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := forgotExpect(t, "reset", c.Do(http.MethodPost, "/api/v1/forgot/reset", tc.body), tc.status, tc.code)
				if got := r.Rules(); !slices.Equal(got, tc.rules) {
					t.Errorf("got rules %v, want %v", got, tc.rules)
				}
				if after := state(); after != before {
					t.Errorf("student changed: %s, want %s", after, before)
				}
				if a := h.ForgotAttempts(st.Username); a.ConsecutiveFailures != 0 {
					t.Errorf("got %d failures counted, want 0", a.ConsecutiveFailures)
				}
				if got := h.Count(`select count(*) from audit_events where action = 'password_changed' and subject_id = $1`, st.ID); got != 0 {
					t.Errorf("got %d password_changed audit events, want none", got)
				}
				if got := h.Count(`select count(*) from river_job where args->>'to' = $1`, st.Email); got != 0 {
					t.Errorf("got %d email jobs, want none", got)
				}
			})
		}
		// The token still works: bad input did not spend it.
		forgotExpect(t, "reset after bad input", c.ForgotReset(resetToken, "Maple-Harbor-58", "Maple-Harbor-58"), http.StatusNoContent, "")
	})
}
