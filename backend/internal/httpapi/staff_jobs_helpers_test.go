package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// jobWorld is a school of five students (three in grade 7, two in grade 5; the first has a
// Spanish-speaking guardian) with a teacher of a class of two, a school admin and a
// district admin; an empty school of the same district; and an admin of another district.
type jobWorld struct {
	h                       *apitest.Harness
	students                []apitest.Student
	guardian                apitest.Guardian
	school, empty           string
	teacher, admin, distAdm *apitest.StaffMember
	stranger                *apitest.StaffMember
	adminC, distC           *apitest.Client
}

func newJobWorld(t *testing.T) *jobWorld {
	t.Helper()
	h := apitest.New(t, apitest.WithPoolSize(16))
	w := &jobWorld{h: h}
	for _, g := range []int{7, 7, 7, 5, 5} {
		w.students = append(w.students, h.Student(apitest.StudentOpts{Grade: g}))
	}
	w.guardian = h.Guardian(apitest.GuardianOpts{Locale: "es"})
	h.Link(w.guardian.ID, w.students[0].ID, false)
	w.school = w.h.Text(`select school_id::text from students where id = $1`, w.students[0].ID)
	w.empty = w.h.Text(`insert into schools (district_id, campus_code, display_code, name)
		select district_id, '90T009', 'T009', 'Empty Elementary' from schools where id = $1 returning id::text`, w.school)
	w.teacher = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "J-1", StudentIDs: []string{w.students[0].ID, w.students[1].ID}}}})
	w.admin = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin, SchoolID: w.school})
	w.distAdm = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	w.stranger = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true})
	w.adminC, w.distC = w.h.StaffClient(w.admin), w.h.StaffClient(w.distAdm)
	return w
}

// generated is a school reset request with a generated password each.
func generated(extra map[string]any) map[string]any {
	body := map[string]any{"mode": "generated", "mustChange": true}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

// startReset posts a school reset.
func startReset(c *apitest.Client, school string, body any) apitest.Response {
	return c.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/reset", body)
}

// waitJob polls a job until it has finished, and returns it.
func waitJob(t *testing.T, c *apitest.Client, id string) apitest.Response {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/jobs/"+id, nil), 200, "")
		if s := r.String("state"); s == "done" || s == "failed" {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s did not finish: %s", id, r.Raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// holdStudents locks the school's students in an open transaction, as a slow chunk would:
// a job's chunk waits for the locks (it locks its students for update), while starting a
// job only reads them. The returned function releases them.
func (w *jobWorld) holdStudents(t *testing.T, school string) func() {
	t.Helper()
	tx, err := w.h.Pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), `select 1 from students where school_id = $1 for no key update`, school); err != nil {
		t.Fatal(err)
	}
	return func() { _ = tx.Rollback(context.Background()) }
}

// staleClient is a session of m whose second factor is six minutes old.
func (w *jobWorld) staleClient(t *testing.T, m *apitest.StaffMember) (cookie, csrf string) {
	t.Helper()
	stale, _, err := w.h.TokenIssuer().IssueStaff(tokens.Session, m.ID, 1,
		tokens.StaffTimes{SignInAt: time.Now().Add(-time.Hour), SecondFactorAt: time.Now().Add(-6 * time.Minute)}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cookie = apitest.StaffCookieName + "=" + stale
	return cookie, w.h.Client().Do(http.MethodGet, "/api/v1/staff/session", nil, "Cookie", cookie).String("csrfToken")
}
