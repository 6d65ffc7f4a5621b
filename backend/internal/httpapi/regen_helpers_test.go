package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

const regenDryRunPath = "/api/v1/staff/district/regenerations/dry-run"

// regenWorld is district 901 with three schools: 90T001 (grades 3, 3, 4, 5 and -9),
// 90T002 (grades 3, 4, 4 and 7) and 90T003 (one grade 3); district 902 with school 90T902
// (one grade 3 student of its own); a district admin, a school admin and a teacher of 901.
type regenWorld struct {
	h                         *apitest.Harness
	seeded                    atomic.Int64
	distAdm, admin, teacher   *apitest.StaffMember
	distC, adminC, teacherC   *apitest.Client
	schoolA, schoolB, schoolC string
}

func newRegenWorld(t *testing.T, opts ...apitest.Option) *regenWorld {
	t.Helper()
	h := apitest.New(t, opts...)
	w := &regenWorld{h: h}
	first := h.Student(apitest.StudentOpts{Grade: 3})
	w.schoolA = w.h.Text(`select school_id::text from students where id = $1`, first.ID)
	w.schoolB = w.h.Text(`insert into schools (district_id, campus_code, display_code, name)
		select district_id, '90T002', 'T002', 'Birch Elementary' from schools where id = $1 returning id::text`, w.schoolA)
	w.schoolC = w.h.Text(`insert into schools (district_id, campus_code, display_code, name)
		select district_id, '90T003', 'T003', 'Cedar High School' from schools where id = $1 returning id::text`, w.schoolA)
	for _, g := range []int{3, 4, 5, -9} {
		h.Student(apitest.StudentOpts{Grade: g})
	}
	w.move(t, w.schoolB, 3, 4, 4, 7)
	w.move(t, w.schoolC, 3)
	w.distAdm = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	w.admin = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin, SchoolID: w.schoolA})
	w.teacher = h.Staff(apitest.StaffOpts{})
	// A district admin of district 902 makes its school, 90T902; one student of grade 3 there.
	h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true})
	w.move(t, w.h.Text(`select id::text from schools where campus_code = '90T902'`), 3)
	w.distC, w.adminC, w.teacherC = w.h.StaffClient(w.distAdm), w.h.StaffClient(w.admin), w.h.StaffClient(w.teacher)
	return w
}

// move creates a student of each grade in school (made in the test school, then moved).
func (w *regenWorld) move(t *testing.T, school string, grades ...int) {
	t.Helper()
	for _, g := range grades {
		st := w.h.Student(apitest.StudentOpts{Grade: g})
		if _, err := w.h.Pool.Exec(context.Background(), `update students set school_id = $2 where id = $1`, st.ID, school); err != nil {
			t.Fatal(err)
		}
	}
}

// state is every student's secrets, the rows of the tables a regeneration would write (its
// drafts aside: a dry run stores one) and the audit trail's length, to show a dry run
// changed nothing.
func (w *regenWorld) state(t *testing.T) string {
	t.Helper()
	return studentSecrets(w.h) + w.h.Text(`select '|' || (select count(*) from bulk_jobs) || '|' || (select count(*) from schools)
		|| '|' || (select count(*) from audit_events) || '|' || (select count(*) from student_defaults)
		|| '|' || (select count(*) from regen_requests where state <> 'draft')
		|| '|' || (select count(*) from river_job where kind = 'regen_run')`)
}

// regenBody is a valid request of district 901 with fields replaced by extra.
func regenBody(extra map[string]any) map[string]any {
	body := map[string]any{"psuCode": "901", "alsoReset": false, "forceChange": false}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

// dryRun is a decoded RegenerationDryRun.
type dryRun struct {
	Total   int `json:"total"`
	Schools []struct {
		CampusCode string `json:"campusCode"`
		Name       string `json:"name"`
		Total      int    `json:"total"`
		Grades     []struct {
			Grade int `json:"grade"`
			Count int `json:"count"`
		} `json:"grades"`
	} `json:"schools"`
}

func decodeDryRun(t *testing.T, r apitest.Response) dryRun {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("dry run: %d %s", r.Status, r.Raw)
	}
	var d dryRun
	if err := json.Unmarshal(r.Raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// violation is one decoded detail of an error body.
type violation struct {
	Rule, Field, Value, Message string
}

func violationsOf(t *testing.T, r apitest.Response) []violation {
	t.Helper()
	var body struct {
		Details []violation `json:"details"`
	}
	if err := json.Unmarshal(r.Raw, &body); err != nil {
		t.Fatal(err)
	}
	return body.Details
}

// staleClient is a session of m whose second factor is six minutes old, and its CSRF token.
func (w *regenWorld) staleClient(t *testing.T, m *apitest.StaffMember) (cookie, csrf string) {
	t.Helper()
	stale, _, err := w.h.TokenIssuer().IssueStaff(tokens.Session, m.ID, 1,
		tokens.StaffTimes{SignInAt: time.Now().Add(-time.Hour), SecondFactorAt: time.Now().Add(-6 * time.Minute)}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cookie = apitest.StaffCookieName + "=" + stale
	return cookie, w.h.Client().Do(http.MethodGet, "/api/v1/staff/session", nil, "Cookie", cookie).String("csrfToken")
}

// regenPath is a request's address under the regeneration routes.
func regenPath(id, action string) string {
	p := "/api/v1/staff/district/regenerations/" + id
	if action != "" {
		p += "/" + action
	}
	return p
}

// draft runs a dry run as c and returns the stored draft's id.
func (w *regenWorld) draft(t *testing.T, c *apitest.Client, extra map[string]any) string {
	t.Helper()
	r := c.Do(http.MethodPost, regenDryRunPath, regenBody(extra))
	if r.Status != http.StatusOK || r.String("requestId") == "" {
		t.Fatalf("dry run: %d %s", r.Status, r.Raw)
	}
	return r.String("requestId")
}

// confirm confirms draft id as c and fails the test unless it is queued.
func (w *regenWorld) confirm(t *testing.T, c *apitest.Client, id string) apitest.Response {
	t.Helper()
	r := c.Do(http.MethodPost, regenPath(id, "run"), nil)
	if r.Status != http.StatusAccepted || r.String("status") != "queued" {
		t.Fatalf("confirm: %d %s", r.Status, r.Raw)
	}
	return r
}

// waitEnded polls request id as the page does until it has ended, and returns it.
func (w *regenWorld) waitEnded(t *testing.T, id string) apitest.Response {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := w.distC.Do(http.MethodGet, regenPath(id, ""), nil)
		if r.Status != http.StatusOK {
			t.Fatalf("progress: %d %s", r.Status, r.Raw)
		}
		if s := r.String("status"); s != "queued" && s != "running" {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("request %s has not ended: %s", id, r.Raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// number reads a numeric field of a response.
func number(r apitest.Response, field string) int {
	f, _ := r.Body[field].(float64)
	return int(f)
}

// seedGrade adds n students of grade to school with one SQL statement (no hashing), named
// prefix1 … prefixN.
func (w *regenWorld) seedGrade(t *testing.T, school, prefix string, grade, n int) {
	t.Helper()
	if _, err := w.h.Pool.Exec(context.Background(), `insert into students (school_id, student_number, username, email,
			first_name, last_name, grade, date_of_birth, password_hash, password_changed_at)
		select $1, lpad((700000000 + g + $5)::text, 9, '0'), $2 || g, $2 || g || '@students.test.example', 'Kid' || g,
			'Seed' || (g % 97), $3, '2015-05-01', 'x', now()
		from generate_series(1, $4) g`, school, prefix, grade, n, int(w.seeded.Add(int64(n)))-n); err != nil {
		t.Fatal(err)
	}
}

// exec runs a statement of the test's own on the database.
func (w *regenWorld) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := w.h.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
