package httpapi_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/housekeeping"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/regen"
)

func TestRegenDryRunStoresDraft(t *testing.T) {
	w := newRegenWorld(t)
	r := w.distC.Do(http.MethodPost, regenDryRunPath, regenBody(map[string]any{"grades": "3,4"}))
	d := decodeDryRun(t, r)
	id := r.String("requestId")
	expires, err := time.Parse(time.RFC3339Nano, r.String("expiresAt"))
	if err != nil {
		t.Fatalf("expiresAt: %s", r.Raw)
	}
	created := w.h.Text(`select created_at::text from regen_requests where id = $1`, id)
	if got := w.h.Text(`select (created_at + interval '30 minutes' = $2::timestamptz)::text from regen_requests where id = $1`,
		id, expires); got != "true" {
		t.Errorf("expiresAt %s, want 30 minutes after %s", expires, created)
	}
	if got := w.h.Text(`select state || ' ' || total || ' ' || (dry_run->>'total') || ' ' ||
			(select count(*) from regen_request_students where request_id = r.id) from regen_requests r where id = $1`, id); got != "draft 7 7 7" {
		t.Errorf("stored draft: got %q, want draft with 7 students (the dry run's %d)", got, d.Total)
	}
	// A draft is no request of the history yet.
	if r := w.distC.Do(http.MethodGet, regenPath(id, ""), nil); r.Status != http.StatusNotFound {
		t.Errorf("a draft's progress: got %d, want 404", r.Status)
	}
	if r := w.distC.Do(http.MethodGet, "/api/v1/staff/district/regenerations", nil); string(r.Raw) != `{"requests":[]}`+"\n" {
		t.Errorf("history with a draft only: got %s", r.Raw)
	}
	// The clean-up deletes drafts older than a day, with their selections; a confirmed request stays.
	confirmed := w.draft(t, w.distC, map[string]any{"grades": "5"})
	w.confirm(t, w.distC, confirmed)
	w.waitEnded(t, confirmed)
	fresh := w.draft(t, w.distC, nil)
	w.exec(t, `update regen_requests set created_at = now() - interval '25 hours' where id <> $1`, fresh)
	cleanup := &housekeeping.CleanupWorker{Store: postgres.NewHousekeeping(&postgres.DB{Pool: w.h.Pool})}
	if err := cleanup.Work(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := w.h.Text(`select string_agg(id::text, ',' order by created_at) from regen_requests`); got != confirmed+","+fresh {
		t.Errorf("after the clean-up: got %s, want the confirmed request %s and the fresh draft %s", got, confirmed, fresh)
	}
	if n := w.h.Count(`select count(*) from regen_request_students where request_id = $1`, id); n != 0 {
		t.Errorf("the old draft's selection: %d rows left", n)
	}
}

// TestRegenDryRunDropsExpiredDrafts: a dry run deletes its admin's drafts past their 30
// minutes (with their selections), and no one else's, nor a fresh one.
func TestRegenDryRunDropsExpiredDrafts(t *testing.T) {
	w := newRegenWorld(t)
	colleague := w.h.StaffClient(w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	expired := w.draft(t, w.distC, map[string]any{"grades": "3"})
	theirs := w.draft(t, colleague, map[string]any{"grades": "3"})
	w.exec(t, `update regen_requests set created_at = now() - interval '31 minutes'`)
	recent := w.draft(t, w.distC, map[string]any{"grades": "4"})
	newest := w.draft(t, w.distC, map[string]any{"grades": "5"})
	want := map[string]bool{expired: false, theirs: true, recent: true, newest: true}
	for id, kept := range want {
		if got := w.h.Count(`select count(*) from regen_requests where id = $1`, id) == 1; got != kept {
			t.Errorf("draft %s kept: got %v, want %v", id, got, kept)
		}
	}
	if n := w.h.Count(`select count(*) from regen_request_students where request_id = $1`, expired); n != 0 {
		t.Errorf("the expired draft's selection: %d rows left", n)
	}
}

func TestRegenRunRefusals(t *testing.T) {
	w := newRegenWorld(t)
	id := w.draft(t, w.distC, map[string]any{"grades": "3"})
	colleague := w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	colleagueC := w.h.StaffClient(colleague)
	outsider := w.h.StaffClient(w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true}))
	expired := w.draft(t, w.distC, map[string]any{"grades": "4"})
	w.exec(t, `update regen_requests set created_at = now() - interval '31 minutes' where id = $1`, expired)
	refusals := func() int {
		return w.h.Count(`select count(*) from audit_events where action = 'regeneration_confirmed' and outcome = 'refused'`)
	}
	before := studentSecrets(w.h)
	for _, tt := range []struct {
		name    string
		status  int
		code    string
		audited bool
		do      func() apitest.Response
	}{
		{"teacher", 403, "not_allowed", true, func() apitest.Response { return w.teacherC.Do(http.MethodPost, regenPath(id, "run"), nil) }},
		{"school admin", 403, "not_allowed", true, func() apitest.Response { return w.adminC.Do(http.MethodPost, regenPath(id, "run"), nil) }},
		{"stale second factor", 403, "second_factor_stale", true, func() apitest.Response {
			cookie, csrf := w.staleClient(t, w.distAdm)
			return w.h.Client().Do(http.MethodPost, regenPath(id, "run"), nil, "Cookie", cookie, "X-CSRF-Token", csrf)
		}},
		{"unknown id", 404, "not_found", false, func() apitest.Response {
			return w.distC.Do(http.MethodPost, regenPath("6f1c1b8e-0000-4000-8000-000000000000", "run"), nil)
		}},
		{"malformed id", 404, "not_found", false, func() apitest.Response { return w.distC.Do(http.MethodPost, regenPath("abc", "run"), nil) }},
		{"another admin's draft", 404, "not_found", false, func() apitest.Response { return colleagueC.Do(http.MethodPost, regenPath(id, "run"), nil) }},
		{"another district", 404, "not_found", false, func() apitest.Response { return outsider.Do(http.MethodPost, regenPath(id, "run"), nil) }},
		{"expired draft", 409, "dry_run_expired", false, func() apitest.Response { return w.distC.Do(http.MethodPost, regenPath(expired, "run"), nil) }},
		{"signed out", 401, "not_signed_in", false, func() apitest.Response { return w.h.Client().Do(http.MethodPost, regenPath(id, "run"), nil) }},
		{"cancel a draft", 404, "not_found", false, func() apitest.Response { return w.distC.Do(http.MethodPost, regenPath(id, "cancel"), nil) }},
		{"teacher cancels", 403, "not_allowed", false, func() apitest.Response { return w.teacherC.Do(http.MethodPost, regenPath(id, "cancel"), nil) }},
		{"teacher reads progress", 403, "not_allowed", false, func() apitest.Response { return w.teacherC.Do(http.MethodGet, regenPath(id, ""), nil) }},
	} {
		n := refusals()
		r := tt.do()
		if r.Status != tt.status || r.Code() != tt.code {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, r.Status, r.Raw, tt.status, tt.code)
		}
		if got := refusals() > n; got != tt.audited {
			t.Errorf("%s: audited %v, want %v", tt.name, got, tt.audited)
		}
	}
	if after := studentSecrets(w.h); after != before {
		t.Errorf("a refused confirm changed a student:\n%s\n%s", before, after)
	}
	if n := w.h.Count(`select count(*) from regen_requests where state <> 'draft'`); n != 0 {
		t.Errorf("%d requests left draft", n)
	}

	// Confirmed once, a draft is confirmed; while it runs, another draft of the district waits.
	release := w.holdStudents(t)
	w.confirm(t, w.distC, id)
	other := w.draft(t, colleagueC, map[string]any{"grades": "5"})
	for _, tt := range []struct {
		name, code string
		c          *apitest.Client
		id         string
	}{{"confirmed twice", "regeneration_confirmed", w.distC, id}, {"another running", "regeneration_running", colleagueC, other}} {
		if r := tt.c.Do(http.MethodPost, regenPath(tt.id, "run"), nil); r.Status != http.StatusConflict || r.Code() != tt.code {
			t.Errorf("%s: got %d %s, want 409 %s", tt.name, r.Status, r.Raw, tt.code)
		}
	}
	release()
	if r := w.waitEnded(t, id); r.String("status") != "done" {
		t.Fatalf("ended: %s", r.Raw)
	}
	// Once it ended, the other draft runs.
	w.confirm(t, colleagueC, other)
	w.waitEnded(t, other)
	if r := outsider.Do(http.MethodGet, regenPath(id, ""), nil); r.Status != http.StatusNotFound {
		t.Errorf("another district's progress: got %d, want 404", r.Status)
	}
}

// holdStudents locks every student row as a chunk does until release is called, so a
// confirmed request stays queued or running meanwhile.
func (w *regenWorld) holdStudents(t *testing.T) (release func()) {
	t.Helper()
	tx, err := w.h.Pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(context.Background(), `select id from students for no key update`); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { _ = tx.Rollback(context.Background()) }) }
	t.Cleanup(release)
	return release
}

func TestRegenConfirmBursts(t *testing.T) {
	w := newRegenWorld(t, apitest.WithPoolSize(24))
	id := w.draft(t, w.distC, map[string]any{"grades": "3"})
	got, _ := burst(t, 20, func(int) (apitest.Response, error) {
		return w.distC.Do(http.MethodPost, regenPath(id, "run"), nil), nil
	})
	if diff := cmp.Diff(map[string]int{"202": 1, "409 regeneration_confirmed": 19}, got); diff != "" {
		t.Errorf("20 confirms of one draft (-want +got):\n%s", diff)
	}
	w.waitEnded(t, id)
	if n := w.h.Count(`select count(*) from river_job where kind = 'regen_run' and args->>'request_id' = $1
		and (args->>'part')::int = 0`, id); n != regen.Lanes {
		t.Errorf("first jobs queued: %d, want one a lane, %d", n, regen.Lanes)
	}

	// The first request stays queued or running while the other confirm arrives.
	release := w.holdStudents(t)
	colleagueC := w.h.StaffClient(w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	ids := []string{w.draft(t, w.distC, map[string]any{"grades": "4"}), w.draft(t, colleagueC, map[string]any{"grades": "5"})}
	clients := []*apitest.Client{w.distC, colleagueC}
	got, _ = burst(t, 2, func(i int) (apitest.Response, error) {
		return clients[i].Do(http.MethodPost, regenPath(ids[i], "run"), nil), nil
	})
	if diff := cmp.Diff(map[string]int{"202": 1, "409 regeneration_running": 1}, got); diff != "" {
		t.Errorf("two drafts of the district at once (-want +got):\n%s", diff)
	}
	release()
	if n := w.h.Count(`select count(*) from regen_requests where state in ('queued', 'running', 'done')`); n != 2 {
		t.Errorf("requests confirmed: %d, want 2 (the first burst's and one of the two)", n)
	}
}
