package policy

import "time"

// RosterDraftLifetime is how long a roster import's dry run can be applied: its counts were
// taken against the district as it was, and the uploaded zip is kept only that long.
const RosterDraftLifetime = 30 * time.Minute

// MayImportRoster reports whether a staff member of role may upload a OneRoster set, apply
// it and see the district's imports: district admins only (an upload and an apply also need
// a fresh second factor, SecondFactorFresh), since an import adds, changes and retires
// people of every school.
func MayImportRoster(role StaffRole) bool { return role == RoleDistrictAdmin }

// RosterDraftUsable reports whether a dry run's draft created at created may still be
// applied at now.
func RosterDraftUsable(created, now time.Time) bool {
	return !now.After(created.Add(RosterDraftLifetime))
}

// EstimatedDateOfBirth is the date of birth the portal gives a rostered student when the
// roster has none (no demographics.csv): the earliest birth date of a student in grade on
// track, i.e. the first day of a school year (1 September) grade + 6 years before the
// school year in progress at now. So a first grader in the school year 2026-27 is taken
// as born 1 September 2019.
//
// The estimate errs old on purpose: a student is an adult (IsAdult), and guardians lose
// their rights over the account, as soon as any student of their grade could be one. A
// real 17-year-old senior taken for 18 keeps their parents out a little early; a real
// 18-year-old taken for 17 would have them in, and that is the mistake the portal must not
// make. Ungraded students (GradeUngraded) have no grade to go by and are taken as adults
// (18 years before now).
func EstimatedDateOfBirth(grade int, now time.Time) time.Time {
	if grade == GradeUngraded {
		y, m, d := now.Date()
		return time.Date(y-18, m, d, 0, 0, 0, 0, time.UTC)
	}
	year := now.Year()
	if now.Month() < time.September {
		year-- // the school year in progress started last September
	}
	return time.Date(year-grade-6, time.September, 1, 0, 0, 0, 0, time.UTC)
}

// RosterStaffRole is the portal's staff role of a roster user of role (OneRoster's
// users.csv role) who belongs to a school (atSchool) or to the district only: a teacher
// teaches at their school; an administrator of a school is its school admin, one of the
// district only is a district admin. Other roles are no staff (false).
func RosterStaffRole(role string, atSchool bool) (StaffRole, bool) {
	switch {
	case role == "teacher":
		return RoleTeacher, true
	case role == "administrator" && atSchool:
		return RoleSchoolAdmin, true
	case role == "administrator":
		return RoleDistrictAdmin, true
	}
	return "", false
}
