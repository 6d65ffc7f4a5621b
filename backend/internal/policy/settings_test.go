package policy

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultSettings(t *testing.T) {
	want := Settings{
		SelfServiceMinGrade:  3,
		SelfResetWindow:      30 * 24 * time.Hour,
		LockAfterFailures:    5,
		LockDuration:         15 * time.Minute,
		DisableAfterFailures: 10,
		AdultAge:             18,
		AccessCodeTTL:        60 * 24 * time.Hour,
		GuardianResetsPerDay: 5,
		LinkFailureLimit:     10,
		LinkFailureWindow:    24 * time.Hour,
		BadgeMaxGrade:        5,
	}
	if diff := cmp.Diff(want, DefaultSettings()); diff != "" {
		t.Errorf("DefaultSettings() (-want +got):\n%s", diff)
	}
}

func TestValidGrade(t *testing.T) {
	valid := map[int]bool{-9: true}
	for g := -5; g <= 13; g++ {
		valid[g] = true
	}
	for g := -20; g <= 20; g++ {
		if got := ValidGrade(g); got != valid[g] {
			t.Errorf("ValidGrade(%d): got %v, want %v", g, got, valid[g])
		}
	}
	for _, g := range []int{-100, 99, 1 << 40} {
		if ValidGrade(g) {
			t.Errorf("ValidGrade(%d): got true, want false", g)
		}
	}
}

func TestCanSelfReset(t *testing.T) {
	def := DefaultSettings()
	from5 := Settings{SelfServiceMinGrade: 5}
	tests := []struct {
		grade int
		s     Settings
		want  bool
	}{
		{-5, def, false},
		{-1, def, false},
		{0, def, false},
		{2, def, false},
		{3, def, true},
		{12, def, true},
		{13, def, true},
		{-9, def, true},
		{14, def, false},
		{-6, def, false},
		{4, from5, false},
		{5, from5, true},
		{-9, from5, true},
	}
	for _, tt := range tests {
		if got := CanSelfReset(tt.grade, tt.s); got != tt.want {
			t.Errorf("CanSelfReset(%d, min %d): got %v, want %v", tt.grade, tt.s.SelfServiceMinGrade, got, tt.want)
		}
	}
}

func TestRecipients(t *testing.T) {
	both := []Recipient{RecipientStudent, RecipientGuardians}
	student := []Recipient{RecipientStudent}
	tests := []struct {
		e    Event
		p    Path
		want []Recipient
	}{
		{EventPasswordChanged, PathSignedIn, student},
		{EventPasswordChanged, PathSelfReset, student},
		{EventPasswordChanged, PathGuardian, both},
		{EventPasswordChanged, PathStaff, both},
		{EventPINChanged, PathSignedIn, student},
		{EventQuestionsChanged, PathSignedIn, student},
		{EventPINChanged, PathStaff, both},
		{EventQuestionsChanged, PathGuardian, both},
		{EventPasswordChanged, Path("unknown"), student},
	}
	for _, tt := range tests {
		got := Recipients(tt.e, tt.p)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Recipients(%s, %s): got %v, want %v (-want +got):\n%s", tt.e, tt.p, got, tt.want, diff)
		}
	}
	a := Recipients(EventPasswordChanged, PathStaff)
	a[0] = "changed"
	if got := Recipients(EventPasswordChanged, PathStaff)[0]; got != RecipientStudent {
		t.Errorf("Recipients: got a shared slice (first %q), want a fresh one", got)
	}
}
