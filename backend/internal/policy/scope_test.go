package policy

import (
	"fmt"
	"slices"
	"testing"
)

// TestStaffMay covers every role × relation × action.
func TestStaffMay(t *testing.T) {
	relations := map[string]StaffRelation{
		"missing":            {},
		"other district":     {Exists: true},
		"district":           {Exists: true, SameDistrict: true},
		"school":             {Exists: true, SameDistrict: true, SameSchool: true},
		"class":              {Exists: true, SameDistrict: true, SameSchool: true, InClass: true},
		"class, no district": {Exists: true, SameSchool: true, InClass: true},
	}
	// inScope lists, per role, the relations its scope holds.
	inScope := map[StaffRole][]string{
		RoleTeacher:       {"class"},
		RoleSchoolAdmin:   {"school", "class"},
		RoleDistrictAdmin: {"district", "school", "class"},
		"janitor":         nil,
		"":                nil,
	}
	// forbidden lists, per role, the actions it may not do on a student in scope.
	forbidden := map[StaffRole][]StaffAction{
		RoleTeacher:     {StaffIssueAccessCode, "delete_student"},
		RoleSchoolAdmin: {"delete_student"}, RoleDistrictAdmin: {"delete_student"},
	}
	actions := []StaffAction{StaffView, StaffResetPassword, StaffViewSchoolPassword, StaffUnlock,
		StaffIssueAccessCode, StaffReadAudit, StaffIssueBadge, StaffSetPictures, "delete_student"}
	for role, scope := range inScope {
		for name, rel := range relations {
			for _, a := range actions {
				want := StaffHidden
				if slices.Contains(scope, name) {
					want = StaffAllowed
					if slices.Contains(forbidden[role], a) {
						want = StaffForbidden
					}
				}
				if got := StaffMay(role, rel, a); got != want {
					t.Errorf("StaffMay(%q, %s, %s): got %s, want %s", role, name, a, got, want)
				}
			}
		}
	}
}

func TestAllowedStudentActions(t *testing.T) {
	class := StaffRelation{Exists: true, SameDistrict: true, SameSchool: true, InClass: true}
	for _, tc := range []struct {
		role  StaffRole
		rel   StaffRelation
		badge bool
		want  string
	}{
		{RoleTeacher, class, false, "[reset_password view_school_password unlock]"},
		{RoleTeacher, class, true, "[reset_password view_school_password unlock issue_badge set_pictures]"},
		{RoleSchoolAdmin, class, false, "[reset_password view_school_password unlock issue_access_code]"},
		{RoleSchoolAdmin, class, true, "[reset_password view_school_password unlock issue_access_code issue_badge set_pictures]"},
		{RoleDistrictAdmin, StaffRelation{Exists: true, SameDistrict: true}, true, "[reset_password view_school_password unlock issue_access_code issue_badge set_pictures]"},
		{RoleTeacher, StaffRelation{Exists: true, SameDistrict: true, SameSchool: true}, true, "[]"},
	} {
		if got := fmt.Sprint(AllowedStudentActions(tc.role, tc.rel, tc.badge)); got != tc.want {
			t.Errorf("AllowedStudentActions(%s, %+v): got %s, want %s", tc.role, tc.rel, got, tc.want)
		}
	}
}

func TestBadgeEligible(t *testing.T) {
	s := DefaultSettings()
	for grade, want := range map[int]bool{-9: false, -6: false, -5: true, 0: true, 5: true, 6: false, 13: false} {
		if got := BadgeEligible(grade, s); got != want {
			t.Errorf("BadgeEligible(%d): got %v, want %v", grade, got, want)
		}
	}
	s.BadgeMaxGrade = 2
	if BadgeEligible(3, s) || !BadgeEligible(2, s) {
		t.Error("BadgeMaxGrade 2: want grade 2 eligible and 3 not")
	}
}

func TestSearchKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Peña", "pena"},
		{"PEÑA", "pena"},
		{"Zoe\u0308", "zoe"},
		{"Zoë", "zoe"},
		{"  Inés   María\tPeña ", "ines maria pena"},
		{"O’Brien", "o'brien"},
		{"Ødegård", "odegard"},
		{"Straße", "strasse"},
		{"Łukasz Đorđević", "lukasz dordevic"},
		{"ＡＢＣ", "abc"},
		{"ﬁona", "fiona"},
		{"José@Students.Example", "jose@students.example"},
		{"Ωmega", "Ωmega"},
		{"", ""},
	} {
		if got := SearchKey(tc.in); got != tc.want {
			t.Errorf("SearchKey(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStaffMaySchoolJob(t *testing.T) {
	own := StaffRelation{Exists: true, SameDistrict: true, SameSchool: true}
	sameDistrict := StaffRelation{Exists: true, SameDistrict: true}
	otherDistrict := StaffRelation{Exists: true}
	for _, tt := range []struct {
		role StaffRole
		rel  StaffRelation
		want StaffVerdict
	}{
		{RoleTeacher, own, StaffForbidden},
		{RoleTeacher, StaffRelation{}, StaffForbidden},
		{RoleSchoolAdmin, own, StaffAllowed},
		{RoleSchoolAdmin, sameDistrict, StaffHidden},
		{RoleSchoolAdmin, StaffRelation{}, StaffHidden},
		{RoleDistrictAdmin, sameDistrict, StaffAllowed},
		{RoleDistrictAdmin, otherDistrict, StaffHidden},
		{StaffRole("janitor"), own, StaffHidden},
	} {
		if got := StaffMaySchoolJob(tt.role, tt.rel); got != tt.want {
			t.Errorf("StaffMaySchoolJob(%s, %+v) = %s, want %s", tt.role, tt.rel, got, tt.want)
		}
	}
}

func TestMayExportStudentAccounts(t *testing.T) {
	for role, want := range map[StaffRole]bool{RoleDistrictAdmin: true, RoleSchoolAdmin: true, RoleTeacher: false, "": false} {
		if got := MayExportStudentAccounts(role); got != want {
			t.Errorf("MayExportStudentAccounts(%q): got %v, want %v", role, got, want)
		}
	}
}
