package reports_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// brokenRoster yields two students, then fails, as a dropped database connection would.
type brokenRoster struct{ reports.RosterStore }

func (brokenRoster) Roster(_ context.Context, _ accounts.Staff, _ string, fn func(reports.RosterRow) error) error {
	for range 2 {
		if err := fn(reports.RosterRow{StudentNumber: "200000001", LastName: "Quill", FirstName: "Robin", Grade: -1}); err != nil {
			return err
		}
	}
	return errors.New("connection reset")
}

// recorded keeps the events recorded, and the state of the context each came with.
type recorded struct {
	events   []audit.Event
	canceled []bool
}

func (r *recorded) Record(ctx context.Context, e audit.Event) error {
	r.events = append(r.events, e)
	r.canceled = append(r.canceled, ctx.Err() != nil)
	return nil
}

// TestRosterExportFailureAudited: an export that fails halfway keeps its error and is
// audited as failed with the rows it wrote, in both formats, even when the request's context
// is gone by then (the client hung up).
func TestRosterExportFailureAudited(t *testing.T) {
	rec := &recorded{}
	r := &reports.Rosters{Store: brokenRoster{}, Recorder: rec, Now: func() time.Time { return time.Unix(0, 0) }}
	m := accounts.Staff{ID: "s1", Email: "office@example.test"}
	school := reports.School{ID: "school-1", Name: "Test", DisplayCode: "T1"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, export := range []func(context.Context, accounts.Staff, reports.School, io.Writer) error{r.ExportCSV, r.ExportXLSX} {
		if err := export(ctx, m, school, io.Discard); err == nil {
			t.Error("export of a failing roster: got no error")
		}
	}
	want := []string{"school=school-1 format=csv rows=2", "school=school-1 format=xlsx rows=2"}
	if len(rec.events) != 2 {
		t.Fatalf("events: got %+v", rec.events)
	}
	for i, e := range rec.events {
		if e.Action != "roster_exported" || e.Outcome != audit.Failed || e.Reason != "export_failed" ||
			e.SubjectID != want[i] || e.ActorID != "s1" || rec.canceled[i] {
			t.Errorf("event %d: got %+v (context canceled: %v), want failed %q", i, e, rec.canceled[i], want[i])
		}
	}
}
