package testapi

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// Errors a Store returns.
var (
	// ErrConflict reports a username, email or student number already taken.
	ErrConflict = errors.New("testapi: student already exists")
	// ErrNoSchool reports a database without a school to put the student in.
	ErrNoSchool = errors.New("testapi: no school in the database")
	// ErrUnknownStudent reports a student id to enrol or link that does not exist.
	ErrUnknownStudent = errors.New("testapi: no such student")
	// ErrUnknownSchool reports a schoolId that names no school.
	ErrUnknownSchool = errors.New("testapi: no such school")
)

// Store writes test students.
type Store interface {
	// CreateTestStudent inserts s, with its answers, into s.SchoolID (the first school of
	// the database by campus code when empty), in one transaction.
	CreateTestStudent(ctx context.Context, s NewStudent) error
	// CreateTestAccessCode stores a parent access code (hashed) for a student.
	CreateTestAccessCode(ctx context.Context, studentID, hash string, expires time.Time) error
	// CreateTestStaff inserts a staff member, and a teacher's class with its students, in
	// s.SchoolID (the first school of the database when empty) and its district, in one
	// transaction.
	CreateTestStaff(ctx context.Context, s NewStaff) error
	// CreateTestSchool inserts an empty school in the district of the first school and
	// returns its id; ErrConflict when the campus code is taken.
	CreateTestSchool(ctx context.Context, campusCode, name string) (string, error)
	// CreateTestGuardian inserts a verified guardian and links the students.
	CreateTestGuardian(ctx context.Context, g NewGuardian) error
}

// Hasher hashes a secret for storage (accounts.Hasher).
type Hasher interface {
	Hash(ctx context.Context, secret string) (string, error)
}

// Sealer seals a school default password (accounts.Sealer).
type Sealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
}

// NewStudent is a student row ready to store: every secret already hashed or sealed.
type NewStudent struct {
	ID, StudentNumber, Username, Email, FirstName, LastName string
	// SchoolID is the student's school; empty for the first school of the database.
	SchoolID    string
	Grade       int
	DateOfBirth time.Time
	Locale      string
	// PasswordHash is set for a chosen password; DefaultPasswordSealed and
	// DefaultPasswordKeyID for a school default one.
	PasswordHash          string
	DefaultPasswordSealed []byte
	DefaultPasswordKeyID  string
	MustChangePassword    bool
	PINHash               string
	Answers               []StoredAnswer
}

// StoredAnswer is one security answer, hashed.
type StoredAnswer struct {
	QuestionID string
	Hash       string
}

// StudentRequest is the body of POST /api/test/students; every field is optional.
type StudentRequest struct {
	Grade              *int          `json:"grade"`
	Password           string        `json:"password"`
	MustChangePassword bool          `json:"mustChangePassword"`
	DefaultPassword    bool          `json:"defaultPassword"`
	Locale             string        `json:"locale"`
	PIN                string        `json:"pin"`
	Answers            []AnswerInput `json:"answers"`
	// Age, when set, makes the student this many years old today (19 for an adult).
	Age *int `json:"age"`
	// AccessCode, "valid" or "expired", also issues a parent access code for the student.
	AccessCode string `json:"accessCode"`
	// FirstName and LastName, when set, replace the generated names (a test of the name
	// rule needs a student called Sofía Ramírez).
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	// SchoolID puts the student in a school of POST /api/test/schools, so a test that acts on
	// a whole school touches only its own students; empty for the first school.
	SchoolID string `json:"schoolId"`
}

// AnswerInput is one security answer as typed.
type AnswerInput struct {
	QuestionID string `json:"questionId"`
	Answer     string `json:"answer"`
}

// Student is what POST /api/test/students answers: the new student and its password.
type Student struct {
	ID            string `json:"id"`
	Username      string `json:"username"`
	Email         string `json:"email"`
	StudentNumber string `json:"studentNumber"`
	FirstName     string `json:"firstName"`
	LastName      string `json:"lastName"`
	Grade         int    `json:"grade"`
	Password      string `json:"password"`
	// AccessCode is the parent access code issued with the student, as printed.
	AccessCode string `json:"accessCode,omitempty"`
}

// InputError is a request the API cannot honour (an invalid grade, an unknown question).
type InputError struct{ Message string }

func (e *InputError) Error() string { return e.Message }

// maxNameLength is the longest first or last name a request may give, in runes.
const maxNameLength = 100

// defaultGrade is the grade of a student when the request names none.
const defaultGrade = 7

// emailDomain is where test students' school emails go; the mail catcher takes any.
const emailDomain = "students.e2e.example"

// firstNames and lastNames are short names no generated password, PIN or typical test
// answer contains, so the name rules never refuse a test's chosen secret by accident.
var (
	firstNames = []string{"Avery", "Jordan", "Quinn", "Rowan", "Sasha", "Tatum"}
	lastNames  = []string{"Vexley", "Wrenfield", "Yarrow", "Zephyr", "Quillon", "Brackett"}
	seq        atomic.Int64
)

// Creator creates test students.
type Creator struct {
	Store  Store
	Hasher Hasher
	Sealer Sealer
}

// Create makes a student from r, retrying with fresh identifiers on the rare clash.
func (cr *Creator) Create(ctx context.Context, r StudentRequest) (Student, error) {
	grade := defaultGrade
	if r.Grade != nil {
		grade = *r.Grade
	}
	if !policy.ValidGrade(grade) {
		return Student{}, &InputError{Message: fmt.Sprintf("grade %d is not a grade the portal knows", grade)}
	}
	locale := r.Locale
	if locale == "" {
		locale = "en"
	}
	if locale != "en" && locale != "es" {
		return Student{}, &InputError{Message: `locale must be "en" or "es"`}
	}
	if len(r.Answers) > policy.QuestionCount {
		return Student{}, &InputError{Message: fmt.Sprintf("at most %d answers", policy.QuestionCount)}
	}
	seen := map[string]bool{}
	for _, a := range r.Answers {
		if _, ok := policy.LookupQuestion(a.QuestionID); !ok {
			return Student{}, &InputError{Message: fmt.Sprintf("unknown question %q", a.QuestionID)}
		}
		if seen[a.QuestionID] {
			return Student{}, &InputError{Message: fmt.Sprintf("question %q twice", a.QuestionID)}
		}
		seen[a.QuestionID] = true
	}
	if r.AccessCode != "" && r.AccessCode != "valid" && r.AccessCode != "expired" {
		return Student{}, &InputError{Message: `accessCode must be "valid" or "expired"`}
	}
	for _, name := range []string{r.FirstName, r.LastName} {
		if utf8.RuneCountInString(name) > maxNameLength || (name != "" && strings.TrimSpace(name) == "") {
			return Student{}, &InputError{Message: fmt.Sprintf("a name has 1 to %d characters", maxNameLength)}
		}
	}
	if r.SchoolID != "" && uuid.Validate(r.SchoolID) != nil {
		return Student{}, &InputError{Message: fmt.Sprintf("schoolId: %q is not a school id", r.SchoolID)}
	}
	if r.Age != nil && (*r.Age < 3 || *r.Age > 99) {
		return Student{}, &InputError{Message: "age must be between 3 and 99"}
	}
	password := r.Password
	if password == "" {
		var err error
		// Always the strong shape, whatever the grade: a word-based one could hold a name.
		if password, err = policy.GeneratePassword(policy.MaxGrade, rand.Reader); err != nil {
			return Student{}, err
		}
	}

	ns := NewStudent{Grade: grade, Locale: locale, MustChangePassword: r.MustChangePassword, SchoolID: r.SchoolID,
		DateOfBirth: time.Date(time.Now().Year()-max(grade, 0)-6, 3, 14, 0, 0, 0, 0, time.UTC)}
	if r.Age != nil {
		// A birthday a month ago: exactly that age, whatever today is.
		ns.DateOfBirth = time.Now().UTC().AddDate(-*r.Age, -1, 0).Truncate(24 * time.Hour)
	}
	var err error
	if !r.DefaultPassword {
		if ns.PasswordHash, err = cr.Hasher.Hash(ctx, policy.NormalizePassword(password)); err != nil {
			return Student{}, fmt.Errorf("hash password: %w", err)
		}
	}
	if r.PIN != "" {
		if ns.PINHash, err = cr.Hasher.Hash(ctx, r.PIN); err != nil {
			return Student{}, fmt.Errorf("hash PIN: %w", err)
		}
	}
	for _, a := range r.Answers {
		h, err := cr.Hasher.Hash(ctx, policy.FoldAnswer(a.Answer))
		if err != nil {
			return Student{}, fmt.Errorf("hash answer: %w", err)
		}
		ns.Answers = append(ns.Answers, StoredAnswer{QuestionID: a.QuestionID, Hash: h})
	}

	for try := 0; ; try++ {
		cr.identify(&ns)
		if r.FirstName != "" {
			ns.FirstName = strings.TrimSpace(r.FirstName)
		}
		if r.LastName != "" {
			ns.LastName = strings.TrimSpace(r.LastName)
		}
		if r.DefaultPassword {
			// Sealed under the id, as the seed and a district regeneration do.
			if ns.DefaultPasswordSealed, ns.DefaultPasswordKeyID, err = cr.Sealer.Seal(password, []byte(ns.ID)); err != nil {
				return Student{}, fmt.Errorf("seal default password: %w", err)
			}
		}
		err = cr.Store.CreateTestStudent(ctx, ns)
		if errors.Is(err, ErrConflict) && try < 5 {
			continue
		}
		if err != nil {
			return Student{}, err
		}
		out := Student{ID: ns.ID, Username: ns.Username, Email: ns.Email, StudentNumber: ns.StudentNumber,
			FirstName: ns.FirstName, LastName: ns.LastName, Grade: ns.Grade, Password: password}
		if r.AccessCode != "" {
			if out.AccessCode, err = cr.accessCode(ctx, ns.ID, r.AccessCode == "expired"); err != nil {
				return Student{}, err
			}
		}
		return out, nil
	}
}

// accessCode issues a parent access code for a student: valid for 60 days, or expired
// a day ago.
func (cr *Creator) accessCode(ctx context.Context, studentID string, expired bool) (string, error) {
	code, err := policy.GenerateAccessCode(rand.Reader)
	if err != nil {
		return "", err
	}
	hash, err := cr.Hasher.Hash(ctx, code)
	if err != nil {
		return "", fmt.Errorf("hash access code: %w", err)
	}
	expires := time.Now().Add(policy.DefaultSettings().AccessCodeTTL)
	if expired {
		expires = time.Now().Add(-24 * time.Hour)
	}
	if err := cr.Store.CreateTestAccessCode(ctx, studentID, hash, expires); err != nil {
		return "", err
	}
	return policy.FormatAccessCode(code), nil
}

// generatedName is the n-th test student's first and last name.
func generatedName(n int64) (first, last string) {
	pairs := int64(len(firstNames) * len(lastNames))
	return firstNames[int(n)%len(firstNames)], lastNames[int(n/int64(len(firstNames)))%len(lastNames)] + nameSuffix(n/pairs)
}

// nameSuffix tells apart the generated names of the same pair once the 36 pairs are used up
// (a test that searches for "last, first" must find one student): "" for the first round,
// then a few letters (names hold letters only), different for each round.
func nameSuffix(round int64) string {
	var out []byte
	for ; round > 0; round /= 26 {
		out = append([]byte{byte('a' + round%26)}, out...)
	}
	return string(out)
}

// identify gives ns a fresh id, names, username, email and student number: a counter
// keeps them apart within one server, a random suffix across servers on one database.
func (cr *Creator) identify(ns *NewStudent) {
	n := seq.Add(1)
	suffix := strings.ToLower(rand.Text()[:4])
	ns.ID = uuid.NewString()
	ns.FirstName, ns.LastName = generatedName(n)
	ns.Username = fmt.Sprintf("e2e%d%s", n, suffix)
	ns.Email = ns.Username + "@" + emailDomain
	number, _ := rand.Int(rand.Reader, big.NewInt(900_000_000)) // crypto/rand never fails
	ns.StudentNumber = fmt.Sprintf("%09d", 100_000_000+number.Int64())
}
