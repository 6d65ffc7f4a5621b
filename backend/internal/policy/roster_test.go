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

func TestEstimatedDateOfBirth(t *testing.T) {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		grade int
		now   time.Time
		want  time.Time
	}{
		{1, date(2026, 12, 7), date(2019, 9, 1)},
		{1, date(2027, 3, 1), date(2019, 9, 1)}, // same school year, spring
		{1, date(2027, 9, 1), date(2020, 9, 1)}, // the next school year
		{0, date(2026, 9, 1), date(2020, 9, 1)},
		{GradeUngraded, date(2026, 12, 7), date(2008, 12, 7)},
	}
	for _, tt := range tests {
		if got := EstimatedDateOfBirth(tt.grade, tt.now); !got.Equal(tt.want) {
			t.Errorf("grade %d at %s: got %s, want %s", tt.grade, tt.now.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
	// A senior in the school year 2026-27 is an adult from its first day: any senior on track
	// could be 18 by then.
	settings := DefaultSettings()
	if !IsAdult(EstimatedDateOfBirth(12, date(2026, 9, 1)), date(2026, 9, 1), settings) {
		t.Error("a grade-12 student with an estimated birth date is not an adult on the first day of the year")
	}
	if IsAdult(EstimatedDateOfBirth(11, date(2027, 6, 30)), date(2027, 6, 30), settings) {
		t.Error("a grade-11 student with an estimated birth date is an adult before their senior year")
	}
}

func TestRosterStaffRole(t *testing.T) {
	for _, tc := range []struct {
		role     string
		atSchool bool
		want     StaffRole
		staff    bool
	}{
		{"teacher", true, RoleTeacher, true},
		{"administrator", true, RoleSchoolAdmin, true},
		{"administrator", false, RoleDistrictAdmin, true},
		{"student", true, "", false},
		{"guardian", false, "", false},
		{"aide", true, "", false},
	} {
		got, staff := RosterStaffRole(tc.role, tc.atSchool)
		if got != tc.want || staff != tc.staff {
			t.Errorf("RosterStaffRole(%q, %v) = %q, %v; want %q, %v", tc.role, tc.atSchool, got, staff, tc.want, tc.staff)
		}
	}
}
