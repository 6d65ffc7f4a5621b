package regen

import (
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		r    Status
		now  time.Time
		want Progress
	}{
		{"queued: nothing yet", Status{State: StateQueued, Total: 100}, t0, Progress{}},
		{"running: rate and time left", Status{State: StateRunning, Total: 10000, Done: 4000, StartedAt: t0},
			t0.Add(2 * time.Second), Progress{Started: true, Duration: 2 * time.Second, Rate: 2000, SecondsLeft: 3, HasLeft: true}},
		{"running, no time passed: no rate, no estimate", Status{State: StateRunning, Total: 10, StartedAt: t0},
			t0, Progress{Started: true}},
		{"done: duration to the end, no estimate", Status{State: StateDone, Total: 500, Done: 500, StartedAt: t0,
			FinishedAt: t0.Add(4 * time.Second)}, t0.Add(time.Hour), Progress{Started: true, Duration: 4 * time.Second, Rate: 125}},
		{"cancelled mid-run", Status{State: StateCancelled, Total: 500, Done: 100, StartedAt: t0,
			FinishedAt: t0.Add(time.Second)}, t0.Add(time.Minute), Progress{Started: true, Duration: time.Second, Rate: 100}},
		{"a clock behind: never negative", Status{State: StateRunning, Total: 10, Done: 5, StartedAt: t0},
			t0.Add(-time.Second), Progress{Started: true}},
	} {
		if got := tt.r.Progress(tt.now); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
