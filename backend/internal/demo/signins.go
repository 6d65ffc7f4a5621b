package demo

import (
	"fmt"
	"strings"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// SignIn is a named demo sign-in as `make run` prints it.
type SignIn struct {
	// Role is "student", "pictures", a staff role, "guardian" or "access code".
	Role string
	// Login is what goes in the sign-in form's first field: a username or an email. For an
	// access code it is the student ID the guardian types; for pictures the username.
	Login string
	// Password is the password, the code for an access code, or the pictures in order.
	Password string
	Note     string
	// TOTPSecret is a staff sign-in's enrolled authenticator secret, if any.
	TOTPSecret string
}

// SignIns returns the named demo sign-ins: students, then staff, the guardian and the
// parent access code.
func (d District) SignIns() []SignIn {
	var students, staff []SignIn
	addStaff := func(s Staff) {
		if s.Note == "" {
			return
		}
		second := " Second step: enrols an authenticator app at first sign-in (scan the QR code)."
		if s.TOTPSecret != "" {
			second = " Second step: TOTP secret " + s.TOTPSecret + " (add it to an authenticator app)."
		}
		staff = append(staff, SignIn{Role: s.Role, Login: s.Email, Password: s.Password, Note: s.Note + second, TOTPSecret: s.TOTPSecret})
	}
	for _, sc := range d.Schools {
		for _, c := range sc.Classes {
			addStaff(c.Teacher)
			for _, st := range c.Students {
				if st.Note != "" {
					students = append(students, studentSignIn(sc, c, st))
				}
				if st.Note != "" && st.Pictures != nil {
					students = append(students, picturesSignIn(c, st))
				}
			}
		}
	}
	for _, sc := range d.Schools {
		for _, a := range sc.Admins {
			addStaff(a)
		}
	}
	for _, a := range d.Admins {
		addStaff(a)
	}

	out := append(students, staff...)
	for _, g := range d.Guardians {
		if g.Note != "" {
			out = append(out, SignIn{Role: "guardian", Login: g.Email, Password: g.Password, Note: g.Note})
		}
	}
	for _, ac := range d.AccessCodes {
		st := d.findStudent(func(st Student) bool { return st.Number == ac.StudentNumber })
		out = append(out, SignIn{
			Role:     "access code",
			Login:    ac.StudentNumber,
			Password: ac.Code,
			Note: fmt.Sprintf("Parent access code for %s %s (grade %d, student ID %s): %s.",
				st.FirstName, st.LastName, st.Grade, ac.StudentNumber, ac.Note),
		})
	}
	return out
}

// studentSignIn describes a named student: where they are, the note, and the PIN and
// answers when they are known.
func studentSignIn(sc School, c Class, st Student) SignIn {
	password := st.Password
	if password == "" {
		password = st.DefaultPassword
	}
	var note strings.Builder
	fmt.Fprintf(&note, "%s, class %s at %s. %s", gradeName(st.Grade), c.Number, sc.Name, st.Note)
	if st.PIN != "" {
		fmt.Fprintf(&note, " PIN %s.", st.PIN)
	}
	if len(st.Questions) > 0 && st.Questions[0].Answer != "" {
		note.WriteString(" Answers:")
		for i, a := range st.Questions {
			q, _ := policy.LookupQuestion(a.QuestionID)
			sep := ";"
			if i == len(st.Questions)-1 {
				sep = "."
			}
			fmt.Fprintf(&note, " %q %s%s", q.EN, a.Answer, sep)
		}
	}
	return SignIn{Role: "student", Login: st.Username, Password: password, Note: note.String()}
}

// picturesSignIn describes a named student's picture password: the class page's address
// and what to tap there.
func picturesSignIn(c Class, st Student) SignIn {
	pictures := strings.Join(st.Pictures, ", ")
	initial := ""
	if r := []rune(st.LastName); len(r) > 0 {
		initial = " " + string(r[0]) + "."
	}
	return SignIn{Role: "pictures", Login: st.Username, Password: pictures, Note: fmt.Sprintf(
		"Picture sign-in: /pictures#%s — %s%s: %s (or type the username under “Sign in with my pictures”).",
		c.PictureCode, st.FirstName, initial, pictures)}
}
