package reports_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
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

// recorded keeps the events recorded, and the state of the context each came with; exports
// running side by side record into it at once.
type recorded struct {
	mu       sync.Mutex
	events   []audit.Event
	canceled []bool
}

func (r *recorded) Record(ctx context.Context, e audit.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	r.canceled = append(r.canceled, ctx.Err() != nil)
	return nil
}

// snapshot returns the events recorded so far.
func (r *recorded) snapshot() []audit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]audit.Event(nil), r.events...)
}

// TestRosterExportFailureAudited: an export that fails halfway keeps its error and is
// audited as failed with the rows it wrote, in both formats, even when the request's context
// is gone by then (the client hung up).
func TestRosterExportFailureAudited(t *testing.T) {
	rec := &recorded{}
	r := &reports.Rosters{Store: brokenRoster{}, Exports: &reports.Exports{Recorder: rec, Now: func() time.Time { return time.Unix(0, 0) }}}
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

// heldRoster yields one student, then waits for release, as a slow download would.
type heldRoster struct {
	reports.RosterStore
	started chan struct{}
	release chan struct{}
}

func (h heldRoster) Roster(ctx context.Context, _ accounts.Staff, _ string, fn func(reports.RosterRow) error) error {
	if err := fn(reports.RosterRow{StudentNumber: "200000001"}); err != nil {
		return err
	}
	h.started <- struct{}{}
	<-h.release
	return nil
}

// TestRosterExportsBounded: with MaxExports running, a burst of further downloads is
// refused at once with ErrExportsBusy, each refusal audited and no file written; a slot
// freed serves the next download.
func TestRosterExportsBounded(t *testing.T) {
	rec := &recorded{}
	store := heldRoster{started: make(chan struct{}), release: make(chan struct{})}
	r := &reports.Rosters{Store: store, Exports: &reports.Exports{Recorder: rec, MaxExports: 2}}
	m := accounts.Staff{ID: "s1"}
	school := reports.School{ID: "school-1"}
	ctx := context.Background()
	done := make(chan error, 2)
	for _, export := range []func(context.Context, accounts.Staff, reports.School, io.Writer) error{r.ExportCSV, r.ExportXLSX} {
		go func() { done <- export(ctx, m, school, io.Discard) }()
		<-store.started
	}
	for i := range 10 {
		var file bytes.Buffer
		export := r.ExportCSV
		if i%2 == 1 {
			export = r.ExportXLSX
		}
		if err := export(ctx, m, school, &file); !errors.Is(err, reports.ErrExportsBusy) || file.Len() != 0 {
			t.Fatalf("download %d of the burst: got %v and %d bytes, want ErrExportsBusy and none", i, err, file.Len())
		}
	}
	refused := 0
	events := rec.snapshot()
	for _, e := range events {
		if e.Outcome == audit.Refused && e.Reason == "exports_busy" && e.Action == "roster_exported" {
			refused++
		}
	}
	if refused != 10 || len(events) != 10 {
		t.Errorf("audit of the burst: %d refusals in %+v, want 10", refused, events)
	}
	store.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	go func() { done <- r.ExportCSV(ctx, m, school, io.Discard) }()
	<-store.started
	close(store.release)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
