package regen

import "time"

// Progress is a request's pace as its page shows it.
type Progress struct {
	// Started is false before the first chunk ran; the other fields are then zero.
	Started bool
	// Duration runs from the first chunk to the end, or to now while the request goes on.
	Duration time.Duration
	// Rate is students a second since the first chunk (0 until time has passed).
	Rate float64
	// SecondsLeft estimates the rest from the rate while the request runs; HasLeft says
	// whether there is an estimate.
	SecondsLeft float64
	HasLeft     bool
}

// Progress computes r's pace at now: a pure function of the stored request, so every
// instance answering the page's polls agrees.
func (r Status) Progress(now time.Time) Progress {
	if r.StartedAt.IsZero() {
		return Progress{}
	}
	end := now
	if !r.FinishedAt.IsZero() {
		end = r.FinishedAt
	}
	p := Progress{Started: true, Duration: max(end.Sub(r.StartedAt), 0)}
	if secs := p.Duration.Seconds(); secs > 0 {
		p.Rate = float64(r.Done) / secs
	}
	if r.State == StateRunning && p.Rate > 0 {
		p.SecondsLeft, p.HasLeft = float64(max(r.Total-r.Done, 0))/p.Rate, true
	}
	return p
}
