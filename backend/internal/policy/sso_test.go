package policy

import "testing"

func TestMayManageSSO(t *testing.T) {
	for _, tc := range []struct {
		role StaffRole
		want bool
	}{{RoleTeacher, false}, {RoleSchoolAdmin, false}, {RoleDistrictAdmin, true}, {"", false}} {
		if got := MayManageSSO(tc.role); got != tc.want {
			t.Errorf("MayManageSSO(%q) = %v, want %v", tc.role, got, tc.want)
		}
	}
}

func TestSSOSecondFactorProven(t *testing.T) {
	if !SSOSecondFactorProven(false) {
		t.Error("got not proven without the district's rule, want the provider's second factor to count")
	}
	if SSOSecondFactorProven(true) {
		t.Error("got proven when the district requires the portal's second factor, want pending")
	}
}

func TestSSOEmailAllowed(t *testing.T) {
	for _, tc := range []struct {
		email, domain string
		want          bool
	}{
		{"ada@riverside.example", "riverside.example", true},
		{"ada@mail.riverside.example", "riverside.example", false},
		{"ada@riverside.example.evil", "riverside.example", false},
		{"ada@evilriverside.example", "riverside.example", false},
		{"riverside.example", "riverside.example", false},
		{"@riverside.example", "riverside.example", false},
		{"ada@riverside.example", "", false},
	} {
		if got := SSOEmailAllowed(tc.email, tc.domain); got != tc.want {
			t.Errorf("SSOEmailAllowed(%q, %q) = %v, want %v", tc.email, tc.domain, got, tc.want)
		}
	}
}
