package regen

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Run confirms m's draft id and queues the first job of each of its Lanes, in one
// transaction with the audit event. The policy is the dry run's (ErrNotAllowed, ErrSecondFactorStale, audited). The
// draft's row is locked first, so of simultaneous confirms exactly one queues it and the
// others find it confirmed (ErrConfirmed). Another admin's draft, another district's
// request or an unknown id is accounts.ErrNotFound; a draft older than DraftLifetime is
// ErrDryRunExpired; another request of the district queued or running is ErrRunning.
func (s *Service) Run(ctx context.Context, m accounts.Staff, id string, secondFactorAt time.Time) (Status, error) {
	if err := s.allow(ctx, m, actionConfirmed, secondFactorAt); err != nil {
		return Status{}, err
	}
	var out Status
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.Store.Request(ctx, id, true)
		if err != nil {
			return err
		}
		if r.DistrictID != m.DistrictID || r.RequestedBy != m.ID {
			return accounts.ErrNotFound
		}
		if r.State != StateDraft {
			return ErrConfirmed
		}
		at := s.now()
		if !policy.RegenDraftUsable(r.CreatedAt, at) {
			return ErrDryRunExpired
		}
		if err := s.Store.Confirm(ctx, id, at); err != nil {
			return err
		}
		for lane := range Lanes {
			if err := s.Store.QueueRun(ctx, RunArgs{RequestID: id, Lane: lane}); err != nil {
				return err
			}
		}
		if err := s.record(ctx, m.ID, id, actionConfirmed, audit.Succeeded, "", at); err != nil {
			return err
		}
		out, err = s.Store.Request(ctx, id, false)
		return err
	})
	return out, err
}

// Cancel stops a queued or running request of m's district: any district admin may. The
// request's row lock waits for the chunk in flight, so the done count returned is final:
// the students done keep their new passwords, the others are untouched. A request that has
// ended is ErrEnded; a draft, another district's request or an unknown id
// accounts.ErrNotFound. The requester gets an email in the same transaction.
func (s *Service) Cancel(ctx context.Context, m accounts.Staff, id string) (Status, error) {
	if err := s.allowRole(ctx, m, actionCancelled); err != nil {
		return Status{}, err
	}
	var out Status
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.Store.Request(ctx, id, true)
		if err != nil {
			return err
		}
		if r.DistrictID != m.DistrictID || r.State == StateDraft {
			return accounts.ErrNotFound
		}
		if r.ended() {
			return ErrEnded
		}
		at := s.now()
		if err := s.Store.Cancel(ctx, id, m.ID, at); err != nil {
			return err
		}
		if err := s.record(ctx, m.ID, id, actionCancelled, audit.Succeeded, "", at); err != nil {
			return err
		}
		if out, err = s.Store.Request(ctx, id, false); err != nil {
			return err
		}
		return s.tellRequester(ctx, out)
	})
	return out, err
}

// Get reads a confirmed request of m's district (district admins only). A draft, another
// district's request or an unknown id is accounts.ErrNotFound.
func (s *Service) Get(ctx context.Context, m accounts.Staff, id string) (Status, error) {
	if err := s.allowRole(ctx, m, actionViewed); err != nil {
		return Status{}, err
	}
	r, err := s.Store.Request(ctx, id, false)
	if err != nil {
		return Status{}, err
	}
	if r.DistrictID != m.DistrictID || r.State == StateDraft {
		return Status{}, accounts.ErrNotFound
	}
	return r, nil
}

// History lists the last HistoryLimit confirmed requests of m's district, newest first,
// whoever made them (district admins only).
func (s *Service) History(ctx context.Context, m accounts.Staff) ([]Status, error) {
	if err := s.allowRole(ctx, m, actionViewed); err != nil {
		return nil, err
	}
	return s.Store.History(ctx, m.DistrictID, HistoryLimit)
}

// record audits an event of a request by staff member by.
func (s *Service) record(ctx context.Context, by, requestID, action string, outcome audit.Outcome, reason string, at time.Time) error {
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: at, ActorKind: "staff", ActorID: by, SubjectKind: "regeneration", SubjectID: requestID,
		Action: action, Path: string(policy.PathDistrict), Outcome: outcome, Reason: reason,
	})
}

// tellRequester queues the email that tells the requester how r ended, in the transaction
// in ctx, so it goes out exactly when the end commits.
func (s *Service) tellRequester(ctx context.Context, r Status) error {
	seconds := 0
	if p := r.Progress(r.FinishedAt); p.Started {
		seconds = int(p.Duration.Round(time.Second) / time.Second)
	}
	return s.Mail.EnqueueStaff(ctx, mail.StaffEmailArgs{
		EmailKind: mail.StaffRegenerationEnded,
		Envelope: mail.Envelope{To: r.RequesterEmail, Name: r.RequesterFirstName, OccurredAt: r.FinishedAt,
			TimeZone: s.TimeZone, SignInURL: s.PublicOrigin + "/staff"},
		Regeneration: &mail.RegenerationSummary{Status: r.State, Done: r.Done, Total: r.Total, Seconds: seconds,
			PageURL: s.PublicOrigin + "/staff/district/regenerate/" + r.ID},
	})
}
