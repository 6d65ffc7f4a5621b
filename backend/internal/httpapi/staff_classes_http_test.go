package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// classWorld is a school with two classes: 7-A (Ana, Ben, Cleo) taught by Tess, 7-B (Dev)
// taught by Tom; Sam runs the school, Hal runs another district. Ana has a guardian.
type classWorld struct {
	h                  *apitest.Harness
	ana, ben, cleo     apitest.Student
	dev                apitest.Student
	guardian           apitest.Guardian
	tess, tom, sam     *apitest.StaffMember
	hal                *apitest.StaffMember
	classA, classB     string
	tessClient, samCli *apitest.Client
}

func newClassWorld(t *testing.T) *classWorld {
	t.Helper()
	h := apitest.New(t)
	w := &classWorld{h: h}
	w.ana = h.Student(apitest.StudentOpts{PIN: "8264"})
	w.ben = h.Student(apitest.StudentOpts{})
	w.cleo = h.Student(apitest.StudentOpts{DefaultPassword: true, Password: "Maple-Kite-31"})
	w.dev = h.Student(apitest.StudentOpts{})
	// Distinct last names, so a password can break the rules of one student only.
	for st, last := range map[*apitest.Student]string{&w.ana: "Abbott", &w.ben: "Marlow", &w.cleo: "Castro", &w.dev: "Dunne"} {
		w.exec(t, `update students set last_name = $2 where id = $1`, st.ID, last)
		st.LastName = last
	}
	w.guardian = h.Guardian(apitest.GuardianOpts{})
	h.Link(w.guardian.ID, w.ana.ID, false)
	w.tess = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "7-A", StudentIDs: []string{w.ana.ID, w.ben.ID, w.cleo.ID}}}})
	w.tom = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "7-B", StudentIDs: []string{w.dev.ID}}}})
	w.sam = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	w.hal = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true})
	w.classA, w.classB = w.h.Text(`select id from classes where class_number = '7-A'`), w.h.Text(`select id from classes where class_number = '7-B'`)
	// Cleo's recovery path is locked after failures.
	w.exec(t, `insert into recovery_attempts (username_key, consecutive_failures, locked_until) values ($1, 5, now() + interval '10 minutes')`,
		strings.ToLower(w.cleo.Username))
	w.tessClient, w.samCli = h.Client(), h.Client()
	w.tessClient.SignInStaff(w.tess)
	w.samCli.SignInStaff(w.sam)
	return w
}

func (w *classWorld) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := w.h.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// count counts audit events of action and outcome.
func (w *classWorld) count(t *testing.T, action, outcome string) int {
	t.Helper()
	var n int
	if err := w.h.Pool.QueryRow(context.Background(), `select count(*) from audit_events where action = $1 and outcome = $2`,
		action, outcome).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStaffClassesList: each role lists the classes of its scope, grouped by school, with
// their student counts; another district's admin lists none.
func TestStaffClassesList(t *testing.T) {
	w := newClassWorld(t)
	classes := func(c *apitest.Client) []string {
		r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/classes", nil), 200, "")
		var out []string
		schools, _ := r.Body["schools"].([]any)
		for _, s := range schools {
			for _, cl := range s.(map[string]any)["classes"].([]any) {
				m := cl.(map[string]any)
				out = append(out, m["classNumber"].(string)+":"+strings.Repeat("*", int(m["studentCount"].(float64))))
			}
		}
		return out
	}
	if got := classes(w.tessClient); !slices.Equal(got, []string{"7-A:***"}) {
		t.Errorf("teacher: got %v, want her class only", got)
	}
	if got := classes(w.samCli); !slices.Equal(got, []string{"7-A:***", "7-B:*"}) {
		t.Errorf("school admin: got %v, want every class of the school", got)
	}
	// A district admin lists every class of the district, grouped by school: a second school
	// with an empty class comes as a group of its own.
	w.exec(t, `with sc as (insert into schools (district_id, campus_code, display_code, name)
			select district_id, '90Z901', 'Z901', 'Zinnia School' from schools where id = $1 returning id)
		insert into classes (school_id, class_number, name) select id, 'Z-1', 'Zinnia homeroom' from sc`, w.tess.SchoolID)
	dc := w.h.Client()
	dc.SignInStaff(w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	if got := classes(dc); !slices.Equal(got, []string{"7-A:***", "7-B:*", "Z-1:"}) {
		t.Errorf("district admin: got %v, want every class of the district", got)
	}
	r := dc.Expect(dc.Do(http.MethodGet, "/api/v1/staff/classes", nil), 200, "")
	if schools, _ := r.Body["schools"].([]any); len(schools) != 2 || schools[1].(map[string]any)["schoolName"] != "Zinnia School" {
		t.Errorf("district admin's schools: got %s", r.Raw)
	}
	hc := w.h.Client()
	hc.SignInStaff(w.hal)
	if got := classes(hc); len(got) != 0 {
		t.Errorf("another district's admin: got %v, want none", got)
	}
	hc.Expect(hc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classA, nil), 404, "not_found")
	w.h.Client().Expect(w.h.Client().Do(http.MethodGet, "/api/v1/staff/classes", nil), 401, "")
}

// TestStaffClassRoster: the roster shows each student's status; a class outside scope, or
// an id that is no class, is 404, and the refusal is audited.
func TestStaffClassRoster(t *testing.T) {
	w := newClassWorld(t)
	c := w.tessClient
	r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classA, nil), 200, "")
	students, _ := r.Body["students"].([]any)
	if len(students) != 3 {
		t.Fatalf("roster: got %s", r.Raw)
	}
	got := map[string]map[string]any{}
	var order []string
	for _, s := range students {
		m := s.(map[string]any)
		got[m["id"].(string)] = m
		order = append(order, m["lastName"].(string))
	}
	if !slices.Equal(order, []string{"Abbott", "Castro", "Marlow"}) {
		t.Errorf("roster order: got %v, want by last name", order)
	}
	ana, cleo := got[w.ana.ID], got[w.cleo.ID]
	if ana["pinSet"] != true || ana["recoveryLocked"] != false || ana["schoolIssuedPasswordAvailable"] != false ||
		ana["username"] != w.ana.Username || ana["studentNumber"] != w.ana.StudentNumber || ana["grade"] != float64(7) {
		t.Errorf("Ana's status: got %v", ana)
	}
	if cleo["pinSet"] != false || cleo["recoveryLocked"] != true || cleo["schoolIssuedPasswordAvailable"] != true {
		t.Errorf("Cleo's status: got %v", cleo)
	}
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classB, nil), 404, "not_found")
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/classes/not-a-uuid", nil), 404, "not_found")
	if n := w.count(t, "class_view", "refused"); n != 2 {
		t.Errorf("refused roster views audited: got %d, want 2", n)
	}
	w.samCli.Expect(w.samCli.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classB, nil), 200, "")
}

// TestStaffClassResetRefused: every refusal of a bulk reset has its status and code and
// changes nothing; each is audited.
func TestStaffClassResetRefused(t *testing.T) {
	w := newClassWorld(t)
	before := studentSecrets(w.h)
	reset := func(c *apitest.Client, class string, body map[string]any) apitest.Response {
		return c.Do(http.MethodPost, "/api/v1/staff/classes/"+class+"/reset", body)
	}
	one := func(students any, pw, confirm string) map[string]any {
		return map[string]any{"students": students, "mode": "one", "newPassword": pw, "confirmPassword": confirm, "mustChange": true}
	}
	tc, sc := w.tessClient, w.samCli
	all := []string{w.ana.ID, w.ben.ID, w.cleo.ID}

	// Bad requests: 400, nothing reaches the service.
	tc.Expect(reset(tc, w.classA, map[string]any{"students": "some", "mode": "generated", "mustChange": false}), 400, "invalid_field")
	tc.Expect(reset(tc, w.classA, map[string]any{"students": []int{1}, "mode": "generated", "mustChange": false}), 400, "invalid_field")
	tc.Expect(reset(tc, w.classA, map[string]any{"students": all, "mode": "typed", "mustChange": false}), 400, "invalid_parameter")
	tc.Expect(reset(tc, w.classA, map[string]any{"students": all, "mode": "one", "newPassword": "x", "mustChange": false}), 400, "missing_field")
	tc.Expect(reset(tc, w.classA, map[string]any{"students": all, "mode": "generated", "newPassword": "x", "mustChange": false}), 400, "unexpected_field")
	tc.Expect(reset(tc, w.classA, map[string]any{"students": all, "mode": "generated"}), 400, "missing_field")

	// An empty selection: 422 empty_selection.
	tc.Expect(reset(tc, w.classA, map[string]any{"students": []string{}, "mode": "generated", "mustChange": true}), 422, "empty_selection")
	// The confirmation differs: 422 password_rules, confirm_mismatch.
	r := tc.Expect(reset(tc, w.classA, one(all, "Violet-Harbor-82", "Violet-Harbor-83")), 422, "password_rules")
	if !slices.Equal(r.Rules(), []string{"confirm_mismatch"}) {
		t.Errorf("mismatch: got %s", r.Raw)
	}
	// The password holds Ben's last name: refused for Ben only, named, on students/{id}.
	r = tc.Expect(reset(tc, w.classA, one(all, "Marlow-Harbor-82", "Marlow-Harbor-82")), 422, "password_rules")
	if !slices.Equal(r.Rules(), []string{"contains_name"}) || !strings.Contains(r.String("message"), w.ben.Username) ||
		!strings.Contains(string(r.Raw), `"field":"students/`+w.ben.ID+`"`) || strings.Contains(string(r.Raw), w.ana.Username) {
		t.Errorf("rules for Ben: got %s", r.Raw)
	}
	// Too weak for everyone: one detail per student and rule.
	r = tc.Expect(reset(tc, w.classA, one(all, "short", "short")), 422, "password_rules")
	if d, _ := r.Body["details"].([]any); len(d) < 3 {
		t.Errorf("weak password: got %s, want details for each student", r.Raw)
	}
	// A student of another class in a teacher's selection is outside her scope: 404, whole
	// request refused.
	tc.Expect(reset(tc, w.classA, map[string]any{"students": []string{w.ana.ID, w.dev.ID}, "mode": "generated", "mustChange": true}), 404, "not_found")
	tc.Expect(reset(tc, w.classA, map[string]any{"students": []string{w.ana.ID, "not-a-uuid"}, "mode": "generated", "mustChange": true}), 404, "not_found")
	// Another teacher's class: 404.
	tc.Expect(reset(tc, w.classB, map[string]any{"students": "all", "mode": "generated", "mustChange": true}), 404, "not_found")
	// A school admin sees Dev, but Dev is not in 7-A: 422 student_not_in_class, naming him.
	r = sc.Expect(reset(sc, w.classA, map[string]any{"students": []string{w.ana.ID, w.dev.ID}, "mode": "generated", "mustChange": true}), 422, "student_not_in_class")
	if !strings.Contains(r.String("message"), w.dev.Username) {
		t.Errorf("not in class: got %s", r.Raw)
	}
	// A second factor six minutes old: 403 second_factor_stale.
	stale, _, err := w.h.TokenIssuer().IssueStaff(tokens.Session, w.tess.ID, 1,
		tokens.StaffTimes{SignInAt: time.Now().Add(-time.Hour), SecondFactorAt: time.Now().Add(-6 * time.Minute)}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cookie := apitest.StaffCookieName + "=" + stale
	csrf := w.h.Client().Do(http.MethodGet, "/api/v1/staff/session", nil, "Cookie", cookie).String("csrfToken")
	r = w.h.Client().Do(http.MethodPost, "/api/v1/staff/classes/"+w.classA+"/reset",
		map[string]any{"students": "all", "mode": "generated", "mustChange": true}, "Cookie", cookie, "X-CSRF-Token", csrf)
	if r.Status != 403 || r.Code() != "second_factor_stale" {
		t.Errorf("stale second factor: got %d %s, want 403 second_factor_stale", r.Status, r.Raw)
	}

	if after := studentSecrets(w.h); after != before {
		t.Error("a refused bulk reset changed a student's password")
	}
	if n := w.count(t, "password_changed", "succeeded"); n != 0 {
		t.Errorf("password_changed events after refusals: got %d, want 0", n)
	}
	// Refused: empty, mismatch, Ben's rules, weak, two outside scope, other class, not in
	// class, stale.
	if n := w.count(t, "class_password_reset", "refused"); n != 9 {
		t.Errorf("refused bulk resets audited: got %d, want 9", n)
	}
	// The refused students are audited on their own trail too: Ben, the weak password's
	// three, Dev, the bad id, and Dev again for not being in the class.
	if n := w.count(t, "password_changed", "refused"); n != 7 {
		t.Errorf("refused students audited: got %d, want 7", n)
	}
}

// TestStaffClassResetGenerated: "all" with generated passwords resets every student of the
// class in one go: each gets their own school-issued password, shown once, must change it,
// and is emailed (with their guardian); one audit event per student and one for the class.
func TestStaffClassResetGenerated(t *testing.T) {
	w := newClassWorld(t)
	devBefore := w.h.Text(`select password_hash from students where id = $1`, w.dev.ID)
	c := w.tessClient
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classA+"/reset",
		map[string]any{"students": "all", "mode": "generated", "mustChange": true}), 200, "")
	rows, _ := r.Body["students"].([]any)
	if len(rows) != 3 {
		t.Fatalf("result: got %s", r.Raw)
	}
	seen := map[string]bool{}
	for _, row := range rows {
		m := row.(map[string]any)
		pw, _ := m["password"].(string)
		if pw == "" || seen[pw] {
			t.Errorf("each student needs a password of their own: got %s", r.Raw)
		}
		seen[pw] = true
		sc := w.h.Client()
		sc.SignIn(m["username"].(string), pw)
	}
	if n := w.h.Text(`select count(*)::text from students where must_change_password and default_password_sealed is not null
		and password_hash is null and id = any($1::uuid[])`, []string{w.ana.ID, w.ben.ID, w.cleo.ID}); n != "3" {
		t.Errorf("sealed with must-change: got %s of 3", n)
	}
	if after := w.h.Text(`select password_hash from students where id = $1`, w.dev.ID); after != devBefore {
		t.Error("a student of another class changed")
	}
	for _, to := range []string{w.ana.Email, w.ben.Email, w.cleo.Email, w.guardian.Email} {
		w.h.WaitForMail(to, nil)
	}
	if n := w.count(t, "password_changed", "succeeded"); n != 3 {
		t.Errorf("password_changed events: got %d, want 3", n)
	}
	if n := w.count(t, "class_password_reset", "succeeded"); n != 1 {
		t.Errorf("bulk events: got %d, want 1", n)
	}
}

// TestStaffClassResetOnePassword: one typed password for some students stores one hash for
// them (hashed once) and leaves the rest of the class alone.
func TestStaffClassResetOnePassword(t *testing.T) {
	w := newClassWorld(t)
	cleoBefore := studentSecrets(w.h)
	c := w.tessClient
	const pw = "Violet-Harbor-82"
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classA+"/reset", map[string]any{
		"students": []string{w.ben.ID, w.ana.ID, w.ana.ID}, "mode": "one", "newPassword": pw, "confirmPassword": pw, "mustChange": false}), 200, "")
	rows, _ := r.Body["students"].([]any)
	if len(rows) != 2 || strings.Contains(string(r.Raw), `"password"`) {
		t.Fatalf("result: got %s, want Ana and Ben without passwords", r.Raw)
	}
	if first := rows[0].(map[string]any); first["lastName"] != "Abbott" {
		t.Errorf("result order: got %s", r.Raw)
	}
	if n := w.h.Text(`select count(distinct password_hash)::text from students where id = any($1::uuid[])
		and not must_change_password and default_password_sealed is null`, []string{w.ana.ID, w.ben.ID}); n != "1" {
		t.Errorf("distinct hashes for one password: got %s, want 1", n)
	}
	w.h.Client().SignIn(w.ana.Username, pw)
	w.h.Client().SignIn(w.ben.Username, pw)
	if cleo := w.h.Text(`select encode(default_password_sealed, 'hex') from students where id = $1`, w.cleo.ID); !strings.Contains(cleoBefore, cleo) {
		t.Error("Cleo, not selected, changed")
	}
	w.h.WaitForMail(w.guardian.Email, nil)
	w.h.WaitForMail(w.ben.Email, nil)
	if n := w.count(t, "password_changed", "succeeded"); n != 2 {
		t.Errorf("password_changed events: got %d, want 2", n)
	}
}

// TestStaffClassResetBurst: bulk resets of one class at once, by its teacher and the school
// admin, all succeed one after another (the rows are locked in one order, so none
// deadlocks), each student ends with the password of one of them, and a selection over
// the limit is refused without reading a student.
func TestStaffClassResetBurst(t *testing.T) {
	w := newClassWorld(t)
	const n = 6
	statuses := make(chan int, n)
	for i := range n {
		c := w.tessClient
		if i%2 == 1 {
			c = w.samCli
		}
		go func() {
			statuses <- c.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classA+"/reset",
				map[string]any{"students": "all", "mode": "generated", "mustChange": true}).Status
		}()
	}
	for range n {
		if s := <-statuses; s != 200 {
			t.Errorf("concurrent bulk reset: got %d, want 200", s)
		}
	}
	if got := w.count(t, "password_changed", "succeeded"); got != 3*n {
		t.Errorf("password_changed events: got %d, want %d", got, 3*n)
	}
	many := make([]string, 201)
	for i := range many {
		many[i] = w.ana.ID
	}
	w.tessClient.Expect(w.tessClient.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classA+"/reset",
		map[string]any{"students": many, "mode": "generated", "mustChange": true}), 422, "selection_too_large")
}
