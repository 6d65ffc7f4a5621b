package demo

import (
	"math/rand/v2"
	"time"
)

// Staff roles, as the schema stores them.
const (
	RoleTeacher       = "teacher"
	RoleSchoolAdmin   = "school_admin"
	RoleDistrictAdmin = "district_admin"
)

// Email domains of the demo district. The .example TLD is reserved, so no demo email can
// reach a real mailbox.
const (
	StudentEmailDomain = "students.riverside.example"
	StaffEmailDomain   = "riverside.example"
)

// SchoolYearStart is the day ages are measured on: a student in grade g is g+5 years old
// on it (kindergarten 5, grade 12 17), except the few grade-12 students who are already
// adults.
var SchoolYearStart = time.Date(2026, time.September, 1, 0, 0, 0, 0, time.UTC)

// District is the demo data set: a district with its schools, district administrators,
// guardians and parent access codes.
type District struct {
	PSUCode string
	Name    string
	Schools []School
	// Admins are the district administrators (role district_admin).
	Admins      []Staff
	Guardians   []Guardian
	AccessCodes []AccessCode
}

// School is a school of the district with its administrators and classes.
type School struct {
	CampusCode  string
	DisplayCode string
	Name        string
	Contact     string
	// Admins are the school administrators (role school_admin).
	Admins  []Staff
	Classes []Class
}

// Class is an official class with its teacher and the students enrolled in it. Every
// student of the demo is enrolled in exactly one class.
type Class struct {
	Number   string
	Name     string
	Teacher  Staff
	Students []Student
	// PictureCode is the class's picture-sign-in code (empty when none): the class of a
	// named student with a picture password has one.
	PictureCode string
}

// Staff is a staff account.
type Staff struct {
	Role      string
	Email     string
	FirstName string
	LastName  string
	Title     string
	// Password is the fixed password of a named sign-in. It is empty for the other staff,
	// whose password nobody knows.
	Password string
	// Note is non-empty for a named sign-in and says what to try with it.
	Note string
	// TOTPSecret is the authenticator secret (base32) a named staff sign-in has enrolled
	// already, printed so a person can add it to an app; empty enrols at the first sign-in.
	// Only the demo seeder stores it, and the demo seeder runs only in demo mode.
	TOTPSecret string
}

// Student is a student account.
type Student struct {
	Number      string
	Username    string
	Email       string
	FirstName   string
	LastName    string
	Grade       int
	DateOfBirth time.Time
	Locale      string
	// Password is a password the student chose, stored as a hash. When it is empty the
	// student still has a school default password: DefaultPassword for a named sign-in, or
	// one the seeder generates.
	Password        string
	DefaultPassword string
	// MustChangePassword sends the student to the change screen at sign-in.
	MustChangePassword bool
	// HasPIN reports whether a recovery PIN is set; PIN is its value for a named sign-in
	// and empty when nobody knows it.
	HasPIN bool
	PIN    string
	// Questions are the security questions set, in position order, or nil when none are.
	// An empty Answer is one nobody knows.
	Questions []Answer
	// Pictures is the student's picture password, the picture ids in order; nil when none.
	Pictures []string
	// Note is non-empty for a named sign-in and says what to try with it.
	Note string
}

// Answer is a chosen security question and its answer.
type Answer struct {
	QuestionID string
	Answer     string
}

// Guardian is a family portal account.
type Guardian struct {
	Email         string
	Name          string
	Locale        string
	Password      string
	EmailVerified bool
	Note          string
}

// AccessCode is a parent access code the school gave a family for a student.
type AccessCode struct {
	StudentNumber string
	Code          string
	// ValidFor is how long after seeding the code expires; negative for a code that has
	// expired already.
	ValidFor time.Duration
	// Note says what the code is there to show.
	Note string
}

// Fixed secrets of the named sign-ins. They pass the password rules for their accounts
// (the package tests check it) and are printed by `make run`.
const (
	staffPassword    = "Staff-Demo-2026x"
	guardianPassword = "Family-Demo-2026x"
	accessCodeDays   = 60
	// demoPictureCode is the picture-sign-in code of the class of the named student with
	// pictures (badge-code alphabet).
	demoPictureCode = "HAPPY234"
)

// schoolPlan says which grades a school teaches, one official class each.
type schoolPlan struct {
	school School
	grades []int
}

// studentsInGrade is the size of a grade: 300 students in all.
func studentsInGrade(grade int) int {
	if grade <= 4 {
		return 22
	}
	return 21
}

// Build returns the demo district. Names, numbers and dates come from r, so a fixed seed
// gives the same district every time; the named sign-ins and their secrets are fixed.
func Build(r *rand.Rand) District {
	b := newBuilder(r)
	named := namedAccounts()
	b.reserve(named)

	plans := []schoolPlan{
		{
			school: School{
				CampusCode:  "17K045",
				DisplayCode: "K045",
				Name:        "P.S. 45 Riverside Elementary",
				Contact:     "(212) 555-0145, office@ps45.riverside.example",
				Admins:      []Staff{named.principal},
			},
			grades: []int{-1, 0, 1, 2, 3, 4, 5},
		},
		{
			school: School{
				CampusCode:  "17X390",
				DisplayCode: "X390",
				Name:        "Riverside Secondary School 390",
				Contact:     "(212) 555-0190, office@hs390.riverside.example",
				Admins:      []Staff{named.assistantPrincipal},
			},
			grades: []int{6, 7, 8, 9, 10, 11, 12},
		},
	}

	d := District{
		PSUCode:   "317",
		Name:      "Riverside Unified School District",
		Admins:    []Staff{named.districtAdmin},
		Guardians: []Guardian{named.guardian},
	}
	for _, p := range plans {
		s := p.school
		for _, g := range p.grades {
			s.Classes = append(s.Classes, b.class(g, named))
		}
		d.Schools = append(d.Schools, s)
	}
	d.AccessCodes = d.demoAccessCodes(named)
	return d
}

// demoAccessCodes returns the parent access codes to try: two that link, one that has
// expired, and one for a student who is 18 already.
func (d District) demoAccessCodes(named namedSet) []AccessCode {
	byUsername := func(username string) string {
		return d.findStudent(func(st Student) bool { return st.Username == username }).Number
	}
	valid := accessCodeDays * 24 * time.Hour
	adult := d.findStudent(func(st Student) bool {
		return st.Grade == 12 && !st.DateOfBirth.AddDate(18, 0, 0).After(SchoolYearStart)
	})
	return []AccessCode{
		{StudentNumber: byUsername(named.codeStudent.Username), Code: "RVRK-7P9Q-X2MH", ValidFor: valid,
			Note: "links the child to the demo guardian"},
		{StudentNumber: byUsername("leoc6420"), Code: "KEPC-4HMT-8ZQW", ValidFor: valid,
			Note: "a young child: link him, then reset his password with a generated one"},
		{StudentNumber: byUsername("mayag2024"), Code: "EXPR-D2WN-6KTB", ValidFor: -24 * time.Hour,
			Note: "expired yesterday: shows the expired-code refusal"},
		{StudentNumber: adult.Number, Code: "ADRT-5QRS-9VNH", ValidFor: valid,
			Note: "the student is 18: shows that an adult cannot be linked"},
	}
}

// class returns the official class of grade: its teacher, the named students of the grade
// and generated ones up to the grade's size. The first two generated grade-12 students are
// adults already.
func (b *builder) class(grade int, named namedSet) Class {
	c := Class{Number: classNumber(grade), Name: gradeName(grade)}
	if t, ok := named.teachers[grade]; ok {
		c.Teacher = t
	} else {
		c.Teacher = b.staff(RoleTeacher, "Teacher")
	}
	for _, st := range named.students {
		if st.Grade == grade {
			c.Students = append(c.Students, b.complete(st))
			if st.Pictures != nil {
				c.PictureCode = demoPictureCode
			}
		}
	}
	adults := 0
	for len(c.Students) < studentsInGrade(grade) {
		st := b.student(grade)
		if grade == 12 && adults < 2 {
			st.DateOfBirth = b.dateOfBirth(18)
			adults++
		}
		c.Students = append(c.Students, st)
	}
	return c
}

// findStudent returns the first student match accepts, or the zero Student.
func (d District) findStudent(match func(Student) bool) Student {
	for _, s := range d.Schools {
		for _, c := range s.Classes {
			for _, st := range c.Students {
				if match(st) {
					return st
				}
			}
		}
	}
	return Student{}
}
