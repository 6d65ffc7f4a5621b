package policy

import (
	"testing"
	"time"
)

func TestSignInWait(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		failures    int
		lastFailure time.Time
		want        time.Duration
	}{
		{"no failures", 0, time.Time{}, 0},
		{"nine failures just now", 9, now, 0},
		{"ten failures just now", 10, now, time.Minute},
		{"ten failures 20s ago", 10, now.Add(-20 * time.Second), 40 * time.Second},
		{"ten failures a minute ago", 10, now.Add(-time.Minute), 0},
		{"thirty failures 59s ago", 30, now.Add(-59 * time.Second), time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SignInWait(tt.failures, tt.lastFailure, now); got != tt.want {
				t.Errorf("SignInWait(%d, %v) = %v, want %v", tt.failures, tt.lastFailure, got, tt.want)
			}
		})
	}
}

func TestRefuse(t *testing.T) {
	if err := Refuse(RefusedPIN, nil); err != nil {
		t.Errorf("Refuse(no violations) = %v, want nil", err)
	}
	err := Refuse(RefusedPIN, []Violation{{Rule: RulePINLength, Message: "Use 6 to 8 digits."}})
	re, ok := err.(*RefusalError)
	if !ok || re.Code != RefusedPIN || len(re.Violations) != 1 {
		t.Fatalf("Refuse = %#v, want a pin_rules refusal with one violation", err)
	}
	if got := WithField(re.Violations, "pin")[0].Field; got != "pin" {
		t.Errorf("WithField set Field = %q, want %q", got, "pin")
	}
}

func TestMaySkipCurrentPassword(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		mustChange bool
		signedInAt time.Time
		want       bool
	}{
		{"must change, signed in a minute ago", true, now.Add(-time.Minute), true},
		{"must change, signed in just under the window ago", true, now.Add(-FreshSignIn + time.Second), true},
		{"must change, signed in the window ago", true, now.Add(-FreshSignIn), false},
		{"must change, session not made by a sign-in", true, time.Time{}, false},
		{"need not change, signed in a minute ago", false, now.Add(-time.Minute), false},
	}
	for _, tt := range tests {
		if got := MaySkipCurrentPassword(tt.mustChange, tt.signedInAt, now); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
