package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// hyperlink is a student's name that a spreadsheet would run as a formula.
const hyperlink = `=HYPERLINK("http://x","y")`

// rosterWorld is a school of three students (one named as a formula, in grade -1), a
// teacher with a class of one of them, a school admin, a district admin, an admin of another
// district, and an empty second school of the district.
type rosterWorld struct {
	h                         *apitest.Harness
	school, empty, otherDist  string
	formula, classmate, other apitest.Student
	teacher, admin, district  *apitest.StaffMember
	stranger                  *apitest.StaffMember
}

func newRosterWorld(t *testing.T) *rosterWorld {
	h := apitest.New(t)
	w := &rosterWorld{h: h}
	w.formula = h.Student(apitest.StudentOpts{Grade: -1, PIN: "4821"})
	w.classmate = h.Student(apitest.StudentOpts{Grade: 5, DefaultPassword: true, MustChangePassword: true})
	w.other = h.Student(apitest.StudentOpts{Grade: 5})
	ctx := context.Background()
	if _, err := h.Pool.Exec(ctx, `update students set first_name = $2 where id = $1`, w.formula.ID, hyperlink); err != nil {
		t.Fatal(err)
	}
	w.teacher = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "K-1", StudentIDs: []string{w.formula.ID, w.classmate.ID}}}})
	w.admin = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	w.district = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	w.stranger = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true})
	if err := h.Pool.QueryRow(ctx, `select school_id from students where id = $1`, w.formula.ID).Scan(&w.school); err != nil {
		t.Fatal(err)
	}
	if err := h.Pool.QueryRow(ctx, `insert into schools (district_id, campus_code, display_code, name)
		select district_id, '90T003', 'T003', 'Empty Elementary' from schools where id = $1 returning id`, w.school).Scan(&w.empty); err != nil {
		t.Fatal(err)
	}
	if err := h.Pool.QueryRow(ctx, `select s.id from schools s join staff m on m.district_id = s.district_id
		where m.id = $1`, w.stranger.ID).Scan(&w.otherDist); err != nil {
		t.Fatal(err)
	}
	return w
}

// schoolNames lists the names of GET /staff/schools.
func schoolNames(t *testing.T, r apitest.Response) []string {
	t.Helper()
	var schools []struct{ Name string }
	if err := json.Unmarshal(r.Raw, &schools); err != nil {
		t.Fatalf("schools: %v in %s", err, r.Raw)
	}
	var names []string
	for _, s := range schools {
		names = append(names, s.Name)
	}
	return names
}

// TestStaffRosterScope checks who sees which schools and rosters: a teacher her class's
// students in her class's school, a school admin the school, a district admin every school
// of the district; every other school answers 404 not_found, as a bad id does, and files
// are refused the same way.
func TestStaffRosterScope(t *testing.T) {
	w := newRosterWorld(t)
	tc, ac, dc, sc := w.h.StaffClient(w.teacher), w.h.StaffClient(w.admin), w.h.StaffClient(w.district), w.h.StaffClient(w.stranger)

	for _, tt := range []struct {
		who  string
		c    *apitest.Client
		want string
	}{
		{"teacher", tc, "Test Middle School"},
		{"school admin", ac, "Test Middle School"},
		{"district admin", dc, "Empty Elementary,Test Middle School"},
		{"other district's admin", sc, "Other Middle School"},
	} {
		r := tt.c.Expect(tt.c.Do(http.MethodGet, "/api/v1/staff/schools", nil), 200, "")
		if got := strings.Join(schoolNames(t, r), ","); got != tt.want {
			t.Errorf("%s's schools: got %q, want %q", tt.who, got, tt.want)
		}
	}

	roster := func(c *apitest.Client, school string) []map[string]any {
		t.Helper()
		r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/schools/"+school+"/roster", nil), 200, "")
		var out []map[string]any
		if err := json.Unmarshal(r.Raw, &out); err != nil || out == nil {
			t.Fatalf("roster: %v in %s", err, r.Raw)
		}
		return out
	}
	if got := roster(tc, w.school); len(got) != 2 {
		t.Errorf("teacher's roster: got %d students, want her class's 2", len(got))
	}
	if got := roster(ac, w.school); len(got) != 3 {
		t.Errorf("school admin's roster: got %d students, want 3", len(got))
	}
	if got := roster(dc, w.school); len(got) != 3 {
		t.Errorf("district admin's roster: got %d students, want 3", len(got))
	}
	if got := roster(dc, w.empty); len(got) != 0 {
		t.Errorf("empty school's roster: got %v, want []", got)
	}
	for _, row := range roster(ac, w.school) {
		if _, ok := row["password"]; ok || row["studentNumber"] == w.classmate.StudentNumber &&
			(row["mustChangePassword"] != true || row["passwordChangedAt"] != nil) {
			t.Errorf("roster row: %v", row)
		}
		if row["studentNumber"] == w.formula.StudentNumber && (row["grade"] != float64(-1) || row["pinSet"] != true) {
			t.Errorf("grade -1 row: %v", row)
		}
	}

	// Outside the scope: the other district's school, the empty school for a teacher and
	// a school admin (neither teaches or works there), an id that is no uuid, one that is
	// no school. Each is 404 not_found in every format.
	for _, tt := range []struct {
		who    string
		c      *apitest.Client
		school string
	}{
		{"district admin, other district", dc, w.otherDist},
		{"other district's admin, this district", sc, w.school},
		{"teacher, school without her classes", tc, w.empty},
		{"school admin, another school", ac, w.empty},
		{"bad id", ac, "not-a-school"},
		{"unknown id", ac, "00000000-0000-4000-8000-000000000000"},
	} {
		for _, suffix := range []string{"/roster", "/roster.csv", "/roster.xlsx"} {
			r := tt.c.Do(http.MethodGet, "/api/v1/staff/schools/"+tt.school+suffix, nil)
			if r.Status != 404 || r.Code() != "not_found" || r.Header.Get("Content-Disposition") != "" {
				t.Errorf("%s %s: got %d %q %q", tt.who, suffix, r.Status, r.Code(), r.Header.Get("Content-Disposition"))
			}
		}
	}
	// An id longer than the contract's 64 characters is refused before any lookup.
	ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/schools/"+strings.Repeat("a", 65)+"/roster.csv", nil), 400, "too_long")
	if n := w.h.Count(`select count(*) from audit_events where action = 'roster_exported'`); n != 0 {
		t.Errorf("refused downloads audited as exports: %d", n)
	}

	// Not signed in as staff: 401.
	anon := w.h.Client()
	anon.Expect(anon.Do(http.MethodGet, "/api/v1/staff/schools", nil), 401, "")
	anon.Expect(anon.Do(http.MethodGet, "/api/v1/staff/schools/"+w.school+"/roster.csv", nil), 401, "")
}

// TestStaffSchoolGrades checks the grades each school lists: those with students in the
// staff member's scope, lowest first; a teacher sees only her class's grades, an empty
// school none.
func TestStaffSchoolGrades(t *testing.T) {
	w := newRosterWorld(t)
	if _, err := w.h.Pool.Exec(context.Background(), `update students set grade = 3 where id = $1`, w.other.ID); err != nil {
		t.Fatal(err)
	}
	grades := func(m *apitest.StaffMember) map[string][]int {
		t.Helper()
		c := w.h.StaffClient(m)
		r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/schools", nil), 200, "")
		var schools []struct {
			Name   string
			Grades []int
		}
		if err := json.Unmarshal(r.Raw, &schools); err != nil {
			t.Fatalf("schools: %v in %s", err, r.Raw)
		}
		out := map[string][]int{}
		for _, s := range schools {
			if s.Grades == nil {
				t.Errorf("%s: grades missing in %s", s.Name, r.Raw)
			}
			out[s.Name] = s.Grades
		}
		return out
	}
	for _, tt := range []struct {
		who  string
		m    *apitest.StaffMember
		want map[string][]int
	}{
		{"teacher", w.teacher, map[string][]int{"Test Middle School": {-1, 5}}},
		{"school admin", w.admin, map[string][]int{"Test Middle School": {-1, 3, 5}}},
		{"district admin", w.district, map[string][]int{"Test Middle School": {-1, 3, 5}, "Empty Elementary": {}}},
	} {
		if got := grades(tt.m); !cmp.Equal(got, tt.want) {
			t.Errorf("%s's grades: got %v, want %v", tt.who, got, tt.want)
		}
	}
}
