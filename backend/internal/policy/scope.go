package policy

// StaffAction is something a staff member does for one student.
type StaffAction string

// Staff actions on a student.
const (
	// StaffView finds the student in a search and opens the student's page.
	StaffView StaffAction = "view"
	// StaffResetPassword sets a typed or generated password.
	StaffResetPassword StaffAction = "reset_password"
	// StaffViewSchoolPassword shows the student's school-issued (default) password.
	StaffViewSchoolPassword StaffAction = "view_school_password"
	// StaffUnlock opens a locked or disabled recovery path and clears the sign-in throttle.
	StaffUnlock StaffAction = "unlock"
	// StaffIssueAccessCode issues a parent access code for a family letter.
	StaffIssueAccessCode StaffAction = "issue_access_code"
	// StaffReadAudit reads the student's audit trail.
	StaffReadAudit StaffAction = "read_audit"
	// StaffIssueBadge issues, reissues or revokes the student's QR sign-in badge.
	StaffIssueBadge StaffAction = "issue_badge"
	// StaffSetPictures sets, removes or unlocks the student's picture password: the other
	// young students' sign-in, allowed wherever a badge is.
	StaffSetPictures StaffAction = "set_pictures"
)

// StudentActions are the actions a student's page offers, in the order it lists them.
var StudentActions = []StaffAction{StaffResetPassword, StaffViewSchoolPassword, StaffUnlock, StaffIssueAccessCode}

// StaffRelation is where a student stands to a staff member, as the database finds it.
type StaffRelation struct {
	// Exists is false when no student has the id asked for.
	Exists bool
	// SameDistrict: the student's school belongs to the staff member's district.
	SameDistrict bool
	// SameSchool: the student attends the staff member's school.
	SameSchool bool
	// InClass: the student is enrolled in one of the staff member's official classes.
	InClass bool
}

// StaffVerdict is the policy's answer to "may this staff member do this to this student".
type StaffVerdict int

// Verdicts. The zero value is no verdict and allows nothing.
const (
	// StaffAllowed: go ahead.
	StaffAllowed StaffVerdict = iota + 1
	// StaffHidden: the student is outside the staff member's scope and must look exactly
	// like a student who does not exist (404), so a guess tells nothing.
	StaffHidden
	// StaffForbidden: the staff member sees the student but this role may not do this
	// (403).
	StaffForbidden
)

// String returns "allowed", "hidden" or "forbidden".
func (v StaffVerdict) String() string {
	switch v {
	case StaffAllowed:
		return "allowed"
	case StaffHidden:
		return "hidden"
	case StaffForbidden:
		return "forbidden"
	default:
		return "none"
	}
}

// InScope reports whether a student with relation rel is in the scope of role: a teacher's
// students are those enrolled in the teacher's official classes (of the teacher's district),
// a school admin's those of the school, a district admin's those of the district. An unknown
// role has no scope.
func InScope(role StaffRole, rel StaffRelation) bool {
	if !rel.Exists || !rel.SameDistrict {
		return false
	}
	switch role {
	case RoleTeacher:
		return rel.InClass
	case RoleSchoolAdmin:
		return rel.SameSchool
	case RoleDistrictAdmin:
		return true
	default:
		return false
	}
}

// StaffMay answers whether a staff member of role may do action for a student with relation
// rel. Outside the scope the answer is StaffHidden, whatever the action, so the answer never
// depends on the student's existence. Inside it, every role may view, reset, show the
// school-issued password, unlock and read the audit trail: a student locked out in class
// needs the adult in the room. Issuing a parent access code is for school and district
// admins only: the code hands a family rights over the child's account, so the school
// office, which knows who the guardians are, decides. An unknown action is forbidden.
func StaffMay(role StaffRole, rel StaffRelation, action StaffAction) StaffVerdict {
	if !InScope(role, rel) {
		return StaffHidden
	}
	switch action {
	case StaffView, StaffResetPassword, StaffViewSchoolPassword, StaffUnlock, StaffReadAudit:
		return StaffAllowed
	case StaffIssueBadge, StaffSetPictures:
		// Badges and pictures are for the classroom: the teacher who hands the cards out
		// issues them.
		return StaffAllowed
	case StaffIssueAccessCode:
		if role == RoleSchoolAdmin || role == RoleDistrictAdmin {
			return StaffAllowed
		}
		return StaffForbidden
	default:
		return StaffForbidden
	}
}

// AllowedStudentActions lists the actions of a student's page that role may do for a
// student with relation rel, in the order of StudentActions, then StaffIssueBadge and
// StaffSetPictures when the student is in the badge grades (badgeEligible): a badge or
// picture password is only offered where it works.
func AllowedStudentActions(role StaffRole, rel StaffRelation, badgeEligible bool) []StaffAction {
	var out []StaffAction
	for _, a := range StudentActions {
		if StaffMay(role, rel, a) == StaffAllowed {
			out = append(out, a)
		}
	}
	if badgeEligible && StaffMay(role, rel, StaffIssueBadge) == StaffAllowed {
		out = append(out, StaffIssueBadge, StaffSetPictures)
	}
	return out
}

// StaffMaySchoolJob answers whether a staff member of role may run a grade or school job
// (a reset or access codes) on a school with relation rel (SameSchool: the member's own
// school; InClass does not apply). A teacher is forbidden, wherever the school: a teacher's
// tools stop at the teacher's classes, and the answer depends on the role alone, so it
// tells nothing about the school. An admin's school outside the scope is StaffHidden, as
// one that does not exist.
func StaffMaySchoolJob(role StaffRole, rel StaffRelation) StaffVerdict {
	if role == RoleTeacher {
		return StaffForbidden
	}
	rel.InClass = false
	if !InScope(role, rel) {
		return StaffHidden
	}
	return StaffAllowed
}

// MayExportStudentAccounts reports whether a staff member of role may download a school's
// Student Accounts report (every student's username and unused default password): school
// and district admins, who hand passwords out for a whole school; a teacher's tools stop
// at the teacher's classes, where the student's own page shows an unused default. Which
// school is the scope's question (InScope), asked after this one.
func MayExportStudentAccounts(role StaffRole) bool {
	return role == RoleSchoolAdmin || role == RoleDistrictAdmin
}
