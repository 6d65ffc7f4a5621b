package policy

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, time.March, 3, 14, 30, 0, 0, time.UTC)

func TestNextSelfReset(t *testing.T) {
	s := DefaultSettings()
	tests := []struct {
		name string
		last time.Time
		s    Settings
		want time.Time
	}{
		{"never", time.Time{}, s, time.Time{}},
		{"default window", t0, s, t0.Add(30 * 24 * time.Hour)},
		{"custom window", t0, Settings{SelfResetWindow: 7 * 24 * time.Hour}, t0.Add(7 * 24 * time.Hour)},
		{"no window", t0, Settings{}, t0},
	}
	for _, tt := range tests {
		if got := NextSelfReset(tt.last, tt.s); !got.Equal(tt.want) {
			t.Errorf("%s: NextSelfReset(%v): got %v, want %v", tt.name, tt.last, got, tt.want)
		}
	}
}

func TestCheckSelfResetWindow(t *testing.T) {
	s := DefaultSettings()
	next := t0.Add(30 * 24 * time.Hour)
	tests := []struct {
		name string
		last time.Time
		now  time.Time
		want *WindowError
	}{
		{"never reset", time.Time{}, t0, nil},
		{"just now", t0, t0, &WindowError{Next: next}},
		{"one day later", t0, t0.Add(24 * time.Hour), &WindowError{Next: next}},
		{"a second early", t0, next.Add(-time.Second), &WindowError{Next: next}},
		{"exactly at next", t0, next, nil},
		{"long after", t0, next.Add(365 * 24 * time.Hour), nil},
		{"clock behind", t0, t0.Add(-time.Hour), &WindowError{Next: next}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSelfResetWindow(tt.last, tt.now, s)
			if tt.want == nil {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			var we *WindowError
			if !errors.As(err, &we) {
				t.Fatalf("got %v (%T), want *WindowError", err, err)
			}
			if diff := cmp.Diff(tt.want, we); diff != "" {
				t.Errorf("got %v, want %v (-want +got):\n%s", we, tt.want, diff)
			}
			if !errors.Is(err, ErrSelfResetWindow) {
				t.Errorf("errors.Is(%v, ErrSelfResetWindow): got false, want true", err)
			}
		})
	}
}

func TestWindowErrorMessage(t *testing.T) {
	err := &WindowError{Next: time.Date(2026, time.April, 2, 9, 0, 0, 0, time.UTC)}
	msg := err.Error()
	for _, want := range []string{"April 2, 2026", "parent or guardian", "school"} {
		if !strings.Contains(msg, want) {
			t.Errorf("WindowError.Error(): got %q, want it to mention %q", msg, want)
		}
	}
	if errors.Is(err, errors.New("other")) {
		t.Errorf("errors.Is(WindowError, other): got true, want false")
	}
}

func TestRecoveryStatus(t *testing.T) {
	tests := []struct {
		name string
		st   RecoveryState
		want RecoveryVerdict
	}{
		{"fresh", RecoveryState{}, RecoveryOpen},
		{"some failures", RecoveryState{ConsecutiveFailures: 4}, RecoveryOpen},
		{"locked", RecoveryState{ConsecutiveFailures: 5, LockedUntil: t0.Add(time.Minute)}, RecoveryLocked},
		{"lock ends exactly now", RecoveryState{ConsecutiveFailures: 5, LockedUntil: t0}, RecoveryOpen},
		{"lock over", RecoveryState{ConsecutiveFailures: 5, LockedUntil: t0.Add(-time.Minute)}, RecoveryOpen},
		{"disabled", RecoveryState{ConsecutiveFailures: 10, Disabled: true}, RecoveryDisabled},
		{"disabled and locked", RecoveryState{Disabled: true, LockedUntil: t0.Add(time.Hour)}, RecoveryDisabled},
	}
	for _, tt := range tests {
		if got := RecoveryStatus(tt.st, t0); got != tt.want {
			t.Errorf("%s: RecoveryStatus(%+v): got %v, want %v", tt.name, tt.st, got, tt.want)
		}
	}
}

func TestRecoveryVerdictString(t *testing.T) {
	tests := []struct {
		v    RecoveryVerdict
		want string
	}{
		{RecoveryOpen, "open"},
		{RecoveryLocked, "locked"},
		{RecoveryDisabled, "disabled"},
		{0, "RecoveryVerdict(0)"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("RecoveryVerdict(%d).String(): got %q, want %q", int(tt.v), got, tt.want)
		}
	}
}

// TestRecoverySequence plays ten failed verifications a minute apart with the default
// settings, waiting out the lock after the fifth.
func TestRecoverySequence(t *testing.T) {
	s := DefaultSettings()
	var st RecoveryState
	now := t0
	type step struct {
		Failures    int
		LockedUntil time.Time
		Disabled    bool
		Verdict     RecoveryVerdict
	}
	var got []step
	for i := 1; i <= 10; i++ {
		st = AfterFailedVerification(st, now, s)
		got = append(got, step{st.ConsecutiveFailures, st.LockedUntil, st.Disabled, RecoveryStatus(st, now)})
		if i == 5 {
			now = st.LockedUntil
		} else {
			now = now.Add(time.Minute)
		}
	}
	lock := t0.Add(4*time.Minute + 15*time.Minute)
	want := []step{
		{1, time.Time{}, false, RecoveryOpen},
		{2, time.Time{}, false, RecoveryOpen},
		{3, time.Time{}, false, RecoveryOpen},
		{4, time.Time{}, false, RecoveryOpen},
		{5, lock, false, RecoveryLocked},
		{6, lock, false, RecoveryOpen},
		{7, lock, false, RecoveryOpen},
		{8, lock, false, RecoveryOpen},
		{9, lock, false, RecoveryOpen},
		{10, lock, true, RecoveryDisabled},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failed verifications (-want +got):\n%s", diff)
	}
}

func TestAfterFailedVerification(t *testing.T) {
	s := DefaultSettings()
	tests := []struct {
		name string
		st   RecoveryState
		s    Settings
		want RecoveryState
	}{
		{"first", RecoveryState{}, s, RecoveryState{ConsecutiveFailures: 1}},
		{"fifth locks", RecoveryState{ConsecutiveFailures: 4}, s, RecoveryState{ConsecutiveFailures: 5, LockedUntil: t0.Add(15 * time.Minute)}},
		{"tenth disables", RecoveryState{ConsecutiveFailures: 9}, s, RecoveryState{ConsecutiveFailures: 10, Disabled: true}},
		{"past disable stays disabled", RecoveryState{ConsecutiveFailures: 12, Disabled: true}, s, RecoveryState{ConsecutiveFailures: 13, Disabled: true}},
		{"custom lock", RecoveryState{ConsecutiveFailures: 2}, Settings{LockAfterFailures: 3, LockDuration: time.Hour}, RecoveryState{ConsecutiveFailures: 3, LockedUntil: t0.Add(time.Hour)}},
		{"limits off", RecoveryState{ConsecutiveFailures: 99}, Settings{}, RecoveryState{ConsecutiveFailures: 100}},
		{"disable before lock", RecoveryState{ConsecutiveFailures: 2}, Settings{LockAfterFailures: 3, LockDuration: time.Hour, DisableAfterFailures: 3}, RecoveryState{ConsecutiveFailures: 3, Disabled: true}},
	}
	for _, tt := range tests {
		got := AfterFailedVerification(tt.st, t0, tt.s)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: AfterFailedVerification(%+v): got %+v, want %+v (-want +got):\n%s", tt.name, tt.st, got, tt.want, diff)
		}
	}
}

func TestAfterSuccessfulVerification(t *testing.T) {
	tests := []struct {
		st, want RecoveryState
	}{
		{RecoveryState{}, RecoveryState{}},
		{RecoveryState{ConsecutiveFailures: 7, LockedUntil: t0}, RecoveryState{}},
		{RecoveryState{ConsecutiveFailures: 10, Disabled: true}, RecoveryState{Disabled: true}},
	}
	for _, tt := range tests {
		got := AfterSuccessfulVerification(tt.st)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("AfterSuccessfulVerification(%+v): got %+v, want %+v (-want +got):\n%s", tt.st, got, tt.want, diff)
		}
	}
}

func TestRecoveryReset(t *testing.T) {
	got := RecoveryReset()
	if diff := cmp.Diff(RecoveryState{}, got); diff != "" {
		t.Errorf("RecoveryReset(): got %+v, want the zero state (-want +got):\n%s", got, diff)
	}
	if v := RecoveryStatus(got, t0); v != RecoveryOpen {
		t.Errorf("RecoveryStatus(RecoveryReset()): got %v, want open", v)
	}
}
