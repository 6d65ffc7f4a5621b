package audit

import (
	"context"
	"time"
)

// Outcome says how an audited action ended.
type Outcome string

// Outcomes.
const (
	Succeeded Outcome = "succeeded"
	Refused   Outcome = "refused"
	Failed    Outcome = "failed"
)

// Event is one audited action: who did what to whom, through which path,
// and how it ended. Where it came from is taken from the request context.
type Event struct {
	OccurredAt  time.Time
	ActorKind   string // "student", "guardian", "staff", "anonymous"
	ActorID     string
	SubjectKind string // "student", or "username" when the subject may not exist
	SubjectID   string
	Action      string // "password_changed", "pin_changed", "recovery_verify", ...
	Path        string // "signed_in", "self_reset", "guardian", "staff"
	Outcome     Outcome
	Reason      string // stable code of the refusal, e.g. "self_reset_too_soon"
	IP          string
	UserAgent   string
}

// Recorder appends events. Implementations must write inside the transaction
// carried by ctx, when there is one, so an event commits with its change.
type Recorder interface {
	Record(ctx context.Context, e Event) error
}

type originKey struct{}

// Origin is where a request came from.
type Origin struct {
	IP        string
	UserAgent string
}

// WithOrigin returns a context that carries the request's origin, so every
// event recorded under it says where the action came from.
func WithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originKey{}, o)
}

// OriginFrom returns the origin carried by ctx, if any.
func OriginFrom(ctx context.Context) Origin {
	o, _ := ctx.Value(originKey{}).(Origin)
	return o
}

// BatchRecorder appends many events at once, inside the transaction carried by ctx, which
// it requires. Bulk changes (district regeneration) record thousands of events a chunk.
type BatchRecorder interface {
	Recorder
	RecordMany(ctx context.Context, events []Event) error
}
