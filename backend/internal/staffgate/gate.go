// Package staffgate lets a staff member on to a district-wide action (a regeneration, a
// roster import) by the policy core's role rule for it and, for a change, a second factor
// proven recently; every refusal is audited as an event of the staff member about their own
// account, as the staff routes audit theirs.
package staffgate

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Audit reasons of a refusal.
const (
	ReasonNotAllowed = "not_allowed"
	ReasonStale      = "second_factor_stale"
)

// Gate is one action family's rule. The errors are the caller's own (the domain packages do
// not import each other; the HTTP error handler answers each).
type Gate struct {
	Audit audit.Recorder
	// May is the policy core's rule of who may act (policy.MayRegenerate, …).
	May                     func(policy.StaffRole) bool
	ErrNotAllowed, ErrStale error
}

// Role lets m on if May allows m's role, else audits the refusal under action and returns
// ErrNotAllowed.
func (g Gate) Role(ctx context.Context, m accounts.Staff, action string, now time.Time) error {
	if !g.May(m.Role) {
		return g.refuse(ctx, m, action, g.ErrNotAllowed, ReasonNotAllowed, now)
	}
	return nil
}

// Fresh is Role, then a second factor proven at secondFactorAt must still be fresh at now
// (policy.SecondFactorFresh), else ErrStale.
func (g Gate) Fresh(ctx context.Context, m accounts.Staff, action string, secondFactorAt, now time.Time) error {
	if err := g.Role(ctx, m, action, now); err != nil {
		return err
	}
	if !policy.SecondFactorFresh(secondFactorAt, now) {
		return g.refuse(ctx, m, action, g.ErrStale, ReasonStale, now)
	}
	return nil
}

// refuse audits the refusal and returns err; a failure to write the trace is the error
// instead.
func (g Gate) refuse(ctx context.Context, m accounts.Staff, action string, err error, reason string, now time.Time) error {
	if rerr := g.Audit.Record(ctx, audit.Event{
		OccurredAt: now, ActorKind: "staff", ActorID: m.ID, SubjectKind: "staff", SubjectID: m.ID,
		Action: action, Path: string(policy.PathStaff), Outcome: audit.Refused, Reason: reason,
	}); rerr != nil {
		return rerr
	}
	return err
}
