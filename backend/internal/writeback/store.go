package writeback

import (
	"context"
	"time"
)

// Pending is one student's new password to write: sealed with the data key (bound to the
// student, as a school-issued default is), or, when it cannot be written at all, no seal
// and FailReason.
type Pending struct {
	StudentID string
	Sealed    []byte
	KeyID     string
	ChangedAt time.Time
	// FailReason, when set, records the write as failed at once, with no job.
	FailReason string
}

// Current is a student's pending write as a job reads it.
type Current struct {
	StudentID string
	Username  string
	// Generation counts the student's changes; a job's marks name the one it wrote.
	Generation int64
	Sealed     []byte
	KeyID      string
	Attempts   int
}

// Store keeps the write-back rows and their jobs. Queue runs inside the change's
// transaction carried by ctx; the others inside the job's (Locked).
type Store interface {
	// Queue makes each write its student's pending row (replacing an older one and its
	// seal, bumping the generation) and inserts one job per write with a seal, set-wise.
	Queue(ctx context.Context, ws []Pending) error
	// Locked runs fn in a transaction holding the student's write-back lock, which only
	// jobs take: a change never waits for a directory. When another job holds the lock it
	// runs nothing and reports false at once.
	Locked(ctx context.Context, studentID string, fn func(ctx context.Context) error) (bool, error)
	// Current reads the student's pending write; false when none is pending.
	Current(ctx context.Context, studentID string) (Current, bool, error)
	// Written marks the write done and wipes its seal, if the row still holds generation;
	// it reports whether it did.
	Written(ctx context.Context, studentID string, generation int64, at time.Time) (bool, error)
	// Failed marks the write failed for good with reason and wipes its seal, if the row
	// still holds generation; it reports whether it did.
	Failed(ctx context.Context, studentID string, generation int64, reason string, at time.Time) (bool, error)
	// Retrying records a failed attempt that will be retried (the attempt count and reason).
	Retrying(ctx context.Context, studentID string, generation int64, reason string, at time.Time) error
	// Summary counts the pending writes and lists the newest limit failures.
	Summary(ctx context.Context, limit int) (Summary, error)
	// StudentState is the student's write-back state (StateCurrent when no row).
	StudentState(ctx context.Context, studentID string) (StudentState, error)
}
