package selfservice

import (
	"context"

	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// confirm records a change of one of the student's secrets made by the student, with its
// confirmation email, inside the change's transaction.
func (s *Service) confirm(ctx context.Context, st accounts.Student, e policy.Event, p policy.Path, at time.Time) error {
	return s.Changes.Confirm(ctx, st, change.Confirmation{Event: e, By: byStudent(st), Path: p, At: at})
}

// byStudent names the student as the actor of a change of their own.
func byStudent(st accounts.Student) change.Actor {
	return change.Actor{Kind: change.ActorStudent, ID: st.ID}
}

// recordAttempt records an attempt that changed no secret: a refusal, a
// failed verification, or a verification that succeeded.
func (s *Service) recordAttempt(ctx context.Context, actorKind, actorID, subjectKind, subjectID, action string, p policy.Path, outcome audit.Outcome, reason string) error {
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: actorKind, ActorID: actorID,
		SubjectKind: subjectKind, SubjectID: subjectID,
		Action: action, Path: string(p), Outcome: outcome, Reason: reason,
	})
}
