package httpapi_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestSchoolJobRefused: every bad request answers its own status and code, and none
// changes a student or stores a job.
func TestSchoolJobRefused(t *testing.T) {
	w := newJobWorld(t)
	before := studentSecrets(w.h)
	ac, dc := w.adminC, w.distC
	tc, sc := w.h.StaffClient(w.teacher), w.h.StaffClient(w.stranger)
	one := func(pw, confirm string) map[string]any {
		return map[string]any{"mode": "one", "newPassword": pw, "confirmPassword": confirm, "mustChange": false}
	}
	codes := func(c *apitest.Client, school string, body any) apitest.Response {
		return c.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/access-codes", body)
	}
	for _, tt := range []struct {
		name         string
		r            apitest.Response
		status       int
		code, inText string
	}{
		{"no mode", startReset(ac, w.school, map[string]any{"mustChange": true}), 400, "missing_field", ""},
		{"unknown mode", startReset(ac, w.school, generated(map[string]any{"mode": "typed"})), 400, "invalid_parameter", ""},
		{"one without password", startReset(ac, w.school, map[string]any{"mode": "one", "mustChange": true}), 400, "missing_field", ""},
		{"generated with password", startReset(ac, w.school, generated(map[string]any{"newPassword": "x"})), 400, "unexpected_field", ""},
		{"unknown grade", startReset(ac, w.school, generated(map[string]any{"grade": 42})), 400, "invalid_field", ""},
		{"unknown field", startReset(ac, w.school, generated(map[string]any{"students": "all"})), 400, "", ""},
		{"codes without reissue", codes(ac, w.school, map[string]any{}), 400, "missing_field", ""},
		{"teacher resets", startReset(tc, w.school, generated(nil)), 403, "not_allowed", ""},
		{"teacher issues codes", codes(tc, w.school, map[string]any{"reissue": false}), 403, "not_allowed", ""},
		{"other district's admin", startReset(sc, w.school, generated(nil)), 404, "not_found", ""},
		{"school admin, another school", startReset(ac, w.empty, generated(nil)), 404, "not_found", ""},
		{"no such school", startReset(dc, "not-a-school", generated(nil)), 404, "not_found", ""},
		{"confirmation differs", startReset(ac, w.school, one("Violet-Harbor-82", "Violet-Harbor-83")), 422, "password_rules", "confirm_mismatch"},
		{"weak for everyone", startReset(ac, w.school, one("short", "short")), 422, "password_rules", ""},
		{"holds a student's username", startReset(ac, w.school, one(w.students[3].Username+"-Harbor-82", w.students[3].Username+"-Harbor-82")),
			422, "password_rules", w.students[3].Username},
		{"empty school", startReset(dc, w.empty, generated(nil)), 422, "empty_selection", ""},
		{"empty grade", startReset(ac, w.school, generated(map[string]any{"grade": 11})), 422, "empty_selection", ""},
		{"codes for an empty grade", codes(ac, w.school, map[string]any{"reissue": true, "grade": 2}), 422, "empty_selection", ""},
	} {
		if tt.r.Status != tt.status || tt.code != "" && tt.r.Code() != tt.code || !strings.Contains(string(tt.r.Raw), tt.inText) {
			t.Errorf("%s: got %d %s, want %d %s (with %q)", tt.name, tt.r.Status, tt.r.Raw, tt.status, tt.code, tt.inText)
		}
	}
	cookie, csrf := w.staleClient(t, w.admin)
	r := w.h.Client().Do(http.MethodPost, "/api/v1/staff/schools/"+w.school+"/reset", generated(nil), "Cookie", cookie, "X-CSRF-Token", csrf)
	if r.Status != 403 || r.Code() != "second_factor_stale" {
		t.Errorf("stale second factor: got %d %s", r.Status, r.Raw)
	}

	if after := studentSecrets(w.h); after != before {
		t.Error("a refused job changed a student")
	}
	if n := w.h.Count(`select count(*) from bulk_jobs`); n != 0 {
		t.Errorf("refusals stored %d jobs", n)
	}
	// Refusals past the request's shape are audited on the school: teacher (2), scope (3),
	// rules (3), empty (3), stale.
	if n := w.h.Count(`select count(*) from audit_events where subject_kind = 'school' and outcome = 'refused'`); n != 12 {
		t.Errorf("refusals audited: got %d, want 12", n)
	}
}

// TestSchoolJobTooLarge: a selection over 20,000 students is refused before anything is
// stored.
func TestSchoolJobTooLarge(t *testing.T) {
	w := newJobWorld(t)
	w.h.Count(`with ins as (insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash)
		select $1, lpad((700000000 + g)::text, 9, '0'), 'big' || g, 'big' || g || '@x.example', 'Big', 'School', 9, '2010-01-01', 'x'
		from generate_series(1, 20001) g returning 1) select count(*) from ins`, w.empty)
	r := startReset(w.distC, w.empty, generated(nil))
	if r.Status != 422 || r.Code() != "selection_too_large" {
		t.Errorf("20,001 students: got %d %s, want 422 selection_too_large", r.Status, r.Raw)
	}
	if n := w.h.Count(`select count(*) from bulk_jobs`); n != 0 {
		t.Errorf("stored %d jobs", n)
	}
	// One grade of it fits.
	w.h.Count(`with u as (update students set grade = 10 where school_id = $1 and username <> 'big1' returning 1) select count(*) from u`, w.empty)
	w.distC.Expect(startReset(w.distC, w.empty, generated(map[string]any{"grade": 9})), 202, "")
}

// TestSchoolJobOnePerSchool: ten admins' starts at once on one school give exactly one job;
// the nine others are 409 job_running, and a job on another school is not held up.
func TestSchoolJobOnePerSchool(t *testing.T) {
	w := newJobWorld(t)
	release := w.holdStudents(t, w.school)
	defer release()
	const n = 10
	clients := make([]*apitest.Client, n)
	for i := range clients {
		clients[i] = w.h.StaffClient(w.h.Staff(apitest.StaffOpts{Role: "school_admin", SchoolID: w.school}))
	}
	statuses := make([]apitest.Response, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			if i%2 == 0 {
				statuses[i] = startReset(c, w.school, generated(nil))
			} else {
				statuses[i] = c.Do(http.MethodPost, "/api/v1/staff/schools/"+w.school+"/access-codes", map[string]any{"reissue": true})
			}
		})
	}
	wg.Wait()
	accepted := 0
	for _, r := range statuses {
		switch {
		case r.Status == 202:
			accepted++
		case r.Status != 409 || r.Code() != "job_running":
			t.Errorf("got %d %s, want 202 or 409 job_running", r.Status, r.Raw)
		}
	}
	if accepted != 1 {
		t.Errorf("accepted %d jobs, want exactly 1", accepted)
	}
	if got := w.h.Count(`select count(*) from bulk_jobs`); got != 1 {
		t.Errorf("stored %d jobs, want 1", got)
	}
	if got := w.h.Count(`select count(*) from audit_events where reason = 'job_running'`); got != n-1 {
		t.Errorf("job_running refusals audited: got %d, want %d", got, n-1)
	}
	release()
	for i, r := range statuses {
		if r.Status == 202 {
			if job := waitJob(t, clients[i], r.String("id")); job.String("state") != "done" {
				t.Errorf("the accepted job: got %s", job.Raw)
			}
		}
	}
}
