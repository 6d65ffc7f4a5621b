package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/rosterimport"
)

// TestRosterApplyAppliesInTheBackground applies a draft: 202 applying, then applied with
// the plan the import did, the zip wiped, the importer called once for the district, the
// history showing it, and the admin emailed.
func TestRosterApplyAppliesInTheBackground(t *testing.T) {
	w := newImportWorld(t)
	id := w.rosterDraft(t, w.distC)
	r := w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath(id, "apply"), nil), http.StatusAccepted, "")
	if r.String("state") != "applying" || r.String("appliedAt") == "" {
		t.Errorf("apply: %s", r.Raw)
	}
	done := w.waitImport(t, w.distC, id)
	if done.String("state") != "applied" || done.String("finishedAt") == "" {
		t.Fatalf("import: %s", done.Raw)
	}
	if got := planOf(t, done)["users.csv"]; got != [4]int{317, 1, 0, 0} {
		t.Errorf("users.csv: got %v, want what the import did", got)
	}
	if diff := cmp.Diff([]string{w.districtID}, w.imp.calls()); diff != "" {
		t.Errorf("importer calls (-want +got):\n%s", diff)
	}
	if n := w.h.Count(`select count(*) from roster_imports where id = $1 and zip is null and applied_seq is not null`, id); n != 1 {
		t.Error("the applied import kept its zip or has no applied number")
	}
	l := w.distC2.Do(http.MethodGet, "/api/v1/staff/district/roster/imports", nil)
	imports, _ := l.Body["imports"].([]any)
	if l.Status != http.StatusOK || len(imports) != 1 || imports[0].(map[string]any)["importId"] != id {
		t.Errorf("history seen by another district admin: %d %s", l.Status, l.Raw)
	}
	m := w.h.WaitForMail(w.distAdm.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "roster import") })
	if !strings.Contains(m.Subject, "applied") || !strings.Contains(m.Text, "648 rows added, 1 changed and 0 retired") {
		t.Errorf("email: %q\n%s", m.Subject, m.Text)
	}
	if n := w.h.Count(`select count(*) from audit_events where subject_id = $1 and action in ('roster_import_confirmed', 'roster_import_applied')`, id); n != 2 {
		t.Errorf("got %d audit events of the apply, want 2", n)
	}
}

// TestRosterApplyBurst applies one draft 20 times at once: one 202, 19 roster_import_applied,
// one import.
func TestRosterApplyBurst(t *testing.T) {
	w := newImportWorld(t)
	id := w.rosterDraft(t, w.distC)
	statuses := make([]string, 20)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := w.distC.Do(http.MethodPost, rosterPath(id, "apply"), nil)
			statuses[i] = http.StatusText(r.Status) + " " + r.Code()
		}()
	}
	wg.Wait()
	count := map[string]int{}
	for _, s := range statuses {
		count[s]++
	}
	want := map[string]int{"Accepted ": 1, "Conflict roster_import_applied": 19}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	w.waitImport(t, w.distC, id)
	if n := len(w.imp.calls()); n != 1 {
		t.Errorf("the set was applied %d times, want once", n)
	}
}

// TestRosterApplyOneAtATime applies two admins' drafts at once while the importer holds the
// first: one 202, one roster_import_running. Once the first is applied, the second draft
// is stale (its counts were taken before): roster_plan_stale, and never applied.
func TestRosterApplyOneAtATime(t *testing.T) {
	w := newImportWorld(t)
	gate := make(chan struct{})
	w.imp.mu.Lock()
	w.imp.gate = gate
	w.imp.mu.Unlock()
	ids := []string{w.rosterDraft(t, w.distC), w.rosterDraft(t, w.distC2)}
	clients := []*apitest.Client{w.distC, w.distC2}
	answers := make([]string, 2)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := clients[i].Do(http.MethodPost, rosterPath(ids[i], "apply"), nil)
			answers[i] = http.StatusText(r.Status) + " " + r.Code()
		}()
	}
	wg.Wait()
	winner := 0
	if answers[1] == "Accepted " {
		winner = 1
	}
	if answers[winner] != "Accepted " || answers[1-winner] != "Conflict roster_import_running" {
		t.Fatalf("got %q, want one 202 and one roster_import_running", answers)
	}
	// While the first import applies (the importer holds it), applying its draft again is
	// refused at once, not after the import.
	start := time.Now()
	clients[winner].Expect(clients[winner].Do(http.MethodPost, rosterPath(ids[winner], "apply"), nil), http.StatusConflict, "roster_import_applied")
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("a second apply waited %v for the import in flight", waited)
	}
	if got := clients[winner].Do(http.MethodGet, rosterPath(ids[winner], ""), nil).String("state"); got != "applying" {
		t.Errorf("the import held by the importer is %q, want applying", got)
	}
	close(gate)
	if r := w.waitImport(t, clients[winner], ids[winner]); r.String("state") != "applied" {
		t.Fatalf("first import: %s", r.Raw)
	}
	r := clients[1-winner].Do(http.MethodPost, rosterPath(ids[1-winner], "apply"), nil)
	if r.Status != http.StatusConflict || r.Code() != "roster_plan_stale" {
		t.Errorf("the second draft after the first applied: %d %s", r.Status, r.Raw)
	}
	if got := clients[1-winner].Do(http.MethodGet, rosterPath(ids[1-winner], ""), nil).String("state"); got != "draft" {
		t.Errorf("the stale draft is %q, want still a draft", got)
	}
	if n := len(w.imp.calls()); n != 1 {
		t.Errorf("applied %d times, want once", n)
	}
}

// TestRosterApplyRefusals: an expired draft (409 dry_run_expired, shown expired), another
// admin's draft and another district's (404), a draft made stale by a command-line import
// (409 roster_plan_stale, and the history names the command line).
func TestRosterApplyRefusals(t *testing.T) {
	w := newImportWorld(t)
	expired := w.rosterDraft(t, w.distC)
	if _, err := w.h.Pool.Exec(context.Background(), `update roster_imports set created_at = created_at - interval '31 minutes',
		expires_at = expires_at - interval '31 minutes' where id = $1`, expired); err != nil {
		t.Fatal(err)
	}
	if got := w.distC.Do(http.MethodGet, rosterPath(expired, ""), nil).String("state"); got != "expired" {
		t.Errorf("an old draft is %q, want expired", got)
	}
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath(expired, "apply"), nil), http.StatusConflict, "dry_run_expired")

	mine := w.rosterDraft(t, w.distC)
	w.distC2.Expect(w.distC2.Do(http.MethodPost, rosterPath(mine, "apply"), nil), http.StatusNotFound, "not_found")
	w.otherC.Expect(w.otherC.Do(http.MethodPost, rosterPath(mine, "apply"), nil), http.StatusNotFound, "not_found")
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath("8d7f0c8e-0000-4000-8000-000000000000", "apply"), nil), http.StatusNotFound, "not_found")
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath("not-a-uuid", "apply"), nil), http.StatusNotFound, "not_found")

	now := time.Now()
	if _, err := w.h.Portal.RosterImports.Record(context.Background(), rosterimport.Recorded{
		DistrictID: w.districtID, FileName: "/srv/sis/nightly", StartedAt: now, FinishedAt: now.Add(time.Second),
		Plan: roster.Plan{Files: []roster.FilePlan{{File: "users.csv", Changed: 2, Unchanged: 316}}},
	}); err != nil {
		t.Fatal(err)
	}
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath(mine, "apply"), nil), http.StatusConflict, "roster_plan_stale")
	l := w.distC.Do(http.MethodGet, "/api/v1/staff/district/roster/imports", nil)
	imports, _ := l.Body["imports"].([]any)
	if len(imports) != 1 {
		t.Fatalf("history: %s", l.Raw)
	}
	got := imports[0].(map[string]any)
	if got["source"] != "command_line" || got["createdBy"].(map[string]any)["name"] != "command line" || got["state"] != "applied" {
		t.Errorf("the command line's import: %v", got)
	}
	if n := len(w.imp.calls()); n != 0 {
		t.Errorf("refused applies applied %d times", n)
	}
	// A new dry run counts against the district as it is now, and applies.
	fresh := w.rosterDraft(t, w.distC)
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath(fresh, "apply"), nil), http.StatusAccepted, "")
	if r := w.waitImport(t, w.distC, fresh); r.String("state") != "applied" {
		t.Errorf("fresh draft: %s", r.Raw)
	}
}

// TestRosterApplyFailure: an importer that keeps failing ends the import as failed on the
// job's last attempt: the failure in plain words, the zip wiped, nothing applied, the
// admin emailed.
func TestRosterApplyFailure(t *testing.T) {
	w := newImportWorld(t)
	w.imp.mu.Lock()
	w.imp.fail = errImporterDown
	w.imp.mu.Unlock()
	id := w.rosterDraft(t, w.distC)
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath(id, "apply"), nil), http.StatusAccepted, "")
	// The queued job fails and waits for its retry; its last attempt is run here.
	worker := &rosterimport.Worker{Service: w.h.Portal.RosterImports}
	err := worker.Work(context.Background(), &river.Job[rosterimport.ApplyArgs]{
		JobRow: &rivertype.JobRow{Attempt: rosterimport.ApplyAttempts, MaxAttempts: rosterimport.ApplyAttempts},
		Args:   rosterimport.ApplyArgs{ImportID: id},
	})
	if err != nil {
		t.Fatalf("last attempt: %v", err)
	}
	r := w.waitImport(t, w.distC, id)
	if r.String("state") != "failed" || !strings.Contains(r.String("failure"), "failed 3 times and nothing was changed: the database refused the set.") {
		t.Errorf("failed import: %s", r.Raw)
	}
	if n := w.h.Count(`select count(*) from roster_imports where id = $1 and zip is null and applied_seq is null`, id); n != 1 {
		t.Error("the failed import kept its zip or got an applied number")
	}
	m := w.h.WaitForMail(w.distAdm.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "roster import") })
	if !strings.Contains(m.Subject, "failed") || !strings.Contains(m.Text, "nothing was changed") {
		t.Errorf("email: %q\n%s", m.Subject, m.Text)
	}
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterPath(id, "apply"), nil), http.StatusConflict, "roster_import_applied")
}

// TestRosterApplyRechecksTheStoredSet: the job checks the stored zip again before applying;
// one that no longer reads as a set ends the import failed at once, with nothing applied.
func TestRosterApplyRechecksTheStoredSet(t *testing.T) {
	w := newImportWorld(t)
	for name, zipped := range map[string][]byte{
		"not a zip":  []byte("PK but not really"),
		"set errors": rosterZip(t, "901", func(name, content string) string { return strings.ReplaceAll(content, ",PK,", ",14,") }),
	} {
		t.Run(name, func(t *testing.T) {
			id := w.rosterDraft(t, w.distC)
			// Applying as the page does, but with the job left to this test.
			if _, err := w.h.Pool.Exec(context.Background(), `update roster_imports set state = 'applying', applied_at = now(), zip = $2
				where id = $1`, id, zipped); err != nil {
				t.Fatal(err)
			}
			if err := w.h.Portal.RosterImports.RunApply(context.Background(), id); err != nil {
				t.Fatal(err)
			}
			r := w.distC.Do(http.MethodGet, rosterPath(id, ""), nil)
			if r.String("state") != "failed" || !strings.Contains(r.String("failure"), "nothing was changed") {
				t.Errorf("import: %s", r.Raw)
			}
		})
	}
	if n := len(w.imp.calls()); n != 0 {
		t.Errorf("applied %d times, want none", n)
	}
}
