package httpapi_test

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestSchoolResetJobRuns: a school admin's school reset (a generated password and an access
// code each) runs to the end: every student is changed exactly once, with an audit event
// and emails to the student and guardian; the job's progress is the requester's alone; the
// result is taken once under a burst of takes, then wiped.
func TestSchoolResetJobRuns(t *testing.T) {
	w := newJobWorld(t)
	versions := w.h.Text(`select string_agg(token_version::text, ',' order by id) from students`)
	ac := w.adminC
	r := ac.Expect(startReset(ac, w.school, generated(map[string]any{"issueAccessCodes": true})), 202, "")
	id := r.String("id")
	if r.String("kind") != "reset" || r.String("mode") != "generated" || r.Body["total"] != float64(5) ||
		r.Body["done"] != float64(0) || r.String("schoolName") == "" || r.Body["resultTaken"] != false {
		t.Errorf("accepted job: got %s", r.Raw)
	}
	job := waitJob(t, ac, id)
	if job.String("state") != "done" || job.Body["done"] != float64(5) || job.String("finishedAt") == "" {
		t.Fatalf("finished job: got %s", job.Raw)
	}
	if got := w.h.Text(`select string_agg((token_version - 1)::text, ',' order by id) from students`); got != versions {
		t.Errorf("token versions: got %s, want each one up by one from %s", got, versions)
	}
	if n := w.h.Count(`select count(*) from students where default_password_sealed is not null and must_change_password`); n != 5 {
		t.Errorf("school-issued passwords with must-change: got %d, want 5", n)
	}
	if n := w.h.Count(`select count(*) from (select subject_id from audit_events where action = 'password_changed'
		and outcome = 'succeeded' group by subject_id having count(*) = 1) once`); n != 5 {
		t.Errorf("students with exactly one password_changed event: got %d, want 5", n)
	}
	if n := w.h.Count(`select count(*) from audit_events where subject_kind = 'school' and action = 'school_password_reset'
		and outcome = 'succeeded'`); n != 2 {
		t.Errorf("bulk events: got %d, want the start and the end", n)
	}
	for _, st := range w.students {
		w.h.WaitForMail(st.Email, nil)
	}
	w.h.WaitForMail(w.guardian.Email, nil)

	// Only the requester sees the job.
	list := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/jobs", nil), 200, "")
	if string(list.Raw) == "[]" || !strings.Contains(string(list.Raw), id) {
		t.Errorf("requester's list: got %s", list.Raw)
	}
	dc := w.distC
	if l := dc.Expect(dc.Do(http.MethodGet, "/api/v1/staff/jobs", nil), 200, ""); strings.TrimSpace(string(l.Raw)) != "[]" {
		t.Errorf("another admin's list: got %s", l.Raw)
	}
	dc.Expect(dc.Do(http.MethodGet, "/api/v1/staff/jobs/"+id, nil), 404, "not_found")
	dc.Expect(dc.Do(http.MethodPost, "/api/v1/staff/jobs/"+id+"/result", nil), 404, "not_found")
	ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/jobs/not-a-job", nil), 404, "not_found")

	// Eight takes at once: exactly one gets the result.
	const takes = 8
	results := make([]apitest.Response, takes)
	var wg sync.WaitGroup
	for i := range takes {
		wg.Go(func() { results[i] = ac.Do(http.MethodPost, "/api/v1/staff/jobs/"+id+"/result", nil) })
	}
	wg.Wait()
	var taken apitest.Response
	for _, res := range results {
		switch {
		case res.Status == 200:
			if taken.Status == 200 {
				t.Errorf("a second take succeeded: %s", res.Raw)
			}
			taken = res
		case res.Status != 410 || res.Code() != "result_taken":
			t.Errorf("take: got %d %s, want 410 result_taken", res.Status, res.Raw)
		}
	}
	if taken.Status != 200 {
		t.Fatal("no take succeeded")
	}
	rows := taken.Body["students"].([]any)
	if len(rows) != 5 {
		t.Fatalf("result rows: got %s", taken.Raw)
	}
	var last []string
	for _, row := range rows {
		m := row.(map[string]any)
		last = append(last, m["lastName"].(string)+" "+m["firstName"].(string))
		code, _ := m["accessCode"].(string)
		if m["password"] == nil || !printedCode.MatchString(code) || m["studentNumber"] == nil || m["grade"] == nil {
			t.Errorf("result row: got %v", m)
		}
	}
	if !sort.StringsAreSorted(last) {
		t.Errorf("result order: got %v", last)
	}
	first := rows[0].(map[string]any)
	w.h.Client().SignIn(first["username"].(string), first["password"].(string))
	letters, _ := taken.Body["letters"].(map[string]any)
	if letters == nil || len(letters["students"].([]any)) != 5 || letters["districtName"] == "" {
		t.Errorf("letters: got %v", taken.Body["letters"])
	}
	for _, l := range letters["students"].([]any) {
		if m := l.(map[string]any); m["id"] == w.students[0].ID && m["locale"] != "es" {
			t.Errorf("letter for the guardian's child: got %v, want es", m)
		}
	}
	if job := taken.Body["job"].(map[string]any); job["resultTaken"] != true {
		t.Errorf("taken job: got %v", job)
	}
	if n := w.h.Count(`select count(*) from bulk_job_students where password_sealed is not null or code_sealed is not null`); n != 0 {
		t.Errorf("%d sealed secrets remain after the take", n)
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'bulk_job_result_taken'`); n != 1 {
		t.Errorf("takes audited: got %d, want 1", n)
	}
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/jobs/"+id+"/result", nil), 410, "result_taken")
}

// TestSchoolAccessCodeJob: a grade's codes go only to students without a live one (none
// left after a reset that issued codes: 422 empty_selection), or to all with reissue; the
// result lists codes and letters, no passwords. A job still running has no result yet.
func TestSchoolAccessCodeJob(t *testing.T) {
	w := newJobWorld(t)
	ac := w.adminC
	codes := func(body map[string]any) apitest.Response {
		return ac.Do(http.MethodPost, "/api/v1/staff/schools/"+w.school+"/access-codes", body)
	}
	r := ac.Expect(codes(map[string]any{"grade": 5, "reissue": false}), 202, "")
	if r.String("kind") != "access_codes" || r.Body["reissue"] != false || r.Body["grade"] != float64(5) || r.Body["total"] != float64(2) {
		t.Errorf("accepted: got %s", r.Raw)
	}
	waitJob(t, ac, r.String("id"))
	ac.Expect(codes(map[string]any{"grade": 5, "reissue": false}), 422, "empty_selection")

	release := w.holdStudents(t, w.school)
	r = ac.Expect(codes(map[string]any{"grade": 5, "reissue": true}), 202, "")
	id := r.String("id")
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/jobs/"+id+"/result", nil), 409, "job_not_finished")
	if g := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/jobs/"+id, nil), 200, ""); g.Body["done"] != float64(0) {
		t.Errorf("held job: got %s", g.Raw)
	}
	release()
	waitJob(t, ac, id)
	taken := ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/jobs/"+id+"/result", nil), 200, "")
	rows := taken.Body["students"].([]any)
	letters, _ := taken.Body["letters"].(map[string]any)
	if len(rows) != 2 || letters == nil || len(letters["students"].([]any)) != 2 {
		t.Fatalf("result: got %s", taken.Raw)
	}
	for _, row := range rows {
		if m := row.(map[string]any); m["password"] != nil || m["grade"] != float64(5) || !printedCode.MatchString(m["accessCode"].(string)) {
			t.Errorf("row: got %v", m)
		}
	}
	if n := w.h.Count(`select count(*) from parent_access_codes where used_at is null and expires_at > now()`); n != 2 {
		t.Errorf("live codes: got %d, want one for each grade-5 student", n)
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'access_code_issued' and outcome = 'succeeded'`); n != 4 {
		t.Errorf("code events: got %d, want 4 (two jobs of two)", n)
	}
}

// TestSchoolResetJobOnePassword: a grade's reset with one typed password gives exactly that
// grade the password (one hash for all, forgotten by the job when it ends), and its result
// lists the students without passwords.
func TestSchoolResetJobOnePassword(t *testing.T) {
	w := newJobWorld(t)
	grade7 := w.h.Text(`select string_agg(coalesce(password_hash, ''), ',' order by id) from students where grade = 7`)
	ac := w.adminC
	const pw = "Violet-Harbor-82"
	r := ac.Expect(startReset(ac, w.school, map[string]any{"grade": 5, "mode": "one", "newPassword": pw,
		"confirmPassword": pw, "mustChange": false}), 202, "")
	if r.String("mode") != "one" || r.Body["total"] != float64(2) || r.Body["grade"] != float64(5) {
		t.Errorf("accepted: got %s", r.Raw)
	}
	waitJob(t, ac, r.String("id"))
	for _, st := range w.students[3:] {
		w.h.Client().SignIn(st.Username, pw)
	}
	if got := w.h.Text(`select string_agg(coalesce(password_hash, ''), ',' order by id) from students where grade = 7`); got != grade7 {
		t.Error("a grade-7 student changed")
	}
	if n := w.h.Count(`select count(distinct password_hash) from students where grade = 5`); n != 1 {
		t.Errorf("distinct hashes in grade 5: got %d, want 1", n)
	}
	if n := w.h.Count(`select count(*) from bulk_jobs where shared_password_hash is not null`); n != 0 {
		t.Error("the finished job still holds the password's hash")
	}
	taken := ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/jobs/"+r.String("id")+"/result", nil), 200, "")
	if strings.Contains(string(taken.Raw), `"password"`) || strings.Contains(string(taken.Raw), `"letters"`) ||
		len(taken.Body["students"].([]any)) != 2 {
		t.Errorf("result: got %s", taken.Raw)
	}
}
