package apitest

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// Student is a student created for one test.
type Student struct {
	ID            string
	StudentNumber string
	Username      string
	Email         string
	FirstName     string
	LastName      string
	Grade         int
	Password      string
}

// StudentOpts shape a new student; zero values get sensible defaults.
type StudentOpts struct {
	Grade              int
	Password           string
	MustChangePassword bool
	Locale             string
	// DefaultPassword stores the password as a sealed school-issued default
	// instead of a hash.
	DefaultPassword bool
	PIN             string
	// Answers sets security questions: question id → answer.
	Answers [][2]string
	// DateOfBirth, when set, replaces the usual one (six years before grade 1).
	DateOfBirth time.Time
}

var seq atomic.Int64

// Student creates a student (and on first use a district and school) with
// the given secrets, written straight to the database.
func (h *Harness) Student(o StudentOpts) Student {
	h.T.Helper()
	ctx := context.Background()
	if o.Grade == 0 {
		o.Grade = 7
	}
	if o.Password == "" {
		o.Password = "Lantern-Moss-47"
	}
	if o.Locale == "" {
		o.Locale = "en"
	}
	n := seq.Add(1)
	st := Student{
		StudentNumber: fmt.Sprintf("%09d", 200000000+n*7919%100000000),
		Username:      fmt.Sprintf("testkid%d", n),
		FirstName:     "Robin", LastName: fmt.Sprintf("Quill%c", 'a'+n%26),
		Grade: o.Grade, Password: o.Password,
	}
	st.Email = st.Username + "@students.test.example"
	if o.DateOfBirth.IsZero() {
		o.DateOfBirth = time.Date(2026-o.Grade-6, 3, 14, 0, 0, 0, 0, time.UTC)
	}
	schoolID := h.school()
	err := h.Pool.QueryRow(ctx, `insert into students (school_id, student_number, username, email, first_name,
			last_name, grade, date_of_birth, locale, password_hash, must_change_password, password_changed_at,
			default_password_sealed)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, now(), null) returning id`,
		schoolID, st.StudentNumber, st.Username, st.Email, st.FirstName, st.LastName, st.Grade,
		o.DateOfBirth, o.Locale, o.MustChangePassword).Scan(&st.ID)
	if err != nil {
		h.T.Fatalf("insert student: %v", err)
	}
	if o.DefaultPassword {
		sealed, keyID, err := h.Portal.Sealer.Seal(o.Password, []byte(st.ID))
		if err != nil {
			h.T.Fatal(err)
		}
		h.exec(`update students set password_hash = null, default_password_sealed = $2, default_password_key_id = $3,
			default_password_issued_at = now(), password_changed_at = null where id = $1`, st.ID, sealed, keyID)
	} else {
		h.exec(`update students set password_hash = $2 where id = $1`, st.ID, h.hash(policy.NormalizePassword(o.Password)))
	}
	if o.PIN != "" {
		h.exec(`update students set pin_hash = $2, pin_set_at = now() where id = $1`, st.ID, h.hash(o.PIN))
	}
	for i, qa := range o.Answers {
		h.exec(`insert into student_security_answers (student_id, position, question_id, answer_hash)
			values ($1, $2, $3, $4)`, st.ID, i, qa[0], h.hash(policy.FoldAnswer(qa[1])))
	}
	if len(o.Answers) > 0 {
		h.exec(`update students set questions_set_at = now() where id = $1`, st.ID)
	}
	return st
}

func (h *Harness) school() string {
	h.T.Helper()
	var id string
	err := h.Pool.QueryRow(context.Background(), `select id from schools limit 1`).Scan(&id)
	if err == nil {
		return id
	}
	var districtID string
	if err := h.Pool.QueryRow(context.Background(),
		`insert into districts (psu_code, name) values ('901', 'Test District') returning id`).Scan(&districtID); err != nil {
		h.T.Fatalf("insert district: %v", err)
	}
	if err := h.Pool.QueryRow(context.Background(), `insert into schools (district_id, campus_code, display_code, name, contact)
		values ($1, '90T001', 'T001', 'Test Middle School', '(555) 010-0000, office@t001.example') returning id`, districtID).Scan(&id); err != nil {
		h.T.Fatalf("insert school: %v", err)
	}
	return id
}

func (h *Harness) hash(secret string) string {
	h.T.Helper()
	s, err := h.Portal.Hasher.Hash(context.Background(), secret)
	if err != nil {
		h.T.Fatal(err)
	}
	return s
}

func (h *Harness) exec(sql string, args ...any) {
	h.T.Helper()
	if _, err := h.Pool.Exec(context.Background(), sql, args...); err != nil {
		h.T.Fatalf("%s: %v", sql, err)
	}
}

// Count runs a count query.
func (h *Harness) Count(sql string, args ...any) int {
	h.T.Helper()
	var n int
	if err := h.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		h.T.Fatalf("%s: %v", sql, err)
	}
	return n
}

// Text runs a query of one text value and returns it, failing the test on any error.
func (h *Harness) Text(sql string, args ...any) string {
	h.T.Helper()
	var s string
	if err := h.Pool.QueryRow(context.Background(), sql, args...).Scan(&s); err != nil {
		h.T.Fatalf("%s: %v", sql, err)
	}
	return s
}

// StaffClient returns a new client signed in as m.
func (h *Harness) StaffClient(m *StaffMember) *Client {
	c := h.Client()
	c.SignInStaff(m)
	return c
}
