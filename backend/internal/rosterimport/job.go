package rosterimport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/roster"
)

const (
	// ApplyAttempts is how often the job is tried before the import is marked failed: a
	// short outage is ridden out, a set the database refuses ends with a clear failure.
	ApplyAttempts = 3
	// ApplyTimeout bounds one attempt: a district of 100,000 students applies in seconds,
	// the largest upload in a few minutes.
	ApplyTimeout = 15 * time.Minute
)

// ApplyArgs is the job of an import being applied, as River queues it.
type ApplyArgs struct {
	ImportID string `json:"import_id"`
}

// Kind names the job in River's table.
func (ApplyArgs) Kind() string { return "roster_import_apply" }

// Worker runs the apply jobs. Service is set once the service exists (before River starts).
type Worker struct {
	river.WorkerDefaults[ApplyArgs]
	Service *Service
	Logger  *slog.Logger
}

// Timeout lets an apply run longer than the portal's short default job timeout (River's
// rescuer waits for it too).
func (w *Worker) Timeout(*river.Job[ApplyArgs]) time.Duration { return ApplyTimeout }

// Work applies the import; on its last attempt a failure ends the import as failed.
func (w *Worker) Work(ctx context.Context, job *river.Job[ApplyArgs]) error {
	err := w.Service.RunApply(ctx, job.Args.ImportID)
	if err == nil {
		return nil
	}
	if w.Logger != nil {
		w.Logger.ErrorContext(ctx, "roster import failed", "import", job.Args.ImportID, "attempt", job.Attempt, "error", err)
	}
	if job.Attempt >= job.MaxAttempts {
		return w.Service.Fail(context.WithoutCancel(ctx), job.Args.ImportID,
			fmt.Sprintf("The import failed %d times and nothing was changed: %v. Check the set, then upload it again.", job.Attempt, err))
	}
	return err
}

// RunApply applies an applying import: it re-reads the stored zip, checks it again, and in
// one transaction applies the set, then stores what was done, wipes the zip, audits and
// queues the admin's email. The importer joins that transaction (it runs its statements on the
// transaction in ctx), so the import and its record commit together; a failed apply rolls
// back whole and is retried. A set that no longer passes the checks ends the import as
// failed at once (retrying cannot help).
func (s *Service) RunApply(ctx context.Context, id string) error {
	if s.Importer == nil {
		return ErrNoImporter
	}
	imp, err := s.Store.Import(ctx, id, false)
	if errors.Is(err, accounts.ErrNotFound) || err == nil && imp.State != StateApplying {
		return nil
	}
	if err != nil {
		return err
	}
	zipped, err := s.Store.Zip(ctx, id)
	if err != nil {
		return err
	}
	psu, err := s.Store.DistrictPSU(ctx, imp.DistrictID)
	if err != nil {
		return err
	}
	// A million students' set and its import stay under half a gigabyte (roster.LimitMemory).
	defer roster.LimitMemory()()
	set, err := checkZip(zipped, psu)
	var checkErr *CheckError
	if errors.As(err, &checkErr) || errors.Is(err, ErrNotZip) || errors.Is(err, ErrTooLarge) {
		return s.Fail(ctx, id, refusedText(err))
	}
	if err != nil {
		return err
	}
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		// The importer's error is the failure's text on the last attempt: kept unwrapped.
		plan, err := s.Importer.Apply(roster.WithActor(ctx, roster.Actor{Kind: "staff", ID: imp.CreatedBy}), imp.DistrictID, set)
		if err != nil {
			return err
		}
		// The import's row is locked only now, for the end: an apply of the page meanwhile
		// finds the import applying at once instead of waiting for the whole import. An
		// attempt that finds it ended (another attempt, rescued, finished first) rolls its
		// own work back.
		imp, err := s.Store.Import(ctx, id, true)
		if errors.Is(err, accounts.ErrNotFound) || err == nil && imp.State != StateApplying {
			return errEnded
		}
		if err != nil {
			return err
		}
		return s.finish(ctx, imp, StateApplied, &plan, "")
	})
	if errors.Is(err, errEnded) {
		return nil
	}
	return err
}

// errEnded rolls back an attempt that finds its import ended by another.
var errEnded = errors.New("rosterimport: the import has ended")

// refusedText says in plain words why a stored set no longer passes the checks.
func refusedText(err error) string {
	var checkErr *CheckError
	if errors.As(err, &checkErr) {
		rep := checkErr.Report
		first := ""
		if len(rep.Errors) > 0 {
			first = " The first: " + rep.Errors[0].String() + "."
		}
		return fmt.Sprintf("The set no longer passes the checks (%d errors) and nothing was changed.%s Run the dry run again.",
			rep.ErrorCount(), first)
	}
	return "The stored set could not be read again and nothing was changed. Upload it again."
}

// Fail ends an applying import as failed with text (plain words), wiping its zip, with its
// audit event and the admin's email; an import not applying is left as it is.
func (s *Service) Fail(ctx context.Context, id, text string) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		imp, err := s.Store.Import(ctx, id, true)
		if errors.Is(err, accounts.ErrNotFound) || err == nil && imp.State != StateApplying {
			return nil
		}
		if err != nil {
			return err
		}
		return s.finish(ctx, imp, StateFailed, nil, text)
	})
}

// finish ends imp (locked in ctx's transaction) in state, with its audit event and the
// admin's email.
func (s *Service) finish(ctx context.Context, imp Import, state string, plan *roster.Plan, failure string) error {
	at := s.now()
	if err := s.Store.Finish(ctx, imp.ID, state, plan, failure, at); err != nil {
		return err
	}
	action, outcome := actionApplied, audit.Succeeded
	if state == StateFailed {
		action, outcome = actionFailed, audit.Failed
	}
	if err := s.record(ctx, imp.CreatedBy, imp.ID, action, outcome, "", at); err != nil {
		return err
	}
	if imp.CreatedByEmail == "" {
		return nil
	}
	sum := &mail.RosterImportSummary{Status: state, FileName: imp.FileName, Failure: failure,
		PageURL: s.PublicOrigin + "/staff/district/setup"}
	if plan != nil {
		for _, f := range plan.Files {
			sum.Added += f.Added
			sum.Changed += f.Changed
			sum.Retired += f.Retired
		}
	}
	return s.Mail.EnqueueStaff(ctx, mail.StaffEmailArgs{
		EmailKind: mail.StaffRosterImportEnded,
		Envelope: mail.Envelope{To: imp.CreatedByEmail, Name: imp.CreatedByFirstName, OccurredAt: at,
			TimeZone: s.TimeZone, SignInURL: s.PublicOrigin + "/staff"},
		RosterImport: sum,
	})
}
