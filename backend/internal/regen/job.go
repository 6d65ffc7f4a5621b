package regen

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// RunAttempts is how often a job is tried before its request is marked failed: a short
// outage is ridden out (River backs off between attempts), a lasting fault ends the request
// with a clear error instead of leaving it "running" for days.
const RunAttempts = 5

// RunArgs is one job of a request, as River queues it: Part counts the jobs of the request,
// each continuing where the one before stopped.
type RunArgs struct {
	RequestID string `json:"request_id"`
	Part      int    `json:"part"`
}

// Kind names the job in River's table.
func (RunArgs) Kind() string { return "regen_run" }

// Worker runs the jobs of requests. Service is set once the service exists (before River
// starts).
type Worker struct {
	river.WorkerDefaults[RunArgs]
	Service *Service
	Logger  *slog.Logger
}

// Work runs chunks of the request for about PartBudget; on its last attempt a failure ends
// the request as failed.
func (w *Worker) Work(ctx context.Context, job *river.Job[RunArgs]) error {
	err := w.Service.RunPart(ctx, job.Args)
	if err == nil {
		return nil
	}
	if w.Logger != nil {
		w.Logger.ErrorContext(ctx, "regeneration job failed", "request", job.Args.RequestID, "part", job.Args.Part,
			"attempt", job.Attempt, "error", err)
	}
	if job.Attempt >= job.MaxAttempts {
		return w.Service.Fail(context.WithoutCancel(ctx), job.Args.RequestID)
	}
	return err
}

// RunPart runs chunks of a request, each one transaction, until the selection is done, the
// request is no longer queued or running (cancelled), or PartBudget has passed: then the
// last chunk queues the continuation (Part+1) in its own transaction, so no job runs long
// and a killed one is retried soon. A chunk that fails rolls back whole, so the retry
// finds exactly the students not done yet: none is ever changed twice.
func (s *Service) RunPart(ctx context.Context, args RunArgs) error {
	budget := s.PartBudget
	if budget <= 0 {
		budget = PartBudget
	}
	deadline := time.Now().Add(budget)
	random := s.Random
	if random == nil {
		random = bufio.NewReaderSize(rand.Reader, 64<<10)
	}
	for {
		more, err := s.runChunk(ctx, args, deadline, random)
		if err != nil || !more {
			return err
		}
	}
}

// runChunk changes up to a chunk of students in one transaction and reports whether this
// job should run another.
func (s *Service) runChunk(ctx context.Context, args RunArgs, deadline time.Time, random io.Reader) (bool, error) {
	size := s.ChunkSize
	if size <= 0 {
		size = ChunkSize
	}
	more := false
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.Store.Request(ctx, args.RequestID, true)
		if errors.Is(err, accounts.ErrNotFound) {
			return nil
		}
		if err != nil || (r.State != StateQueued && r.State != StateRunning) {
			return err
		}
		at := s.now()
		students, err := s.Store.UndoneStudents(ctx, r.ID, size)
		if err != nil {
			return err
		}
		if err := s.changeStudents(ctx, r, students, random, at); err != nil {
			return err
		}
		started := r.StartedAt
		if started.IsZero() {
			started = at
		}
		ids := make([]string, len(students))
		for i, st := range students {
			ids[i] = st.ID
		}
		// The request's row is written last, so a confirm elsewhere in the district waits for
		// this chunk's commit as briefly as possible.
		if err := s.Store.MarkDone(ctx, r.ID, ids, started, at); err != nil {
			return err
		}
		// Fewer than a chunk means none is left (a student deleted meanwhile leaves the
		// selection, so the count alone could wait for ever).
		if len(students) < size {
			return s.finish(ctx, r.ID, StateDone, "")
		}
		if time.Now().Before(deadline) {
			more = true
			return nil
		}
		return s.Store.QueueRun(ctx, RunArgs{RequestID: r.ID, Part: args.Part + 1})
	})
	return more, err
}

// changeStudents gives each student a new default password, sealed for them: with
// also-reset through the one change function (their current password, sessions, audit
// events, confirmation emails), else as their district default only, with one audit event
// each.
func (s *Service) changeStudents(ctx context.Context, r Status, students []accounts.Student, random io.Reader, at time.Time) error {
	if len(students) == 0 {
		return nil
	}
	sealed := make([]SealedDefault, len(students))
	for i, st := range students {
		pw, err := policy.GenerateDefaultPassword(st.Username, st.Names(), st.Grade, random)
		if err != nil {
			return fmt.Errorf("student %s: %w", st.ID, err)
		}
		secret := accounts.StoredPassword{}
		if secret.Sealed, secret.KeyID, err = s.Sealer.Seal(pw, []byte(st.ID)); err != nil {
			return fmt.Errorf("seal default password: %w", err)
		}
		sealed[i] = SealedDefault{StudentID: st.ID, Secret: secret}
	}
	by := change.Actor{Kind: change.ActorStaff, ID: r.RequestedBy}
	if r.AlsoReset {
		ds := make([]change.StudentDefault, len(students))
		for i, st := range students {
			ds[i] = change.StudentDefault{Student: st, Secret: sealed[i].Secret}
		}
		if err := s.Changes.Defaults(ctx, ds, by, policy.PathDistrict, r.ForceChange, at); err != nil {
			return err
		}
	} else {
		events := make([]audit.Event, len(students))
		for i, st := range students {
			events[i] = audit.Event{OccurredAt: at, ActorKind: by.Kind, ActorID: by.ID, SubjectKind: "student",
				SubjectID: st.ID, Action: actionRegenerated, Path: string(policy.PathDistrict), Outcome: audit.Succeeded}
		}
		if err := s.Audit.RecordMany(ctx, events); err != nil {
			return err
		}
	}
	return s.Store.SaveDefaults(ctx, r.ID, sealed, at)
}

// finish ends the request locked in ctx's transaction in state, with its audit event (by
// the requester) and the requester's email.
func (s *Service) finish(ctx context.Context, id, state, errText string) error {
	at := s.now()
	if err := s.Store.Finish(ctx, id, state, errText, at); err != nil {
		return err
	}
	r, err := s.Store.Request(ctx, id, false)
	if err != nil {
		return err
	}
	action, outcome := actionDone, audit.Succeeded
	if state == StateFailed {
		action, outcome = actionFailed, audit.Failed
	}
	if err := s.record(ctx, r.RequestedBy, id, action, outcome, "", at); err != nil {
		return err
	}
	return s.tellRequester(ctx, r)
}

// Fail ends a request that cannot go on (its job failed every attempt) with a plain-words
// error, an audit event and the requester's email; the students done stay done.
func (s *Service) Fail(ctx context.Context, id string) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.Store.Request(ctx, id, true)
		if errors.Is(err, accounts.ErrNotFound) || err == nil && (r.ended() || r.State == StateDraft) {
			return nil
		}
		if err != nil {
			return err
		}
		// The cause is in the logs (the worker logs each attempt's); the page gets plain words.
		text := fmt.Sprintf("The regeneration stopped after %d of %d students: the server failed to save the changes several times. "+
			"The %d students done keep their new passwords; run a dry run again for the rest.", r.Done, r.Total, r.Done)
		return s.finish(ctx, id, StateFailed, text)
	})
}
