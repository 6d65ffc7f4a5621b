package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestSafeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1+2", "'+1+2"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"-1", "-1"},
		{"12", "12"},
		{"-0.5", "-0.5"},
		{"-Inf", "'-Inf"},
		{"Peña", "Peña"},
		{"", ""},
		{"a=b", "a=b"},
	} {
		if got := reports.SafeCell(tc.in); got != tc.want {
			t.Errorf("SafeCell(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	a := &reports.Audit{Location: ny}
	f, err := a.ParseFilter("123456789", " t@x.example ", "password_changed", "staff", "2026-11-02", "2026-11-02")
	if err != nil {
		t.Fatal(err)
	}
	if f.StudentNumber != "123456789" || f.StaffEmail != "t@x.example" || f.Action != "password_changed" || f.Path != "staff" ||
		!f.From.Equal(time.Date(2026, 11, 2, 5, 0, 0, 0, time.UTC)) || !f.To.Equal(time.Date(2026, 11, 3, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", f)
	}
	for _, tc := range []struct{ student, action, path, from, to, field string }{
		{"12345", "", "", "", "", "student"},
		{"", "DROP TABLE", "", "", "", "action"},
		{"", "", "backdoor", "", "", "path"},
		{"", "", "", "2026-13-01", "", "from"},
		{"", "", "", "", "yesterday", "to"},
		{"", "", "", "2026-11-03", "2026-11-02", "to"},
	} {
		_, err := a.ParseFilter(tc.student, "", tc.action, tc.path, tc.from, tc.to)
		var fe *reports.FilterError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("ParseFilter(%+v): got %v, want a FilterError on %s", tc, err, tc.field)
		}
	}
}

// auditWorld: district Riverside with school A (teacher Tess, whose class holds Ines; Omar
// outside it) and its admin Dana; district Hillview with Cal and its admin Hal.
type auditWorld struct {
	audit                *reports.Audit
	tess, dana, hal      accounts.Staff
	ines, omar, cal      string
	inesEvent, omarEvent int64
}

func newAuditWorld(t *testing.T) (*auditWorld, func(sql string, args ...any) int64) {
	t.Helper()
	pool := testdb.New(t)
	ctx := context.Background()
	db := &postgres.DB{Pool: pool}
	w := &auditWorld{audit: &reports.Audit{Store: &postgres.StaffAudit{DB: db}, Recorder: &postgres.AuditLog{DB: db}}}
	one := func(sql string, args ...any) string {
		var id string
		if err := pool.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return id
	}
	riverside := one(`insert into districts (psu_code, name) values ('401', 'Riverside') returning id`)
	hillview := one(`insert into districts (psu_code, name) values ('402', 'Hillview') returning id`)
	schoolA := one(`insert into schools (district_id, campus_code, display_code, name) values ($1, '40A001', 'A', 'A') returning id`, riverside)
	schoolC := one(`insert into schools (district_id, campus_code, display_code, name) values ($1, '40C001', 'C', 'C') returning id`, hillview)
	staff := func(district, school string, role policy.StaffRole, email string) accounts.Staff {
		var s any
		if school != "" {
			s = school
		}
		return accounts.Staff{DistrictID: district, SchoolID: school, Role: role, Email: email,
			ID: one(`insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
				values ($1, $2, $3, $4, 'S', 'M', 'x') returning id`, district, s, string(role), email)}
	}
	w.tess = staff(riverside, schoolA, policy.RoleTeacher, "tess@staff.test.example")
	w.dana = staff(riverside, "", policy.RoleDistrictAdmin, "dana@staff.test.example")
	w.hal = staff(hillview, "", policy.RoleDistrictAdmin, "hal@staff.test.example")
	student := func(school, number, username, first string) string {
		return one(`insert into students (school_id, student_number, username, email, first_name, last_name, grade,
				date_of_birth, password_hash)
			values ($1, $2, $3, $3 || '@s.example', $4, 'Test', 7, '2014-01-01', 'x') returning id`, school, number, username, first)
	}
	w.ines = student(schoolA, "400000001", "ines1", "Ines")
	w.omar = student(schoolA, "400000002", "omar2", "=cmd|' /C calc'!A0")
	w.cal = student(schoolC, "400000003", "cal3", "Cal")
	class := one(`insert into classes (school_id, class_number) values ($1, 'A-1') returning id`, schoolA)
	if _, err := pool.Exec(ctx, `insert into class_teachers values ($1, $2)`, class, w.tess.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `insert into class_enrollments values ($1, $2)`, class, w.ines); err != nil {
		t.Fatal(err)
	}
	event := func(sql string, args ...any) int64 {
		var id int64
		if err := pool.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return id
	}
	return w, event
}

// TestAuditScope: each staff member reads the events of their scope only, filtered.
func TestAuditScope(t *testing.T) {
	w, event := newAuditWorld(t)
	ins := `insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id, action, path, outcome, reason, ip)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, '10.0.0.1') returning id`
	day := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	inesSelf := event(ins, day.Add(-48*time.Hour), "student", w.ines, "student", w.ines, "password_changed", "self_reset", "succeeded", "")
	inesReset := event(ins, day, "staff", w.tess.ID, "student", w.ines, "password_changed", "staff", "succeeded", "")
	omarView := event(ins, day, "staff", w.dana.ID, "student", w.omar, "student_view", "staff", "refused", "=1+1")
	calReset := event(ins, day, "staff", w.hal.ID, "student", w.cal, "password_changed", "staff", "succeeded", "")
	guess := event(ins, day, "staff", w.tess.ID, "student", "not-a-uuid", "student_view", "staff", "refused", "out_of_scope")
	staffEvent := event(ins, day, "staff", w.dana.ID, "staff", w.tess.ID, "second_factor_reset", "staff", "succeeded", "")
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		staff accounts.Staff
		f     reports.Filter
		want  []int64
	}{
		{"teacher", w.tess, reports.Filter{}, []int64{inesReset, inesSelf}},
		{"district admin", w.dana, reports.Filter{}, []int64{staffEvent, guess, omarView, inesReset, inesSelf}},
		{"other district", w.hal, reports.Filter{}, []int64{calReset}},
		{"by student id", w.dana, reports.Filter{StudentID: w.omar}, []int64{omarView}},
		{"by student number", w.dana, reports.Filter{StudentNumber: "400000001"}, []int64{inesReset, inesSelf}},
		{"student outside scope", w.tess, reports.Filter{StudentID: w.omar}, nil},
		{"by staff email", w.dana, reports.Filter{StaffEmail: "TESS@staff.test.example"}, []int64{guess, inesReset}},
		{"by action and path", w.dana, reports.Filter{Action: "password_changed", Path: "self_reset"}, []int64{inesSelf}},
		{"by dates", w.dana, reports.Filter{From: day.Add(-time.Hour), To: day.Add(time.Hour)}, []int64{staffEvent, guess, omarView, inesReset}},
		{"paging", w.dana, reports.Filter{Before: omarView}, []int64{inesReset, inesSelf}},
	} {
		events, _, err := w.audit.Page(ctx, tc.staff, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []int64
		for _, e := range events {
			got = append(got, e.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got events %v, want %v", tc.name, got, tc.want)
		}
	}
	events, _, err := w.audit.Page(ctx, w.tess, reports.Filter{StudentID: w.ines, Path: "staff"})
	if err != nil || len(events) != 1 {
		t.Fatalf("got %v, %v", events, err)
	}
	if e := events[0]; e.Actor != "tess@staff.test.example" || e.Subject != "Ines Test (ines1)" || e.StudentNumber != "400000001" || e.IP != "10.0.0.1" {
		t.Errorf("entry names people: got %+v", e)
	}
}

// TestAuditCSV: the export is formula-safe, keeps plain numbers, lists the scope's events
// and is itself audited.
func TestAuditCSV(t *testing.T) {
	w, event := newAuditWorld(t)
	ins := `insert into audit_events (actor_kind, actor_id, subject_kind, subject_id, action, path, outcome, reason)
		values ('staff', $1, 'student', $2, $3, 'staff', 'refused', $4) returning id`
	event(ins, w.dana.ID, w.omar, "student_view", "=1+1")
	event(ins, w.dana.ID, w.ines, "@import", "-1")
	var buf bytes.Buffer
	if err := w.audit.ExportCSV(context.Background(), w.dana, reports.Filter{Path: "staff"}, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The export's own event is written first, so the district admin's file lists it too.
	if len(rows) != 4 || strings.Join(rows[0], ",") != "time,actor kind,actor,subject kind,subject,student ID,action,path,outcome,reason,IP" ||
		rows[1][6] != "audit_exported" {
		t.Fatalf("got rows %q", rows)
	}
	if got := rows[2][6] + "|" + rows[2][9]; got != "'@import|-1" {
		t.Errorf("newest row action|reason: got %q", got)
	}
	if got := rows[3][4] + "|" + rows[3][9]; got != "'=cmd|' /C calc'!A0 Test (omar2)|'=1+1" {
		t.Errorf("oldest row subject|reason: got %q", got)
	}
	if _, err := time.Parse(time.RFC3339, rows[2][0]); err != nil || !strings.HasSuffix(rows[2][0], "Z") {
		t.Errorf("time %q is not UTC ISO 8601", rows[2][0])
	}
	events, _, err := w.audit.Page(context.Background(), w.dana, reports.Filter{Action: "audit_exported"})
	if err != nil || len(events) != 1 || events[0].Subject != "path=staff" || events[0].Actor != "dana@staff.test.example" {
		t.Errorf("export audited: got %+v, %v", events, err)
	}
}

// TestAuditPaging: pages of PageSize, newest first, the last one without a next page.
func TestAuditPaging(t *testing.T) {
	w, event := newAuditWorld(t)
	for range 150 {
		event(`insert into audit_events (actor_kind, actor_id, subject_kind, subject_id, action, path, outcome)
			values ('staff', $1, 'student', $2, 'student_view', 'staff', 'succeeded') returning id`, w.tess.ID, w.ines)
	}
	ctx := context.Background()
	first, next, err := w.audit.Page(ctx, w.tess, reports.Filter{})
	if err != nil || len(first) != reports.PageSize || next != first[len(first)-1].ID {
		t.Fatalf("first page: got %d events, next %d, %v", len(first), next, err)
	}
	second, last, err := w.audit.Page(ctx, w.tess, reports.Filter{Before: next})
	if err != nil || len(second) != 50 || last != 0 || second[0].ID >= next {
		t.Fatalf("second page: got %d events, next %d, %v", len(second), last, err)
	}
}
