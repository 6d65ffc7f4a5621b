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

// Class is a row of classes.csv.
type Class struct {
	SourcedID string
	// Status is "active", "tobedeleted" or "".
	Status    string
	Title     string
	ClassCode string
	School    string
	Terms     []string
	row       int
}

// User is a row of users.csv.
type User struct {
	SourcedID string
	// Status is "active", "tobedeleted" or "" (a bulk file may leave it empty).
	Status     string
	Role       string
	Enabled    bool
	GivenName  string
	FamilyName string
	Username   string
	Identifier string
	Email      string
	// Grade is the portal's grade of a student (see GradeCodes); 0 for others.
	Grade int
	// BirthDate is demographics.csv's birthDate (YYYY-MM-DD), "" when the set has none.
	BirthDate string
	Orgs      []string
	Agents    []string
	row       int
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
		switch u.Role {
		case "teacher":
			c.Teachers++
		case "administrator":
			c.Administrators++
		case "student":
			c.Students++
		case "guardian", "parent", "relative":
			c.Guardians++
		}
	}
	return c
}
