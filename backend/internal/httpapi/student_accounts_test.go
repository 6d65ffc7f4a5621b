package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// accountsHeader is the header row of both Student Accounts files.
var accountsHeader = []string{"Class", "Teacher", "Student ID", "Last name", "First name", "Grade",
	"Username", "Default password", "Password status"}

// accountsWorld is a school of three students: Adams signs in with a school-issued default
// and is in classes A-1 and B-2; Baker uses her own password with a district default on
// file, in A-1; Clark (first name a formula, grade -1) has only his own password and no
// class. Two teachers (A-1 and B-2), the school's principal, a district admin, an admin of
// another district, and an empty second school of the district.
type accountsWorld struct {
	h                          *apitest.Harness
	school, empty, otherDist   string
	adams, baker, clark        apitest.Student
	onFile                     string
	teacherA, teacherB         *apitest.StaffMember
	principal, district, other *apitest.StaffMember
}

func newAccountsWorld(t *testing.T, opts ...apitest.Option) *accountsWorld {
	h := apitest.New(t, opts...)
	w := &accountsWorld{h: h, onFile: "Maple-Harbor-52"}
	w.adams = h.Student(apitest.StudentOpts{Grade: 4, DefaultPassword: true, Password: "Cedar-River-31"})
	w.baker = h.Student(apitest.StudentOpts{Grade: 4})
	w.clark = h.Student(apitest.StudentOpts{Grade: -1})
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := h.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, st := range []struct{ id, last, first string }{
		{w.adams.ID, "Adams", "Ada"}, {w.baker.ID, "Baker", "Bea"}, {w.clark.ID, "Clark", hyperlink},
	} {
		exec(`update students set last_name = $2, first_name = $3 where id = $1`, st.id, st.last, st.first)
	}
	sealed, keyID, err := h.Portal.Sealer.Seal(w.onFile, []byte(w.baker.ID))
	if err != nil {
		t.Fatal(err)
	}
	exec(`insert into student_defaults (student_id, sealed, key_id, issued_at) values ($1, $2, $3, now())`, w.baker.ID, sealed, keyID)
	w.teacherA = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "A-1", StudentIDs: []string{w.adams.ID, w.baker.ID}}}})
	w.teacherB = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "B-2", StudentIDs: []string{w.adams.ID}}}})
	exec(`update classes set name = 'Homeroom' where class_number = 'B-2'`)
	w.principal = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	w.district = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	w.other = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true})
	w.school = w.principal.SchoolID
	if err := h.Pool.QueryRow(ctx, `insert into schools (district_id, campus_code, display_code, name)
		select district_id, '90T004', 'T004', 'Empty Elementary' from schools where id = $1 returning id`, w.school).Scan(&w.empty); err != nil {
		t.Fatal(err)
	}
	if err := h.Pool.QueryRow(ctx, `select school_id from staff where id = $1`,
		h.Staff(apitest.StaffOpts{OtherDistrict: true}).ID).Scan(&w.otherDist); err != nil {
		t.Fatal(err)
	}
	return w
}

// wantRows are the report's rows of the world: by class, then last name; the student of no
// class last.
func (w *accountsWorld) wantRows() [][]string {
	name := func(m *apitest.StaffMember) string { return m.FirstName + " " + m.LastName }
	return [][]string{
		{"A-1", name(w.teacherA), w.adams.StudentNumber, "Adams", "Ada", "4", w.adams.Username, "Cedar-River-31", "default, not changed yet"},
		{"A-1", name(w.teacherA), w.baker.StudentNumber, "Baker", "Bea", "4", w.baker.Username, w.onFile, "new default on file, own password in use"},
		{"B-2 (Homeroom)", name(w.teacherB), w.adams.StudentNumber, "Adams", "Ada", "4", w.adams.Username, "Cedar-River-31", "default, not changed yet"},
		{"", "", w.clark.StudentNumber, "Clark", "'" + hyperlink, "-1", w.clark.Username, "", "own password"},
	}
}

func (w *accountsWorld) path(school, format string) string {
	return "/api/v1/staff/schools/" + school + "/student-accounts." + format
}

// TestStudentAccountsFiles downloads the report as CSV (principal) and XLSX (district
// admin) and reads both back: the confidential line naming the school, the header, a row
// per student and class with each password status and its password cell, the formula name
// inert, grade -1 a number, and each download audited with its school, format and rows.
func TestStudentAccountsFiles(t *testing.T) {
	w := newAccountsWorld(t)
	pc := w.h.StaffClient(w.principal)
	r := pc.Expect(pc.Do(http.MethodGet, w.path(w.school, "csv"), nil), 200, "")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || r.Header.Get("Cache-Control") != "no-store" ||
		r.Header.Get("Content-Disposition") != `attachment; filename="student-accounts-T001.csv"` {
		t.Errorf("csv headers: %v", r.Header)
	}
	marker, rows := readCSV(t, r.Raw)
	if !strings.HasPrefix(marker, "CONFIDENTIAL") || !strings.Contains(marker, "Test Middle School (T001)") ||
		!strings.Contains(marker, w.principal.Email) {
		t.Errorf("csv marker: %q", marker)
	}
	if !slices.Equal(rows[0], accountsHeader) {
		t.Errorf("csv header: got %q", rows[0])
	}
	if diff := cmp.Diff(w.wantRows(), rows[1:]); diff != "" {
		t.Errorf("csv rows (-want +got):\n%s", diff)
	}

	dc := w.h.StaffClient(w.district)
	x := dc.Expect(dc.Do(http.MethodGet, w.path(w.school, "xlsx"), nil), 200, "")
	if x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		x.Header.Get("Content-Disposition") != `attachment; filename="student-accounts-T001.xlsx"` {
		t.Errorf("xlsx headers: %v", x.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Raw))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	const sheet = "Student Accounts"
	xrows, err := f.GetRows(sheet)
	if err != nil || len(xrows) < 2 || !strings.HasPrefix(xrows[0][0], "CONFIDENTIAL") || !slices.Equal(xrows[1], accountsHeader) {
		t.Fatalf("xlsx rows: %v %q", err, xrows)
	}
	// GetRows drops a row's empty cells at its end, and keeps those before.
	want := w.wantRows()
	for i := range want {
		for len(want[i]) > 0 && want[i][len(want[i])-1] == "" {
			want[i] = want[i][:len(want[i])-1]
		}
	}
	if diff := cmp.Diff(want, xrows[2:]); diff != "" {
		t.Errorf("xlsx rows (-want +got):\n%s", diff)
	}
	formula, _ := f.GetCellFormula(sheet, "E6")
	nameType, _ := f.GetCellType(sheet, "E6")
	gradeType, _ := f.GetCellType(sheet, "F6")
	if formula != "" || nameType != excelize.CellTypeInlineString {
		t.Errorf("xlsx formula name: formula %q type %v", formula, nameType)
	}
	if gradeType != excelize.CellTypeUnset && gradeType != excelize.CellTypeNumber {
		t.Errorf("xlsx grade -1: type %v, want a number", gradeType)
	}

	// An empty school: the marker and the header alone.
	if _, rows := readCSV(t, dc.Expect(dc.Do(http.MethodGet, w.path(w.empty, "csv"), nil), 200, "").Raw); len(rows) != 1 {
		t.Errorf("empty school's csv: got %q", rows)
	}

	for _, want := range []struct{ actor, subject string }{
		{w.principal.ID, "school=" + w.school + " format=csv rows=4"},
		{w.district.ID, "school=" + w.school + " format=xlsx rows=4"},
		{w.district.ID, "school=" + w.empty + " format=csv rows=0"},
	} {
		if n := w.h.Count(`select count(*) from audit_events where action = 'student_accounts_exported'
			and actor_kind = 'staff' and actor_id = $1 and subject_kind = 'student_accounts' and subject_id = $2
			and outcome = 'succeeded' and path = 'staff'`, want.actor, want.subject); n != 1 {
			t.Errorf("audit of %s by %s: %d events, want 1", want.subject, want.actor, n)
		}
	}
}

// TestStudentAccountsScope: a teacher is refused with 403 not_allowed even for her own
// school (the refusal audited); a principal's other school, another district's school, an
// id that is no school answer 404 not_found in both formats, unaudited, with no download
// headers; no staff session is 401.
func TestStudentAccountsScope(t *testing.T) {
	w := newAccountsWorld(t)
	tc, pc, dc, oc := w.h.StaffClient(w.teacherA), w.h.StaffClient(w.principal), w.h.StaffClient(w.district), w.h.StaffClient(w.other)
	for _, format := range []string{"csv", "xlsx"} {
		r := tc.Do(http.MethodGet, w.path(w.school, format), nil)
		if r.Status != 403 || r.Code() != "not_allowed" || r.Header.Get("Content-Disposition") != "" {
			t.Errorf("teacher %s: got %d %q %q", format, r.Status, r.Code(), r.Header.Get("Content-Disposition"))
		}
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'student_accounts_exported' and actor_id = $1
		and outcome = 'refused' and reason = 'not_allowed'`, w.teacherA.ID); n != 2 {
		t.Errorf("teacher's refusals audited: %d, want 2", n)
	}
	for _, tt := range []struct {
		who    string
		c      *apitest.Client
		school string
	}{
		{"principal, another school of the district", pc, w.empty},
		{"principal, another district", pc, w.otherDist},
		{"district admin, another district", dc, w.otherDist},
		{"other district's admin, this district", oc, w.school},
		{"bad id", pc, "not-a-school"},
		{"unknown id", dc, "00000000-0000-4000-8000-000000000000"},
	} {
		for _, format := range []string{"csv", "xlsx"} {
			r := tt.c.Do(http.MethodGet, w.path(tt.school, format), nil)
			if r.Status != 404 || r.Code() != "not_found" || r.Header.Get("Content-Disposition") != "" {
				t.Errorf("%s %s: got %d %q %q", tt.who, format, r.Status, r.Code(), r.Header.Get("Content-Disposition"))
			}
		}
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'student_accounts_exported' and outcome <> 'refused'`); n != 0 {
		t.Errorf("refused downloads audited as exports: %d", n)
	}
	pc.Expect(pc.Do(http.MethodGet, w.path(strings.Repeat("a", 65), "csv"), nil), 400, "too_long")
	anon := w.h.Client()
	anon.Expect(anon.Do(http.MethodGet, w.path(w.school, "csv"), nil), 401, "")
}

// TestStudentAccountsExportsBusy: while two downloads hold the MaxExports slots (their
// query held behind a lock on student_defaults), a burst of simultaneous downloads of the
// report and of the roster, which shares the slots, is refused at once with 429
// exports_busy, each refusal audited and no file sent; the two held downloads then finish
// whole.
func TestStudentAccountsExportsBusy(t *testing.T) {
	w := newAccountsWorld(t, apitest.WithPoolSize(24))
	ctx := context.Background()
	lock, err := w.h.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback(ctx) //nolint:errcheck // no-op after commit
	if _, err := lock.Exec(ctx, `lock table student_defaults in access exclusive mode`); err != nil {
		t.Fatal(err)
	}
	pc, dc := w.h.StaffClient(w.principal), w.h.StaffClient(w.district)
	held := make(chan apitest.Response, 2)
	go func() { held <- pc.Do(http.MethodGet, w.path(w.school, "csv"), nil) }()
	go func() { held <- dc.Do(http.MethodGet, w.path(w.school, "xlsx"), nil) }()
	deadline := time.Now().Add(10 * time.Second)
	for w.h.Count(`select count(*) from pg_stat_activity where wait_event_type = 'Lock'
		and query like '%from students s%student_defaults%'`) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the two downloads never reached their query")
		}
		time.Sleep(10 * time.Millisecond)
	}

	tally, results := burst(t, 12, func(i int) (apitest.Response, error) {
		switch i % 3 {
		case 0:
			return pc.Do(http.MethodGet, w.path(w.school, "csv"), nil), nil
		case 1:
			return dc.Do(http.MethodGet, w.path(w.school, "xlsx"), nil), nil
		default:
			return pc.Do(http.MethodGet, "/api/v1/staff/schools/"+w.school+"/roster.csv", nil), nil
		}
	})
	if diff := cmp.Diff(map[string]int{"429 exports_busy": 12}, tally); diff != "" {
		t.Errorf("burst while busy (-want +got):\n%s", diff)
	}
	for i, r := range results {
		if r.Header.Get("Content-Disposition") != "" || strings.Contains(string(r.Raw), "CONFIDENTIAL") {
			t.Errorf("refused download %d sent a file: %v %s", i, r.Header, r.Raw)
		}
	}
	if err := lock.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		r := <-held
		if r.Status != 200 {
			t.Fatalf("held download: got %d %s", r.Status, r.Raw)
		}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			if _, rows := readCSV(t, r.Raw); len(rows) != 5 {
				t.Errorf("held csv: got %q", rows)
			}
		} else if f, err := excelize.OpenReader(bytes.NewReader(r.Raw)); err != nil {
			t.Errorf("held xlsx: %v", err)
		} else if rows, _ := f.GetRows("Student Accounts"); len(rows) != 6 {
			t.Errorf("held xlsx: got %q", rows)
		}
	}
	for _, want := range []struct {
		action string
		n      int
	}{{"student_accounts_exported", 8}, {"roster_exported", 4}} {
		if n := w.h.Count(`select count(*) from audit_events where action = $1 and outcome = 'refused'
			and reason = 'exports_busy'`, want.action); n != want.n {
			t.Errorf("%s refused as busy: %d audited, want %d", want.action, n, want.n)
		}
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'student_accounts_exported'
		and outcome = 'succeeded' and subject_id like '%rows=4'`); n != 2 {
		t.Errorf("held downloads audited: %d, want 2", n)
	}
}
