package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// Shares of generated students, in percent.
const (
	spanishLocalePercent = 12 // family reads Spanish (locale "es")
	spanishNamesPercent  = 10 // Spanish names among the other families
	pinSetPercent        = 35 // of students old enough to self-reset
	questionsSetPercent  = 30 // of students old enough to self-reset
)

// namedSet holds the named sign-ins and the student the access code is for.
type namedSet struct {
	// students are placed in the class of their grade.
	students []Student
	// teachers are the named teachers by the grade of their class.
	teachers  map[int]Staff
	principal Staff
	// assistantPrincipal is the school admin of the secondary school.
	assistantPrincipal Staff
	districtAdmin      Staff
	guardian           Guardian
	codeStudent        Student
}

// namedAccounts returns the fixed accounts of the named sign-ins. Their student numbers,
// emails and dates of birth are drawn when they are placed.
func namedAccounts() namedSet {
	code := Student{
		Username: "amaraj5190", FirstName: "Amara", LastName: "Johnson", Grade: 4, Locale: "en",
	}
	return namedSet{
		students: []Student{
			{
				Username: "leoc6420", FirstName: "Leo", LastName: "Chen", Grade: 1, Locale: "en",
				Password: "HappyPanda52", Pictures: []string{"cat", "moon", "star"},
				Note: "Too young for self-reset (below grade 3): a guardian or the school resets the password.",
			},
			code,
			{
				Username: "sofiar3157", FirstName: "Sofía", LastName: "Ramírez", Grade: 5, Locale: "es",
				DefaultPassword: "MangoRocket38", MustChangePassword: true,
				Note: "School default password (Spanish-speaking family): must change it at first sign-in; her teacher can still view it.",
			},
			{
				Username: "mayag2024", FirstName: "Maya", LastName: "Gutierrez", Grade: 7, Locale: "en",
				Password: "Orchard-Lamp-73",
				Note:     "A fresh account with no PIN and no security questions: try setting them up.",
			},
			{
				Username: "danielo4821", FirstName: "Daniel", LastName: "Okafor", Grade: 10, Locale: "en",
				Password: "Harbor-Kite-58",
				HasPIN:   true, PIN: "418063",
				Questions: []Answer{
					{QuestionID: "first-pet", Answer: "Biscuit"},
					{QuestionID: "birth-city", Answer: "Houston"},
					{QuestionID: "oldest-cousin", Answer: "Chidinma"},
				},
				Note: "PIN and security questions set: try Forgot password with either.",
			},
		},
		teachers: map[int]Staff{
			5: {
				Role: RoleTeacher, Email: "praman@" + StaffEmailDomain, FirstName: "Priya", LastName: "Raman",
				Title: "Teacher", Password: staffPassword,
				Note: "Teacher of class 501 at P.S. 45: sees only that class, Sofía Ramírez's default password included.",
				// No authenticator: her first sign-in shows the enrolment.
			},
			8: {
				Role: RoleTeacher, Email: "tnguyen@" + StaffEmailDomain, FirstName: "Thomas", LastName: "Nguyen",
				Title: "Teacher", Password: staffPassword, TOTPSecret: "NGUYENDEMOTOTPSECRETRIVERSIDEHSA",
				Note: "Teacher of class 801 at Secondary School 390: sees only that class.",
			},
		},
		principal: Staff{
			Role: RoleSchoolAdmin, Email: "mwhitfield@" + StaffEmailDomain, FirstName: "Marcus", LastName: "Whitfield",
			Title: "Principal", Password: staffPassword, TOTPSecret: "WHITFIELDDEMOTOTPSECRETRIVERSIDE",
			Note: "Principal of P.S. 45 (pre-K to grade 5): the whole school.",
		},
		assistantPrincipal: Staff{
			Role: RoleSchoolAdmin, Email: "lortiz@" + StaffEmailDomain, FirstName: "Lucía", LastName: "Ortiz",
			Title: "Assistant Principal", Password: staffPassword, TOTPSecret: "ORTIZDEMOTOTPSECRETRIVERSIDEHSAP",
			Note: "Assistant principal of Secondary School 390 (grades 6 to 12): the whole school.",
		},
		districtAdmin: Staff{
			Role: RoleDistrictAdmin, Email: "hpark@" + StaffEmailDomain, FirstName: "Helen", LastName: "Park",
			Title: "Director of Student Information Systems", Password: staffPassword,
			TOTPSecret: "HPARKDEMOTOTPSECRETRIVERSIDEUSD2",
			Note:       "District administrator: both schools and default-password regeneration.",
		},
		guardian: Guardian{
			Email: "parent@family.example", Name: "Grace Johnson", Locale: "en",
			Password: guardianPassword, EmailVerified: true,
			Note: "Registered and verified, no child linked yet: link a child with one of the parent access codes below.",
		},
		codeStudent: code,
	}
}

// builder draws the generated people and keeps usernames, student numbers and staff
// emails unique.
type builder struct {
	r           *rand.Rand
	usernames   map[string]bool
	numbers     map[string]bool
	staffEmails map[string]bool
}

func newBuilder(r *rand.Rand) *builder {
	return &builder{
		r:           r,
		usernames:   make(map[string]bool),
		numbers:     make(map[string]bool),
		staffEmails: make(map[string]bool),
	}
}

// reserve marks the named accounts' usernames and emails as taken.
func (b *builder) reserve(n namedSet) {
	for _, st := range n.students {
		b.usernames[st.Username] = true
	}
	for _, t := range n.teachers {
		b.staffEmails[t.Email] = true
	}
	b.staffEmails[n.principal.Email] = true
	b.staffEmails[n.assistantPrincipal.Email] = true
	b.staffEmails[n.districtAdmin.Email] = true
}

// student returns a generated student of grade. Students old enough to self-reset may
// have a PIN or questions set, whose values nobody knows.
func (b *builder) student(grade int) Student {
	first, last, locale := b.pick(firstNames), b.pick(lastNames), "en"
	switch n := b.r.IntN(100); {
	case n < spanishLocalePercent:
		first, last, locale = b.pick(spanishFirstNames), b.pick(spanishLastNames), "es"
	case n < spanishLocalePercent+spanishNamesPercent:
		first, last = b.pick(spanishFirstNames), b.pick(spanishLastNames)
	}
	st := b.complete(Student{
		Username:  b.username(first, last),
		FirstName: first,
		LastName:  last,
		Grade:     grade,
		Locale:    locale,
	})
	if policy.CanSelfReset(grade, policy.DefaultSettings()) {
		st.HasPIN = b.r.IntN(100) < pinSetPercent
		if b.r.IntN(100) < questionsSetPercent {
			st.Questions = b.unknownAnswers()
		}
	}
	return st
}

// complete draws what a student still lacks: a student number (one a known PIN does not
// collide with), the school email and a date of birth matching the grade.
func (b *builder) complete(st Student) Student {
	st.Number = b.studentNumber()
	for st.PIN != "" && policy.CheckPIN(st.PIN, st.Number) != nil {
		st.Number = b.studentNumber()
	}
	st.Email = st.Username + "@" + StudentEmailDomain
	st.DateOfBirth = b.dateOfBirth(st.Grade + 5)
	return st
}

// unknownAnswers returns three different catalogue questions with answers nobody knows.
func (b *builder) unknownAnswers() []Answer {
	qs := policy.QuestionCatalogue()
	var as []Answer
	for _, i := range b.r.Perm(len(qs))[:policy.QuestionCount] {
		as = append(as, Answer{QuestionID: qs[i].ID})
	}
	return as
}

// staff returns a generated staff member of the given role and title.
func (b *builder) staff(role, title string) Staff {
	first, last := b.pick(firstNames), b.pick(lastNames)
	if b.r.IntN(100) < spanishNamesPercent {
		first, last = b.pick(spanishFirstNames), b.pick(spanishLastNames)
	}
	local := asciiLetters(first)[:1] + asciiLetters(last)
	email := local + "@" + StaffEmailDomain
	for n := 2; b.staffEmails[email]; n++ {
		email = fmt.Sprintf("%s%d@%s", local, n, StaffEmailDomain)
	}
	b.staffEmails[email] = true
	return Staff{Role: role, Email: email, FirstName: first, LastName: last, Title: title}
}

// username returns an unused username: the first name, the last initial and four digits,
// in lower-case ASCII ("johns1234").
func (b *builder) username(first, last string) string {
	stem := asciiLetters(first) + asciiLetters(last)[:1]
	for {
		u := fmt.Sprintf("%s%04d", stem, 1000+b.r.IntN(9000))
		if !b.usernames[u] {
			b.usernames[u] = true
			return u
		}
	}
}

// studentNumber returns an unused 9-digit student ID.
func (b *builder) studentNumber() string {
	for {
		n := fmt.Sprintf("%09d", 100_000_000+b.r.IntN(900_000_000))
		if !b.numbers[n] {
			b.numbers[n] = true
			return n
		}
	}
}

// dateOfBirth returns a date on which a child is age years old on SchoolYearStart.
func (b *builder) dateOfBirth(age int) time.Time {
	earliest := SchoolYearStart.AddDate(-age-1, 0, 1)
	latest := SchoolYearStart.AddDate(-age, 0, 0)
	days := int(latest.Sub(earliest).Hours() / 24)
	return earliest.AddDate(0, 0, b.r.IntN(days+1))
}

func (b *builder) pick(names []string) string {
	return names[b.r.IntN(len(names))]
}

// asciiLetters returns the lower-case ASCII letters of s with accents removed:
// "Ramírez" gives "ramirez", "O'Brien" gives "obrien".
func asciiLetters(s string) string {
	var out strings.Builder
	for _, c := range norm.NFD.String(strings.ToLower(s)) {
		if c >= 'a' && c <= 'z' {
			out.WriteRune(c)
		}
	}
	return out.String()
}

// ageOn returns how old a person born on dob is on day.
func ageOn(dob, day time.Time) int {
	age := day.Year() - dob.Year()
	if day.Month() < dob.Month() || (day.Month() == dob.Month() && day.Day() < dob.Day()) {
		age--
	}
	return age
}

func classNumber(grade int) string {
	switch grade {
	case -1:
		return "P01"
	case 0:
		return "K01"
	}
	return fmt.Sprintf("%d01", grade)
}

func gradeName(grade int) string {
	switch grade {
	case -1:
		return "Pre-K"
	case 0:
		return "Kindergarten"
	}
	return fmt.Sprintf("Grade %d", grade)
}
