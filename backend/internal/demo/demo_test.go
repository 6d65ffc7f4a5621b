package demo

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/policy"
)

func build() District {
	return Build(rand.New(rand.NewPCG(2026, 317)))
}

func TestDemoIsReproducible(t *testing.T) {
	if diff := cmp.Diff(build(), build()); diff != "" {
		t.Errorf("Build with the same seed differs (-first +second):\n%s", diff)
	}
}

func TestDemoIdentifiersAreUnique(t *testing.T) {
	d := build()
	usernameRE := regexp.MustCompile(`^[a-z]+[0-9]{4}$`)
	numberRE := regexp.MustCompile(`^[0-9]{9}$`)
	campusRE := regexp.MustCompile(`^[A-Za-z0-9]{6}$`)

	seen := make(map[string]string)
	unique := func(kind, v string) {
		t.Helper()
		key := kind + ":" + strings.ToLower(v)
		if _, dup := seen[key]; dup {
			t.Errorf("%s %q appears twice", kind, v)
		}
		seen[key] = v
	}
	students := 0
	for _, sc := range d.Schools {
		unique("campus code", sc.CampusCode)
		if !campusRE.MatchString(sc.CampusCode) {
			t.Errorf("campus code %q is not 6 alphanumeric characters", sc.CampusCode)
		}
		for _, a := range sc.Admins {
			unique("staff email", a.Email)
		}
		for _, c := range sc.Classes {
			unique("class "+sc.CampusCode, c.Number)
			unique("staff email", c.Teacher.Email)
			for _, st := range c.Students {
				students++
				unique("student number", st.Number)
				unique("username", st.Username)
				unique("email", st.Email)
				if !numberRE.MatchString(st.Number) {
					t.Errorf("student number %q is not 9 digits", st.Number)
				}
				if !usernameRE.MatchString(st.Username) {
					t.Errorf("username %q is not lower-case letters and 4 digits", st.Username)
				}
				if want := st.Username + "@" + StudentEmailDomain; st.Email != want {
					t.Errorf("email of %s = %q, want %q", st.Username, st.Email, want)
				}
				if st.Locale != "en" && st.Locale != "es" {
					t.Errorf("locale of %s = %q, want en or es", st.Username, st.Locale)
				}
			}
		}
	}
	for _, a := range d.Admins {
		unique("staff email", a.Email)
	}
	if students < 250 || students > 350 {
		t.Errorf("got %d students, want about 300", students)
	}
	if len(d.Schools) != 2 {
		t.Errorf("got %d schools, want 2", len(d.Schools))
	}
}

func TestDemoAgesMatchGrades(t *testing.T) {
	d := build()
	grades := make(map[int]int)
	adults := 0
	for _, sc := range d.Schools {
		for _, c := range sc.Classes {
			for _, st := range c.Students {
				grades[st.Grade]++
				age := ageOn(st.DateOfBirth, SchoolYearStart)
				switch {
				case age == st.Grade+5:
				case st.Grade == 12 && age == 18:
					adults++
				default:
					t.Errorf("%s in grade %d is %d on %s, want %d",
						st.Username, st.Grade, age, SchoolYearStart.Format("2006-01-02"), st.Grade+5)
				}
				if c.Name != gradeName(st.Grade) {
					t.Errorf("%s in grade %d is enrolled in %q", st.Username, st.Grade, c.Name)
				}
			}
		}
	}
	for g := -1; g <= 12; g++ {
		if grades[g] == 0 {
			t.Errorf("no student in grade %d", g)
		}
	}
	if adults < 2 {
		t.Errorf("got %d grade-12 students of 18, want at least 2", adults)
	}
}

func TestDemoNamedSecretsPassThePolicy(t *testing.T) {
	d := build()
	for _, sc := range d.Schools {
		for _, c := range sc.Classes {
			for _, st := range c.Students {
				for _, pw := range []string{st.Password, st.DefaultPassword} {
					if pw == "" {
						continue
					}
					if vs := policy.CheckPassword(policy.PasswordCandidate{
						Password: pw, Username: st.Username, Names: []string{st.FirstName, st.LastName},
					}); vs != nil {
						t.Errorf("password of %s: %v", st.Username, vs)
					}
				}
				if st.PIN != "" {
					if vs := policy.CheckPIN(st.PIN, st.Number); vs != nil {
						t.Errorf("PIN of %s: %v", st.Username, vs)
					}
				}
				var answers []policy.AnswerInput
				for _, a := range st.Questions {
					answers = append(answers, policy.AnswerInput{QuestionID: a.QuestionID, Answer: a.Answer})
				}
				if len(answers) > 0 && answers[0].Answer != "" {
					if vs := policy.CheckQuestions(answers, policy.QuestionContext{
						Username: st.Username, Names: []string{st.FirstName, st.LastName}, Password: st.Password,
					}); vs != nil {
						t.Errorf("answers of %s: %v", st.Username, vs)
					}
				}
				if (st.HasPIN || st.Questions != nil) && !policy.CanSelfReset(st.Grade, policy.DefaultSettings()) {
					t.Errorf("%s in grade %d has recovery set but may not self-reset", st.Username, st.Grade)
				}
			}
		}
	}
	for _, s := range d.staff() {
		if s.Password == "" {
			continue
		}
		if vs := policy.CheckPassword(policy.PasswordCandidate{
			Password: s.Password, Username: s.Email, Names: []string{s.FirstName, s.LastName},
		}); vs != nil {
			t.Errorf("password of %s: %v", s.Email, vs)
		}
	}
	for _, g := range d.Guardians {
		if vs := policy.CheckPassword(policy.PasswordCandidate{
			Password: g.Password, Username: g.Email, Names: []string{g.Name},
		}); vs != nil {
			t.Errorf("password of %s: %v", g.Email, vs)
		}
	}
}

func TestDemoSignIns(t *testing.T) {
	d := build()
	roles := make(map[string]int)
	for _, s := range d.SignIns() {
		roles[s.Role]++
		if s.Login == "" || s.Password == "" || s.Note == "" {
			t.Errorf("incomplete sign-in %+v", s)
		}
	}
	want := map[string]int{
		"student": 4, "pictures": 1, RoleTeacher: 2, RoleSchoolAdmin: 2, RoleDistrictAdmin: 1, "guardian": 1, "access code": 4,
	}
	if diff := cmp.Diff(want, roles); diff != "" {
		t.Errorf("sign-ins by role (-want +got):\n%s", diff)
	}
	// Both schools have a printed teacher and school admin, so every role can be tried in each.
	for _, sc := range d.Schools {
		var teacher, admin bool
		for _, c := range sc.Classes {
			teacher = teacher || c.Teacher.Note != ""
		}
		for _, a := range sc.Admins {
			admin = admin || a.Note != ""
		}
		if !teacher || !admin {
			t.Errorf("%s: printed teacher %v, printed school admin %v; want both", sc.Name, teacher, admin)
		}
	}

	// Each code shows one thing: two link (grade 4, and a young child), one has expired, and
	// one is for an adult; every code is in the canonical form a guardian types.
	type codeFacts struct {
		Grade   int
		Expired bool
		Adult   bool
	}
	var got []codeFacts
	for _, ac := range d.AccessCodes {
		st := d.findStudent(func(st Student) bool { return st.Number == ac.StudentNumber })
		if st.Number == "" {
			t.Fatalf("access code %s is for unknown student %s", ac.Code, ac.StudentNumber)
		}
		if _, _, vs := policy.NormalizeLinkInput(ac.StudentNumber, ac.Code); vs != nil {
			t.Errorf("access code %s: %v", ac.Code, vs)
		}
		got = append(got, codeFacts{Grade: st.Grade, Expired: ac.ValidFor < 0,
			Adult: policy.IsAdult(st.DateOfBirth, SchoolYearStart, policy.DefaultSettings())})
	}
	wantCodes := []codeFacts{{Grade: 4}, {Grade: 1}, {Grade: 7, Expired: true}, {Grade: 12, Adult: true}}
	if diff := cmp.Diff(wantCodes, got); diff != "" {
		t.Errorf("access codes (-want +got):\n%s", diff)
	}
}

// staff returns every staff member of d.
func (d District) staff() []Staff {
	all := append([]Staff(nil), d.Admins...)
	for _, sc := range d.Schools {
		all = append(all, sc.Admins...)
		for _, c := range sc.Classes {
			all = append(all, c.Teacher)
		}
	}
	return all
}
