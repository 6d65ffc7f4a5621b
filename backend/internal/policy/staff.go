package policy

import "time"

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

// FreshSecondFactor is how recent a staff member's second factor must be for bulk and
// district actions (a bulk reset, resetting another staff member's second factor): a
// session left open on a shared computer must not reach them without a new code.
const FreshSecondFactor = 5 * time.Minute

// SecondFactorFresh reports whether a second factor proven at provenAt (zero: never in this
// session) is fresh enough at now for a bulk or district action.
func SecondFactorFresh(provenAt, now time.Time) bool {
	return !provenAt.IsZero() && now.Sub(provenAt) < FreshSecondFactor
}
