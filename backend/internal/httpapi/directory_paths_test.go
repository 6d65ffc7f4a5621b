package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Each path that changes a student's password ends with the real slapd accepting the new
// password and refusing the old one: a forgot-password self-reset, a guardian reset, a
// staff bulk (class) reset and a district regeneration.

func TestDirectoryForgotPasswordSelfReset(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	st := inDirectory(h, s, apitest.StudentOpts{PIN: "826491"})
	c := h.Client()
	token := c.ForgotResetTokenByPIN(st.Username, "826491")
	const pw = "Saffron-Glider-58"
	c.Expect(c.ForgotReset(token, pw, pw), http.StatusNoContent, "")
	waitForBind(t, s, st.Username, pw, st.Password)
	waitNoPending(t, h, 5e9)
	noSecretLeft(t, h)
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin}))
	if d := directoryState(t, admin, st.ID); d["state"] != "current" || d["since"] == nil {
		t.Errorf("directory state after the write: got %v, want current with since", d)
	}
}

func TestDirectoryGuardianReset(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	child := inDirectory(h, s, apitest.StudentOpts{Grade: 4})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, child.ID, false)
	const pw = "Copper-Violin-64"
	c.Expect(c.Do(http.MethodPost, famChild(child.ID)+"/password", map[string]any{
		"mode": "typed", "newPassword": pw, "confirmPassword": pw, "mustChange": false,
	}), http.StatusOK, "")
	waitForBind(t, s, child.Username, pw, child.Password)
	// A generated one goes through its seal.
	r := c.Expect(c.Do(http.MethodPost, famChild(child.ID)+"/password", map[string]any{"mode": "generated", "mustChange": false}),
		http.StatusOK, "")
	waitForBind(t, s, child.Username, r.String("generatedPassword"), pw, child.Password)
	waitNoPending(t, h, 5e9)
	noSecretLeft(t, h)
}

func TestDirectoryClassBulkReset(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	ana := inDirectory(h, s, apitest.StudentOpts{})
	ben := inDirectory(h, s, apitest.StudentOpts{})
	cleo := inDirectory(h, s, apitest.StudentOpts{DefaultPassword: true, Password: "Maple-Kite-31"})
	tess := h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "7-A", StudentIDs: []string{ana.ID, ben.ID, cleo.ID}}}})
	c := h.StaffClient(tess)
	class := h.Text(`select id::text from classes where class_number = '7-A'`)
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/classes/"+class+"/reset",
		map[string]any{"students": "all", "mode": "generated", "mustChange": true}), http.StatusOK, "")
	rows, _ := r.Body["students"].([]any)
	if len(rows) != 3 {
		t.Fatalf("result: got %s", r.Raw)
	}
	old := map[string]string{ana.Username: ana.Password, ben.Username: ben.Password, cleo.Username: cleo.Password}
	for _, row := range rows {
		m := row.(map[string]any)
		uid, pw := m["username"].(string), m["password"].(string)
		waitForBind(t, s, uid, pw, old[uid])
	}
	// One typed password for two of them.
	const shared = "Violet-Harbor-82"
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/classes/"+class+"/reset", map[string]any{
		"students": []string{ana.ID, ben.ID}, "mode": "one", "newPassword": shared, "confirmPassword": shared, "mustChange": false}),
		http.StatusOK, "")
	waitForBind(t, s, ana.Username, shared)
	waitForBind(t, s, ben.Username, shared)
	waitNoPending(t, h, 5e9)
	noSecretLeft(t, h)
}

func TestDirectoryRegeneration(t *testing.T) {
	s := slapdtest.Start(t)
	w := newRegenWorld(t, withDirectory(s))
	before := w.selected(t)
	for _, st := range before {
		s.AddStudent(st.Username, "Before-Regen-11")
	}
	id := w.draft(t, w.distC, map[string]any{"campusCodes": "90T001,90T002", "grades": "3,4", "alsoReset": true, "forceChange": true})
	w.confirm(t, w.distC, id)
	if r := w.waitEnded(t, id); r.String("status") != "done" {
		t.Fatalf("regeneration: %s", r.Raw)
	}
	for _, st := range before {
		waitForBind(t, s, st.Username, w.currentDefault(t, st.ID), "Before-Regen-11")
	}
	// One row and one job per student, set-wise; students outside the selection have none.
	if n := w.h.Count(`select count(*) from directory_writes`); n != len(before) {
		t.Errorf("directory writes: got %d, want %d (the selection)", n, len(before))
	}
	if n := w.h.Count(`select count(*) from river_job where kind = 'directory_write'`); n != len(before) {
		t.Errorf("directory jobs: got %d, want %d", n, len(before))
	}
	waitNoPending(t, w.h, 5e9)
	noSecretLeft(t, w.h)
}

// TestDirectorySchoolJobOnePassword: a school job's chunks run later, from the job; with a
// directory the job keeps its one typed password sealed for them, and wipes it at the end.
func TestDirectorySchoolJobOnePassword(t *testing.T) {
	s := slapdtest.Start(t)
	h := apitest.New(t, withDirectory(s))
	kids := []apitest.Student{inDirectory(h, s, apitest.StudentOpts{Grade: 5}), inDirectory(h, s, apitest.StudentOpts{Grade: 5})}
	school := h.Text(`select school_id::text from students where id = $1`, kids[0].ID)
	ac := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin, SchoolID: school}))
	const pw = "Violet-Harbor-82"
	r := ac.Expect(startReset(ac, school, map[string]any{"grade": 5, "mode": "one", "newPassword": pw,
		"confirmPassword": pw, "mustChange": false}), http.StatusAccepted, "")
	if job := waitJob(t, ac, r.String("id")); job.String("state") != "done" {
		t.Fatalf("job: %s", job.Raw)
	}
	for _, st := range kids {
		waitForBind(t, s, st.Username, pw, st.Password)
	}
	if n := h.Count(`select count(*) from bulk_jobs where shared_password_sealed is not null or shared_password_key_id is not null`); n != 0 {
		t.Error("the finished job still holds the sealed password")
	}
	waitNoPending(t, h, 5e9)
	noSecretLeft(t, h)
}
