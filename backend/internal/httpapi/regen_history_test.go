package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

const regenHistoryPath = "/api/v1/staff/district/regenerations"

func TestRegenHistoryAndCSV(t *testing.T) {
	w := newRegenWorld(t)
	first := w.draft(t, w.distC, map[string]any{"campusCodes": "90t001", "grades": "3,-9", "comments": "=HYPERLINK(\"x\")"})
	w.confirm(t, w.distC, first)
	w.waitEnded(t, first)
	colleague := w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	colleagueC := w.h.StaffClient(colleague)
	second := w.draft(t, colleagueC, map[string]any{"grades": "7", "alsoReset": true})
	w.confirm(t, colleagueC, second)
	w.waitEnded(t, second)
	w.draft(t, w.distC, nil) // a draft is not in the history

	// Every district admin of the district sees every request, newest first.
	r := w.distC.Do(http.MethodGet, regenHistoryPath, nil)
	reqs, _ := r.Body["requests"].([]any)
	if r.Status != http.StatusOK || len(reqs) != 2 {
		t.Fatalf("history: %d %s", r.Status, r.Raw)
	}
	newest, _ := reqs[0].(map[string]any)
	oldest, _ := reqs[1].(map[string]any)
	by, _ := newest["requestedBy"].(map[string]any)
	if newest["id"] != second || by["email"] != colleague.Email || newest["alsoReset"] != true || newest["done"] != float64(1) {
		t.Errorf("newest: got %v", newest)
	}
	if oldest["id"] != first || oldest["comments"] != "=HYPERLINK(\"x\")" || oldest["total"] != float64(3) ||
		!cmp.Equal(oldest["campusCodes"], []any{"90T001"}) || !cmp.Equal(oldest["grades"], []any{float64(3), float64(-9)}) {
		t.Errorf("oldest: got %v", oldest)
	}
	if dry, _ := oldest["dryRun"].(map[string]any); dry["total"] != float64(3) {
		t.Errorf("oldest's dry run: got %v", oldest["dryRun"])
	}
	if other := colleagueC.Do(http.MethodGet, regenHistoryPath, nil); string(other.Raw) != string(r.Raw) {
		t.Errorf("another admin's history differs:\n%s\n%s", other.Raw, r.Raw)
	}
	// Another district's admin sees none of them.
	outsider := w.h.StaffClient(w.h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true}))
	if o := outsider.Do(http.MethodGet, regenHistoryPath, nil); string(o.Raw) != `{"requests":[]}`+"\n" {
		t.Errorf("another district's history: got %s", o.Raw)
	}

	c := colleagueC.Do(http.MethodGet, regenHistoryPath+".csv", nil)
	if c.Status != http.StatusOK || !strings.HasPrefix(c.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(c.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v %s", c.Status, c.Header, c.Raw)
	}
	rows, err := csv.NewReader(strings.NewReader(string(c.Raw))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("csv: %v %q", err, c.Raw)
	}
	wantHeader := []string{"Requested at", "Requested by", "PSU code", "Campus codes", "Grades", "Also reset",
		"Force change", "Comments", "Dry-run total", "Status", "Done", "Total", "Started at", "Finished at",
		"Duration (seconds)"}
	if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	got := rows[2]
	if got[2] != "901" || got[3] != "90T001" || got[4] != "3,-9" || got[5] != "no" || got[7] != `'=HYPERLINK("x")` ||
		got[8] != "3" || got[9] != "done" || got[10] != "3" || got[11] != "3" || got[13] == "" || got[14] == "" {
		t.Errorf("oldest row: got %q", got)
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'regeneration_history_exported' and actor_id = $1`,
		colleague.ID); n != 1 {
		t.Errorf("exports audited: %d, want 1", n)
	}

	for _, tt := range []struct {
		name string
		c    *apitest.Client
	}{{"principal", w.adminC}, {"teacher", w.teacherC}} {
		for _, path := range []string{regenHistoryPath, regenHistoryPath + ".csv", regenPath(first, "")} {
			if r := tt.c.Do(http.MethodGet, path, nil); r.Status != http.StatusForbidden || r.Code() != "not_allowed" {
				t.Errorf("%s, %s: got %d %s, want 403 not_allowed", tt.name, path, r.Status, r.Raw)
			}
		}
	}
}
