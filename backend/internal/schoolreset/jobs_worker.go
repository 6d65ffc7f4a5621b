package schoolreset

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"
)

// ChunkAttempts is how often a chunk is tried before its job is marked failed: a short
// outage is ridden out (River backs off between attempts), a lasting fault ends the job
// with a clear error instead of leaving it "running" for days.
const ChunkAttempts = 5

// ChunkArgs is one chunk of a grade or school job, as River queues it.
type ChunkArgs struct {
	JobID string `json:"job_id"`
}

// Kind names the job in River's table.
func (ChunkArgs) Kind() string { return "bulk_job_chunk" }

// ChunkWorker runs chunks of grade and school jobs. Service is set once the service exists
// (before River starts).
type ChunkWorker struct {
	river.WorkerDefaults[ChunkArgs]
	Service *Service
	Logger  *slog.Logger
}

// Work runs one chunk; on its last attempt a failure ends the job as failed.
func (w *ChunkWorker) Work(ctx context.Context, job *river.Job[ChunkArgs]) error {
	err := w.Service.RunChunk(ctx, job.Args.JobID)
	if err == nil {
		return nil
	}
	if w.Logger != nil {
		w.Logger.ErrorContext(ctx, "bulk job chunk failed", "job", job.Args.JobID, "attempt", job.Attempt, "error", err)
	}
	if job.Attempt >= job.MaxAttempts {
		if ferr := w.Service.FailJob(context.WithoutCancel(ctx), job.Args.JobID); ferr != nil {
			return ferr
		}
		return nil
	}
	return err
}
