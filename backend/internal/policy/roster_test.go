package policy

import (
	"testing"
	"time"
)

func TestMayImportRoster(t *testing.T) {
	for role, want := range map[StaffRole]bool{RoleDistrictAdmin: true, RoleSchoolAdmin: false, RoleTeacher: false, "": false} {
		if got := MayImportRoster(role); got != want {
			t.Errorf("MayImportRoster(%q): got %v, want %v", role, got, want)
		}
	}
}

func TestRosterDraftUsable(t *testing.T) {
	created := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		after time.Duration
		want  bool
	}{{0, true}, {29 * time.Minute, true}, {30 * time.Minute, true}, {30*time.Minute + time.Second, false}, {24 * time.Hour, false}} {
		if got := RosterDraftUsable(created, created.Add(tc.after)); got != tc.want {
			t.Errorf("RosterDraftUsable after %v: got %v, want %v", tc.after, got, tc.want)
		}
	}
}
