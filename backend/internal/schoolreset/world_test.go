package schoolreset_test

import (
	"context"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// world is two districts: Riverside with schools A and B, Hillview with school C. Teacher
// Tess teaches class A-101 of school A; Sam runs school A; Dana runs Riverside; Hal runs
// Hillview. Students: Inés in Tess's class, Omar in school A outside it, Bea in school B,
// Cal in Hillview.
type world struct {
	h   *apitest.Harness
	svc *schoolreset.Service
	ctx context.Context

	tess, sam, dana, hal accounts.Staff
	ines, omar, bea, cal string
}

const worldPassword = "Lantern-Moss-47"

func newWorld(t *testing.T) *world {
	t.Helper()
	h := apitest.New(t)
	w := &world{h: h, ctx: context.Background()}
	db := &postgres.DB{Pool: h.Pool}
	auditLog := &postgres.AuditLog{DB: db}
	students := &postgres.Students{DB: db}
	store := postgres.NewSchoolReset(db)
	w.svc = &schoolreset.Service{
		Store: store, Classrooms: store,
		Changes: &change.Writer{Store: students, Audit: auditLog,
			Mail: &postgres.Outbox{DB: db, River: h.Portal.River}, TimeZone: "America/New_York"},
		Audit: auditLog, Hasher: h.Portal.Hasher, Sealer: h.Portal.Sealer,
		Passwords: &accounts.Authenticator{Students: students, Attempts: &postgres.SignInAttempts{DB: db},
			Hasher: h.Portal.Hasher, Sealer: h.Portal.Sealer},
		Settings: policy.DefaultSettings(), PublicOrigin: "https://portal.test.example",
	}
	hash, err := h.Portal.Hasher.Hash(w.ctx, worldPassword)
	if err != nil {
		t.Fatal(err)
	}
	var riverside, hillview, schoolA, schoolB, schoolC string
	w.scan(t, `insert into districts (psu_code, name) values ('101', 'Riverside') returning id`, nil, &riverside)
	w.scan(t, `insert into districts (psu_code, name) values ('102', 'Hillview') returning id`, nil, &hillview)
	w.scan(t, `insert into schools (district_id, campus_code, display_code, name, contact)
		values ($1, '10A001', 'A001', 'Alder School', 'Office 555-0101') returning id`, []any{riverside}, &schoolA)
	w.scan(t, `insert into schools (district_id, campus_code, display_code, name)
		values ($1, '10B001', 'B001', 'Birch School') returning id`, []any{riverside}, &schoolB)
	w.scan(t, `insert into schools (district_id, campus_code, display_code, name)
		values ($1, '20C001', 'C001', 'Cedar School') returning id`, []any{hillview}, &schoolC)
	staff := func(district, school string, role policy.StaffRole, email string) accounts.Staff {
		m := accounts.Staff{DistrictID: district, SchoolID: school, Role: role, Email: email}
		w.scan(t, `insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
			values ($1, $2, $3, $4, 'Staff', 'Member', 'x') returning id`,
			[]any{district, nullIfEmpty(school), string(role), email}, &m.ID)
		return m
	}
	w.tess = staff(riverside, schoolA, policy.RoleTeacher, "tess@staff.test.example")
	w.sam = staff(riverside, schoolA, policy.RoleSchoolAdmin, "sam@staff.test.example")
	w.dana = staff(riverside, "", policy.RoleDistrictAdmin, "dana@staff.test.example")
	w.hal = staff(hillview, "", policy.RoleDistrictAdmin, "hal@staff.test.example")
	student := func(school, number, username, first, last string, grade int) string {
		var id string
		w.scan(t, `insert into students (school_id, student_number, username, email, first_name, last_name, grade,
				date_of_birth, password_hash, password_changed_at)
			values ($1, $2, $3, $3 || '@students.test.example', $4, $5, $6, '2014-03-14', $7, now()) returning id`,
			[]any{school, number, username, first, last, grade, hash}, &id)
		return id
	}
	w.ines = student(schoolA, "100000001", "inesp1001", "Inés", "Peña", 7)
	w.omar = student(schoolA, "100000002", "omarr1002", "Omar", "Ruiz", 7)
	w.bea = student(schoolB, "100000003", "beas1003", "Bea", "Stone", 5)
	w.cal = student(schoolC, "200000004", "calt2004", "Cal", "Trent", 9)
	var class string
	w.scan(t, `insert into classes (school_id, class_number, name) values ($1, 'A-101', 'Homeroom') returning id`,
		[]any{schoolA}, &class)
	w.exec(t, `insert into class_teachers (class_id, staff_id) values ($1, $2)`, class, w.tess.ID)
	w.exec(t, `insert into class_enrollments (class_id, student_id) values ($1, $2)`, class, w.ines)
	return w
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (w *world) scan(t *testing.T, sql string, args []any, dest ...any) {
	t.Helper()
	if err := w.h.Pool.QueryRow(w.ctx, sql, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (w *world) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := w.h.Pool.Exec(w.ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// linkGuardian links a new guardian to a student.
func (w *world) linkGuardian(t *testing.T, student, email, name, locale string) {
	t.Helper()
	w.exec(t, `with g as (insert into guardians (email, name, locale, password_hash) values ($2, $3, $4, 'x') returning id)
		insert into guardian_links (guardian_id, student_id) select id, $1 from g`, student, email, name, locale)
}

// secrets is what any staff action could change about a student, to show a refusal changed
// nothing.
type secrets struct {
	Hash, KeyID              string
	Sealed, MustChange       bool
	TokenVersion, Codes      int
	RecoveryRows, SignInRows int
}

func (w *world) secrets(t *testing.T, student string) secrets {
	t.Helper()
	var s secrets
	w.scan(t, `select coalesce(password_hash, ''), coalesce(default_password_key_id, ''),
			default_password_sealed is not null, must_change_password, token_version,
			(select count(*) from parent_access_codes c where c.student_id = s.id and c.used_at is null and c.expires_at > now()),
			(select count(*) from recovery_attempts r where r.username_key = s.username),
			(select count(*) from sign_in_attempts a where a.attempt_key = 'student:' || s.id)
		from students s where id = $1`, []any{student},
		&s.Hash, &s.KeyID, &s.Sealed, &s.MustChange, &s.TokenVersion, &s.Codes, &s.RecoveryRows, &s.SignInRows)
	return s
}

// events counts the audit events of a staff member with outcome and reason.
func (w *world) events(t *testing.T, m accounts.Staff, action, outcome, reason string) int {
	t.Helper()
	var n int
	w.scan(t, `select count(*) from audit_events where actor_kind = 'staff' and actor_id = $1
		and action = $2 and outcome = $3 and reason = $4`, []any{m.ID, action, outcome, reason}, &n)
	return n
}

// lockOut locks the student's recovery path and throttles its sign-in.
func (w *world) lockOut(t *testing.T, student string, until time.Time) {
	t.Helper()
	w.exec(t, `update students set pin_hash = 'x', pin_set_at = now() where id = $1`, student)
	w.exec(t, `insert into recovery_attempts (username_key, consecutive_failures, locked_until)
		select username, 5, $2 from students where id = $1`, student, until)
	w.exec(t, `insert into sign_in_attempts (attempt_key, failures, last_failure_at) values ('student:' || $1, 12, now())`, student)
}
