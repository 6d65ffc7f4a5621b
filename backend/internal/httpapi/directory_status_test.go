package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

const directoryStatusPath, directoryTestPath = "/api/v1/staff/district/directory", "/api/v1/staff/district/directory/test"

// TestDirectoryMissingStudentFails: a student the directory does not have fails for good at
// once (no retry), named with the reason in the district admin's status and on the
// student's page; the password is not kept.
func TestDirectoryMissingStudentFails(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	ghost := h.Student(apitest.StudentOpts{}) // not in the directory
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin}))
	admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/students/"+ghost.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}), http.StatusOK, "")
	waitNoPending(t, h, 10*time.Second)
	if n := h.Count(`select attempts from directory_writes where student_id = $1`, ghost.ID); n != 1 {
		t.Errorf("attempts: got %d, want 1 (a missing entry is not retried)", n)
	}
	noSecretLeft(t, h)
	dist := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r := dist.Expect(dist.Do(http.MethodGet, directoryStatusPath, nil), http.StatusOK, "")
	failures, _ := r.Body["failures"].([]any)
	if len(failures) != 1 || number(r, "pending") != 0 {
		t.Fatalf("status: got %s, want one failure and none pending", r.Raw)
	}
	f := failures[0].(map[string]any)
	if f["studentId"] != ghost.ID || f["username"] != ghost.Username || f["schoolName"] != "Test Middle School" ||
		f["studentName"] != ghost.FirstName+" "+ghost.LastName || f["changedAt"] == nil || f["failedAt"] == nil ||
		!strings.Contains(f["reason"].(string), `no account with the username "`+ghost.Username+`"`) {
		t.Errorf("failure: got %v", f)
	}
	if d := directoryState(t, admin, ghost.ID); d["state"] != "failed" || d["reason"] != f["reason"] {
		t.Errorf("page: got %v, want failed with the same reason", d)
	}
	// The next change writes again (and fails again here): the failure is replaced, not added.
	admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/students/"+ghost.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}), http.StatusOK, "")
	waitNoPending(t, h, 10*time.Second)
	r = dist.Expect(dist.Do(http.MethodGet, directoryStatusPath, nil), http.StatusOK, "")
	if failures, _ := r.Body["failures"].([]any); len(failures) != 1 {
		t.Errorf("after a second change: got %s, want still one failure", r.Raw)
	}
}

// TestDirectoryStatusAndTest: district admins see the settings (never the bind password) and
// test the connection now; other roles are refused; a wrong service password or a stopped
// directory is an answer in words, not an error.
func TestDirectoryStatusAndTest(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	dist := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r := dist.Expect(dist.Do(http.MethodGet, directoryStatusPath, nil), http.StatusOK, "")
	settings, _ := r.Body["settings"].(map[string]any)
	if r.Body["configured"] != true || settings["url"] != s.URL || settings["kind"] != "openldap" ||
		settings["bindDn"] != slapdtest.ServiceDN || settings["baseDn"] != slapdtest.StudentsDN ||
		settings["usernameAttribute"] != "uid" || settings["tls"] != "none" || number(r, "pending") != 0 {
		t.Errorf("status: got %s", r.Raw)
	}
	if strings.Contains(string(r.Raw), slapdtest.ServicePW) {
		t.Errorf("the status shows the bind password: %s", r.Raw)
	}
	if failures, ok := r.Body["failures"].([]any); !ok || len(failures) != 0 {
		t.Errorf("failures: got %s, want an empty list", r.Raw)
	}
	r = dist.Expect(dist.Do(http.MethodPost, directoryTestPath, nil), http.StatusOK, "")
	if r.Body["ok"] != true || !strings.Contains(r.String("message"), "accepted the service account") {
		t.Errorf("test: got %s", r.Raw)
	}
	for _, role := range []policy.StaffRole{policy.RoleSchoolAdmin, policy.RoleTeacher} {
		c := h.StaffClient(h.Staff(apitest.StaffOpts{Role: role}))
		c.Expect(c.Do(http.MethodGet, directoryStatusPath, nil), http.StatusForbidden, "not_allowed")
		c.Expect(c.Do(http.MethodPost, directoryTestPath, nil), http.StatusForbidden, "not_allowed")
	}
	h.Client().Expect(h.Client().Do(http.MethodGet, directoryStatusPath, nil), http.StatusUnauthorized, "not_signed_in")
	s.Stop()
	r = dist.Expect(dist.Do(http.MethodPost, directoryTestPath, nil), http.StatusOK, "")
	if r.Body["ok"] != false || !strings.Contains(r.String("message"), "could not be reached") {
		t.Errorf("test with the directory down: got %s", r.Raw)
	}
	s.Start()

	// A wrong service password: refused, in words.
	wrong := apitest.New(t, withDirectory(s, func(d *config.Directory) { d.BindPassword = "not-the-secret" }))
	wc := wrong.StaffClient(wrong.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r = wc.Expect(wc.Do(http.MethodPost, directoryTestPath, nil), http.StatusOK, "")
	if r.Body["ok"] != false || !strings.Contains(r.String("message"), "refused the service account") {
		t.Errorf("test with a wrong password: got %s", r.Raw)
	}
}

// TestDirectoryNotConfigured: without a directory a change queues no write and no job, the
// status says so, the test answers 404 and the student's page says not_configured.
func TestDirectoryNotConfigured(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin}))
	admin.Expect(admin.Do(http.MethodPost, "/api/v1/staff/students/"+st.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}), http.StatusOK, "")
	if d := directoryState(t, admin, st.ID); d["state"] != "not_configured" {
		t.Errorf("page: got %v, want not_configured", d)
	}
	if n := h.Count(`select count(*) from directory_writes`) + h.Count(`select count(*) from river_job where kind = 'directory_write'`); n != 0 {
		t.Errorf("got %d directory rows and jobs, want none", n)
	}
	dist := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	r := dist.Expect(dist.Do(http.MethodGet, directoryStatusPath, nil), http.StatusOK, "")
	if r.Body["configured"] != false || r.Body["settings"] != nil || number(r, "pending") != 0 {
		t.Errorf("status: got %s", r.Raw)
	}
	dist.Expect(dist.Do(http.MethodPost, directoryTestPath, nil), http.StatusNotFound, "directory_not_configured")
}
