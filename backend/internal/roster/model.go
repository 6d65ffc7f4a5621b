package roster

// Set is the validated content of a OneRoster set, reduced to what the portal imports.
type Set struct {
	// District is the index in Orgs of the org of type district, -1 when none.
	District int
	Orgs     []Org
	Sessions []Session
	Classes  []Class
	Users    []User
	// Enrollments are pairs of indexes into Classes and Users.
	Enrollments []Enrollment
}

// Org is a row of orgs.csv.
type Org struct {
	SourcedID  string
	Name       string
	Type       string
	Identifier string
	Parent     string
	row        int
}

// Session is a row of academicSessions.csv.
type Session struct {
	SourcedID string
	Title     string
	Type      string
	row       int
}

// Class is a row of classes.csv, reduced to what the import uses. A set holds a class in
// 64 bytes and one arena string (see User).
type Class struct {
	SourcedID string
	Title     string
	ClassCode string
	// School is the index in Set.Orgs of the class's school (schoolSourcedId).
	School int32
	row    int32
	// ToBeDeleted is a status of tobedeleted: a class that ended.
	ToBeDeleted bool
}

// User is a row of users.csv, reduced to what the import uses. A district has a million of
// them, so a user is compact: 112 bytes, and its values stored one after the other in a
// shared arena (strings of 64 KiB chunks, see arena) rather than as ten separate strings;
// a user's given name, family name, identifier and email are read through methods.
type User struct {
	SourcedID string
	Username  string
	// BirthDate is demographics.csv's birthDate (YYYY-MM-DD), "" when the set has none.
	BirthDate string
	// Agents are agentSourcedIds (a student's guardians, a guardian's children).
	Agents []string
	// text is the given name, family name, identifier and email, one after the other;
	// ends are where the first three end.
	text string
	ends [3]uint32
	// School is the index in Set.Orgs of the first of the user's orgs that is a school, -1
	// when none is.
	School int32
	row    int32
	// Grade is the portal's grade of a student (see GradeCodes); 0 for others.
	Grade int8
	Role  UserRole
	// ToBeDeleted is a status of tobedeleted: a person who left (a bulk file may leave the
	// status empty, which is active).
	ToBeDeleted bool
	Enabled     bool
}

// GivenName is the user's givenName.
func (u *User) GivenName() string { return u.text[:u.ends[0]] }

// FamilyName is the user's familyName.
func (u *User) FamilyName() string { return u.text[u.ends[0]:u.ends[1]] }

// Identifier is the user's identifier (a student's student number).
func (u *User) Identifier() string { return u.text[u.ends[1]:u.ends[2]] }

// Email is the user's email.
func (u *User) Email() string { return u.text[u.ends[2]:] }

// UserRole is the role of a user, one of OneRoster 1.1's.
type UserRole uint8

// User roles of OneRoster 1.1 (RoleNone: a role that is not one, reported by the check).
const (
	RoleNone UserRole = iota
	RoleAdministrator
	RoleAide
	RoleGuardian
	RoleParent
	RoleProctor
	RoleRelative
	RoleStudent
	RoleTeacher
)

var userRoleNames = [...]string{"", "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"}

var userRoleOf = func() map[string]UserRole {
	m := make(map[string]UserRole, len(userRoleNames))
	for i, name := range userRoleNames {
		m[name] = UserRole(i)
	}
	return m
}()

func (r UserRole) String() string {
	if int(r) < len(userRoleNames) {
		return userRoleNames[r]
	}
	return "unknown"
}

// Family reports whether the role is a guardian's: guardian, parent or relative.
func (r UserRole) Family() bool {
	return r == RoleGuardian || r == RoleParent || r == RoleRelative
}

// Enrollment is a row of enrollments.csv as indexes into Set.Classes and Set.Users: 12
// bytes, because a district has six enrolments a student.
type Enrollment struct {
	Class, User int32
	Role        EnrollmentRole
}

// EnrollmentRole is the role of an enrolment.
type EnrollmentRole uint8

// Enrolment roles of OneRoster 1.1.
const (
	EnrolStudent EnrollmentRole = iota + 1
	EnrolTeacher
	EnrolAdministrator
	EnrolProctor
)

var enrolRoleOf = map[string]EnrollmentRole{
	"student": EnrolStudent, "teacher": EnrolTeacher, "administrator": EnrolAdministrator, "proctor": EnrolProctor,
}

func (r EnrollmentRole) String() string {
	for name, role := range enrolRoleOf {
		if role == r {
			return name
		}
	}
	return "unknown"
}

// Counts are what a set holds, in the portal's words.
type Counts struct {
	Schools, Classes, Teachers, Administrators, Students, Guardians, Enrollments int
}

// Counts counts the schools, classes, people by role and enrolments of the set. Guardians
// are the users of role guardian, parent or relative.
func (s *Set) Counts() Counts {
	c := Counts{Classes: len(s.Classes), Enrollments: len(s.Enrollments)}
	for _, o := range s.Orgs {
		if o.Type == "school" {
			c.Schools++
		}
	}
	for _, u := range s.Users {
		switch {
		case u.Role == RoleTeacher:
			c.Teachers++
		case u.Role == RoleAdministrator:
			c.Administrators++
		case u.Role == RoleStudent:
			c.Students++
		case u.Role.Family():
			c.Guardians++
		}
	}
	return c
}
