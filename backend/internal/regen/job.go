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

// RunArgs is one job of a request, as River queues it. A request runs in Lanes lanes side
// by side; Part counts the jobs of a lane, each continuing where the one before stopped.
type RunArgs struct {
	RequestID string `json:"request_id"`
	Lane      int    `json:"lane"`
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
		w.Logger.ErrorContext(ctx, "regeneration job failed", "request", job.Args.RequestID, "lane", job.Args.Lane, "part", job.Args.Part,
			"attempt", job.Attempt, "error", err)
	}
	if job.Attempt >= job.MaxAttempts {
		return w.Service.Fail(context.WithoutCancel(ctx), job.Args.RequestID)
	}
	return err
}

// idleWait is how long a lane waits when every student left is held elsewhere (by another
// lane's chunk, or a change in flight) before it looks again.
const idleWait = 50 * time.Millisecond

// RunPart runs chunks of a request, each one transaction, until the request has ended (its
// selection done, or cancelled), or PartBudget has passed: then the last transaction queues
// the lane's continuation (Part+1), so no job runs long and a killed one is retried soon.
// A chunk that fails rolls back whole, so the retry finds exactly the students not done
// yet: none is ever changed twice. The lanes of a request take disjoint students (a chunk
// skips those another holds); whichever finds none left ends the request.
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
	size := s.ChunkSize
	if size <= 0 {
		size = ChunkSize
	}
	for {
		n, stop, err := s.runChunk(ctx, args, size, deadline, random)
		if err != nil || stop {
			return err
		}
		if n == size {
			continue
		}
		// Fewer than a chunk: maybe none is left (a student deleted meanwhile leaves the
		// selection, so the count alone could wait for ever), maybe another lane holds them.
		if stop, err := s.settle(ctx, args, time.Now().After(deadline)); err != nil || stop {
			return err
		}
		if n == 0 {
			time.Sleep(idleWait)
		}
	}
}

// runChunk changes up to size students in one transaction that shares the request's lock
// with the other lanes' chunks. It reports how many it changed, and stop when this job is
// to run no more: the request is not queued or running (cancelled, ended), or the budget
// is spent and the chunk queued the lane's continuation.
func (s *Service) runChunk(ctx context.Context, args RunArgs, size int, deadline time.Time, random io.Reader) (int, bool, error) {
	n, stop := 0, false
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.Store.ShareRequest(ctx, args.RequestID)
		if live, err := liveRequest(r, err); !live {
			stop = err == nil
			return err
		}
		students, err := s.Store.TakeStudents(ctx, r.ID, size)
		if err != nil || len(students) == 0 {
			return err
		}
		at := s.now()
		if err := s.changeStudents(ctx, r, students, random, at); err != nil {
			return err
		}
		// Only a lane's first chunk writes the request's row (the other lane's waits for
		// its commit once, then finds it running).
		if r.State == StateQueued {
			if err := s.Store.Start(ctx, r.ID, at); err != nil {
				return err
			}
		}
		n = len(students)
		if n == size && time.Now().After(deadline) {
			stop = true
			return s.Store.QueueRun(ctx, RunArgs{RequestID: r.ID, Lane: args.Lane, Part: args.Part + 1})
		}
		return nil
	})
	return n, stop, err
}

// liveRequest reports whether a job's request, as read (r, err), is still to be run: a
// request gone or no longer queued or running (cancelled, ended) stops the job; a failed
// read is the error.
func liveRequest(r Status, err error) (bool, error) {
	if errors.Is(err, accounts.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return r.State == StateQueued || r.State == StateRunning, nil
}

// settle takes the request's lock for itself, which waits for every chunk in flight, and
// ends the request (done, with its audit event and the requester's email) when no student
// of the selection is left. It reports stop when this job is to run no more: the request
// has ended, or students are left but the budget is spent, and the lane's continuation is
// queued in the same transaction.
func (s *Service) settle(ctx context.Context, args RunArgs, pastDeadline bool) (bool, error) {
	stop := false
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.Store.Request(ctx, args.RequestID, true)
		if live, err := liveRequest(r, err); !live {
			stop = err == nil
			return err
		}
		left, err := s.Store.Undone(ctx, r.ID)
		if err != nil {
			return err
		}
		if left == 0 {
			stop = true
			return s.finish(ctx, r.ID, StateDone, "")
		}
		if pastDeadline {
			stop = true
			return s.Store.QueueRun(ctx, RunArgs{RequestID: r.ID, Lane: args.Lane, Part: args.Part + 1})
		}
		return nil
	})
	return stop, err
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
		// The default is the current password now, shown as such until the student replaces
		// it; a district default on file from an earlier request is shown only when the
		// current password is the student's own, so it needs no update (and choosing a
		// password deletes it).
		ds := make([]change.StudentDefault, len(students))
		for i, st := range students {
			ds[i] = change.StudentDefault{Student: st, Secret: sealed[i].Secret}
		}
		return s.Changes.Defaults(ctx, ds, by, policy.PathDistrict, r.ForceChange, at)
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
