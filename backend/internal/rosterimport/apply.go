package rosterimport

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// Apply confirms m's draft id and queues its job, in one transaction with the audit event.
// The policy is the dry run's (ErrNotAllowed, ErrSecondFactorStale, audited). The draft's
// row is locked first, so of simultaneous applies exactly one queues it and the others find
// it applying (ErrApplied). Another admin's draft, another district's import or an unknown
// id is accounts.ErrNotFound; a draft older than DraftLifetime is ErrDryRunExpired; another
// import of the district applying is ErrRunning; one applied since the dry run began
// ErrPlanStale.
func (s *Service) Apply(ctx context.Context, m accounts.Staff, id string, secondFactorAt time.Time) (Import, error) {
	if err := s.allow(ctx, m, actionApply, secondFactorAt); err != nil {
		return Import{}, err
	}
	var out Import
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		imp, err := s.Store.Import(ctx, id, true)
		if err != nil {
			return err
		}
		if imp.DistrictID != m.DistrictID || imp.CreatedBy != m.ID {
			return accounts.ErrNotFound
		}
		at := s.now()
		switch imp.StateOf(at) {
		case StateDraft:
		case StateExpired:
			return ErrDryRunExpired
		default:
			return ErrApplied
		}
		// Marked applying first, then checked for staleness: an import of the district that
		// ends meanwhile either still holds the one applying place (ErrRunning here) or has
		// committed its number, which the check below sees.
		if err := s.Store.StartApplying(ctx, id, at); err != nil {
			return err
		}
		stale, err := s.Store.AppliedSince(ctx, imp.DistrictID, imp.BasedOn)
		if err != nil {
			return err
		}
		if stale {
			return ErrPlanStale
		}
		if err := s.Store.QueueApply(ctx, ApplyArgs{ImportID: id}); err != nil {
			return err
		}
		if err := s.record(ctx, m.ID, id, actionApply, audit.Succeeded, "", at); err != nil {
			return err
		}
		out, err = s.Store.Import(ctx, id, false)
		return err
	})
	return out, err
}

// Get reads an import of m's district (district admins only): a draft only for the admin
// who made it. Another district's import, another admin's draft or an unknown id is
// accounts.ErrNotFound.
func (s *Service) Get(ctx context.Context, m accounts.Staff, id string) (Import, error) {
	if err := s.allowRole(ctx, m, actionViewed); err != nil {
		return Import{}, err
	}
	imp, err := s.Store.Import(ctx, id, false)
	if err != nil {
		return Import{}, err
	}
	if imp.DistrictID != m.DistrictID || imp.State == StateDraft && imp.CreatedBy != m.ID {
		return Import{}, accounts.ErrNotFound
	}
	return imp, nil
}

// List returns the last HistoryLimit imports of m's district applied, applying or failed,
// newest first, from the page or the command line (district admins only).
func (s *Service) List(ctx context.Context, m accounts.Staff) ([]Import, error) {
	if err := s.allowRole(ctx, m, actionViewed); err != nil {
		return nil, err
	}
	return s.Store.History(ctx, m.DistrictID, HistoryLimit)
}

// Record puts an import of `portal roster import` in the district's history, as applied
// (r.Failure empty) or failed, with its audit event. Called in the transaction that applied
// the set, it commits with it; an import applied this way makes the district's drafts
// stale.
func (s *Service) Record(ctx context.Context, r Recorded) (string, error) {
	var id string
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if id, err = s.Store.Record(ctx, r); err != nil {
			return err
		}
		action, outcome := actionApplied, audit.Succeeded
		if r.Failure != "" {
			action, outcome = actionFailed, audit.Failed
		}
		return s.record(ctx, "", id, action, outcome, "", r.FinishedAt)
	})
	return id, err
}
