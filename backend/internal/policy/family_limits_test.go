package policy

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLinkWait(t *testing.T) {
	s := DefaultSettings()
	off := s
	off.LinkFailureLimit = 0
	tests := []struct {
		name string
		a    LinkAttempts
		s    Settings
		want time.Duration
	}{
		{"no failures", LinkAttempts{}, s, 0},
		{"9 failures", LinkAttempts{Failures: 9, WindowStart: famNow.Add(-time.Hour)}, s, 0},
		{"10 failures, window started an hour ago", LinkAttempts{Failures: 10, WindowStart: famNow.Add(-time.Hour)}, s, 23 * time.Hour},
		{"10 failures, window started now", LinkAttempts{Failures: 10, WindowStart: famNow}, s, 24 * time.Hour},
		{"12 failures", LinkAttempts{Failures: 12, WindowStart: famNow.Add(-20 * time.Hour)}, s, 4 * time.Hour},
		{"10 failures, a second before the window ends", LinkAttempts{Failures: 10, WindowStart: famNow.Add(-24*time.Hour + time.Second)}, s, time.Second},
		{"10 failures, window ended now", LinkAttempts{Failures: 10, WindowStart: famNow.Add(-24 * time.Hour)}, s, 0},
		{"10 failures, window ended long ago", LinkAttempts{Failures: 10, WindowStart: famNow.Add(-72 * time.Hour)}, s, 0},
		{"limit switched off", LinkAttempts{Failures: 50, WindowStart: famNow}, off, 0},
	}
	for _, tt := range tests {
		if got := LinkWait(tt.a, famNow, tt.s); got != tt.want {
			t.Errorf("%s: LinkWait: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAfterFailedLink(t *testing.T) {
	s := DefaultSettings()
	start := famNow.Add(-5 * time.Hour)
	tests := []struct {
		name string
		a    LinkAttempts
		want LinkAttempts
	}{
		{"first failure starts the window", LinkAttempts{}, LinkAttempts{Failures: 1, WindowStart: famNow}},
		{"zero failures with an old start", LinkAttempts{WindowStart: start}, LinkAttempts{Failures: 1, WindowStart: famNow}},
		{"inside the window", LinkAttempts{Failures: 3, WindowStart: start}, LinkAttempts{Failures: 4, WindowStart: start}},
		{"over the limit inside the window", LinkAttempts{Failures: 10, WindowStart: start}, LinkAttempts{Failures: 11, WindowStart: start}},
		{"window ended now", LinkAttempts{Failures: 3, WindowStart: famNow.Add(-24 * time.Hour)}, LinkAttempts{Failures: 1, WindowStart: famNow}},
		{"window ended long ago, over the limit", LinkAttempts{Failures: 10, WindowStart: famNow.Add(-25 * time.Hour)}, LinkAttempts{Failures: 1, WindowStart: famNow}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, AfterFailedLink(tt.a, famNow, s)); diff != "" {
			t.Errorf("%s: AfterFailedLink (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestLinkAttemptsSequence runs the counter the way the family service does: check, fail,
// count, until the limit; then waits out the window.
func TestLinkAttemptsSequence(t *testing.T) {
	s := DefaultSettings()
	var a LinkAttempts
	now := famNow
	for i := range s.LinkFailureLimit {
		if w := LinkWait(a, now, s); w != 0 {
			t.Fatalf("attempt %d: got wait %v, want none below the limit", i+1, w)
		}
		a = AfterFailedLink(a, now, s)
		now = now.Add(time.Minute)
	}
	if a.Failures != s.LinkFailureLimit || !a.WindowStart.Equal(famNow) {
		t.Fatalf("after %d failures got %+v, want the window to start at the first", s.LinkFailureLimit, a)
	}
	if w, want := LinkWait(a, now, s), famNow.Add(24*time.Hour).Sub(now); w != want {
		t.Errorf("at the limit: got wait %v, want %v (until 24 hours after the first failure)", w, want)
	}
	end := famNow.Add(s.LinkFailureWindow)
	if w := LinkWait(a, end, s); w != 0 {
		t.Errorf("when the window ends: got wait %v, want none", w)
	}
	if got := AfterFailedLink(a, end, s); got.Failures != 1 || !got.WindowStart.Equal(end) {
		t.Errorf("a failure after the window: got %+v, want a new window of 1", got)
	}
}

func TestCheckGuardianResets(t *testing.T) {
	s := DefaultSettings()
	two := s
	two.GuardianResetsPerDay = 2
	ago := func(ds ...time.Duration) []time.Time {
		out := make([]time.Time, len(ds))
		for i, d := range ds {
			out[i] = famNow.Add(-d)
		}
		return out
	}
	h := time.Hour
	tests := []struct {
		name      string
		recent    []time.Time
		s         Settings
		wantRetry time.Time // zero: allowed
		wantLeft  int
	}{
		{"none", nil, s, time.Time{}, 5},
		{"four today", ago(20*h, 10*h, 5*h, h), s, time.Time{}, 1},
		{"five today: wait for the oldest to leave", ago(20*h, 10*h, 5*h, 2*h, h), s, famNow.Add(4 * h), 0},
		{"five today, older ones not counted", ago(48*h, 25*h, 20*h, 10*h, 5*h, 2*h, h), s, famNow.Add(4 * h), 0},
		{"four today and three older", ago(30*h, 26*h, 25*h, 20*h, 10*h, 5*h, h), s, time.Time{}, 1},
		{"one exactly 24 hours ago is not counted", ago(24*h, 10*h, 5*h, 2*h, h), s, time.Time{}, 1},
		{"one a second inside the window is counted", ago(24*h-time.Second, 10*h, 5*h, 2*h, h), s, famNow.Add(time.Second), 0},
		{"seven today after the limit was lowered", ago(23*h, 22*h, 21*h, 20*h, 10*h, 5*h, h), s, famNow.Add(3 * h), 0},
		{"a limit of 2, one today", ago(30*h, h), two, time.Time{}, 1},
		{"a limit of 2, two today", ago(30*h, 3*h, h), two, famNow.Add(21 * h), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckGuardianResets(tt.recent, famNow, tt.s)
			var limit *ResetLimitError
			switch {
			case tt.wantRetry.IsZero() && err != nil:
				t.Errorf("CheckGuardianResets: got %v, want nil", err)
			case !tt.wantRetry.IsZero() && !errors.As(err, &limit):
				t.Errorf("CheckGuardianResets: got %v, want a *ResetLimitError", err)
			case !tt.wantRetry.IsZero() && !limit.RetryAt.Equal(tt.wantRetry):
				t.Errorf("CheckGuardianResets: got RetryAt %v, want %v", limit.RetryAt, tt.wantRetry)
			}
			if got := GuardianResetsLeft(tt.recent, famNow, tt.s); got != tt.wantLeft {
				t.Errorf("GuardianResetsLeft: got %d, want %d", got, tt.wantLeft)
			}
		})
	}
	// The refusal reads well, and waiting until RetryAt is enough.
	recent := ago(20*h, 10*h, 5*h, 2*h, h)
	err := CheckGuardianResets(recent, famNow, s)
	var limit *ResetLimitError
	if !errors.As(err, &limit) || !strings.Contains(err.Error(), "too many times") {
		t.Fatalf("got %v, want a refusal saying too many times", err)
	}
	if err := CheckGuardianResets(recent, limit.RetryAt, s); err != nil {
		t.Errorf("at RetryAt %v: got %v, want the reset allowed", limit.RetryAt, err)
	}
	if err := CheckGuardianResets(recent, limit.RetryAt.Add(-time.Nanosecond), s); err == nil {
		t.Errorf("just before RetryAt: got nil, want a refusal")
	}
}

// TestFamilyMessages checks the family rules' messages like TestMessagesComplete checks the
// others: short sentences, one per rule.
func TestFamilyMessages(t *testing.T) {
	for _, r := range []Rule{RuleEmailFormat, RuleNameRequired, RuleNameTooLong, RuleStudentIDFormat, RuleAccessCodeFormat} {
		m := messages[r]
		if m == "" || !strings.HasSuffix(m, ".") || len(m) > 80 {
			t.Errorf("message of %q: got %q, want a short sentence ending in a period", r, m)
		}
	}
	// The example in the access code message is itself a well-formed code.
	if _, _, vs := NormalizeLinkInput("123456789", "ABCD-EFGH-JK23"); vs != nil {
		t.Errorf("the example code of the message fails: %v", famRules(vs))
	}
}

func TestCheckGuardianResetsWithoutALimit(t *testing.T) {
	s := DefaultSettings()
	s.GuardianResetsPerDay = 0
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var limit *ResetLimitError
	if err := CheckGuardianResets(nil, now, s); !errors.As(err, &limit) || !limit.RetryAt.IsZero() {
		t.Errorf("got %v, want a refusal with no retry time: a limit of 0 allows no guardian reset", err)
	}
	if got := GuardianResetsLeft(nil, now, s); got != 0 {
		t.Errorf("got %d resets left, want 0", got)
	}
}

func TestGuardianEmailLimits(t *testing.T) {
	sent := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if got, want := NextGuardianEmail(sent), sent.Add(time.Minute); !got.Equal(want) {
		t.Errorf("NextGuardianEmail: got %v, want %v", got, want)
	}
	if got := NextGuardianEmail(time.Time{}); !got.IsZero() {
		t.Errorf("NextGuardianEmail of never: got %v, want the zero time (at once)", got)
	}
	for sentInWindow, want := range map[int]bool{0: true, 4: true, 5: false, 9: false} {
		if got := ResetLinkAllowed(sentInWindow); got != want {
			t.Errorf("ResetLinkAllowed(%d): got %v, want %v", sentInWindow, got, want)
		}
	}
}
