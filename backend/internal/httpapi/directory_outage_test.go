package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// TestDirectoryOutageThenEveryStudentsNewest: slapd is down during 100 changes (10 students,
// 10 each, by staff); every one is pending meanwhile, and once slapd is back every student's
// directory password is their newest one, never an older one, with no secret left behind.
func TestDirectoryOutageThenEveryStudentsNewest(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	const students, changes = 10, 10
	var kids []apitest.Student
	for range students {
		kids = append(kids, inDirectory(h, s, apitest.StudentOpts{}))
	}
	admin := h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	c := h.StaffClient(admin)
	s.Stop()
	password := func(kid, change int) string { return fmt.Sprintf("Harbor-Lamp-%02d-%02dQ", kid, change) }
	for n := range changes {
		for i, st := range kids {
			pw := password(i, n)
			c.Expect(c.Do(http.MethodPost, "/api/v1/staff/students/"+st.ID+"/password", map[string]any{
				"mode": "typed", "newPassword": pw, "confirmPassword": pw, "mustChange": false}), http.StatusOK, "")
		}
	}
	if n := h.Count(`select count(*) from directory_writes where state = 'pending' and generation = $1`, changes); n != students {
		t.Fatalf("pending writes of the 10th change: got %d, want %d", n, students)
	}
	if n := h.Count(`select count(*) from river_job where kind = 'directory_write'`); n != students*changes {
		t.Errorf("directory jobs: got %d, want one per change (%d)", n, students*changes)
	}
	// While it is down, staff see the writes pending, with why.
	dist := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	deadline := time.Now().Add(10 * time.Second)
	for {
		d := directoryState(t, c, kids[0].ID)
		if d["state"] != "pending" {
			t.Fatalf("while the directory is down: got %v, want pending", d)
		}
		if reason, _ := d["reason"].(string); strings.Contains(reason, "could not be reached") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no attempt recorded while the directory is down: %v", d)
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := dist.Expect(dist.Do(http.MethodGet, "/api/v1/staff/district/directory", nil), http.StatusOK, "")
	if number(r, "pending") != students || r.String("oldestPendingAt") == "" {
		t.Errorf("status while down: got %s, want %d pending with the oldest's time", r.Raw, students)
	}

	s.Start()
	waitNoPending(t, h, 30*time.Second)
	for i, st := range kids {
		newest := password(i, changes-1)
		if err := s.BindStudent(st.Username, newest); err != nil {
			t.Errorf("%s: the newest password does not bind: %v", st.Username, err)
		}
		for n := range changes - 1 {
			if err := s.BindStudent(st.Username, password(i, n)); !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
				t.Errorf("%s: older password %d: got %v, want invalid credentials", st.Username, n, err)
			}
		}
	}
	if n := h.Count(`select count(*) from directory_writes where state = 'written'`); n != students {
		t.Errorf("written: got %d, want %d", n, students)
	}
	// Every job ends (the later ones find their student's newest already written).
	deadline = time.Now().Add(15 * time.Second)
	for h.Count(`select count(*) from river_job where kind = 'directory_write' and state <> 'completed'`) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("directory jobs not completed: %s", h.Text(`select string_agg(state::text, ',') from river_job
				where kind = 'directory_write' and state <> 'completed'`))
		}
		time.Sleep(50 * time.Millisecond)
	}
	noSecretLeft(t, h)
	if d := directoryState(t, c, kids[3].ID); d["state"] != "current" {
		t.Errorf("after: got %v, want current", d)
	}
}

// TestDirectoryGivesUpAfterTheLastAttempt: a directory down for every attempt ends the
// write as failed, with the reason, and wipes the sealed password.
func TestDirectoryGivesUpAfterTheLastAttempt(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s, func(d *config.Directory) { d.MaxAttempts = 3 }))
	st := inDirectory(h, s, apitest.StudentOpts{})
	c := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin}))
	s.Stop()
	const pw = "Granite-Swift-24"
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/students/"+st.ID+"/password", map[string]any{
		"mode": "typed", "newPassword": pw, "confirmPassword": pw, "mustChange": false}), http.StatusOK, "")
	waitNoPending(t, h, 15*time.Second)
	d := directoryState(t, c, st.ID)
	if reason, _ := d["reason"].(string); d["state"] != "failed" || !strings.Contains(reason, "could not be reached") {
		t.Errorf("after the last attempt: got %v, want failed, could not be reached", d)
	}
	if n := h.Count(`select attempts from directory_writes where student_id = $1`, st.ID); n != 3 {
		t.Errorf("attempts: got %d, want 3", n)
	}
	noSecretLeft(t, h)
	s.Start()
	if err := s.BindStudent(st.Username, st.Password); err != nil {
		t.Errorf("the directory's password changed after all: %v", err)
	}
}
