package policy

// StaffRole is a staff member's role, which fixes the scope of what they may do.
type StaffRole string

// Staff roles.
const (
	// RoleTeacher acts for the students of the teacher's official classes.
	RoleTeacher StaffRole = "teacher"
	// RoleSchoolAdmin (point of contact, principal, assistant principal, lead teacher) acts
	// for the students of the school.
	RoleSchoolAdmin StaffRole = "school_admin"
	// RoleDistrictAdmin acts for every student of the district.
	RoleDistrictAdmin StaffRole = "district_admin"
)
