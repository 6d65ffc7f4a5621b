package policy

import "testing"

func TestMayManageDirectory(t *testing.T) {
	for role, want := range map[StaffRole]bool{RoleDistrictAdmin: true, RoleSchoolAdmin: false, RoleTeacher: false, "": false} {
		if got := MayManageDirectory(role); got != want {
			t.Errorf("MayManageDirectory(%q): got %v, want %v", role, got, want)
		}
	}
}
