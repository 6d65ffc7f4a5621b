package selfservice

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// confirmChange records a successful change of one of the student's secrets
// and enqueues its confirmation email. It must run inside the transaction of
// the change, so all three commit together or not at all.
func (s *Service) confirmChange(ctx context.Context, st accounts.Student, e policy.Event, p policy.Path, at time.Time) error {
	if err := s.Audit.Record(ctx, audit.Event{
		OccurredAt: at, ActorKind: "student", ActorID: st.ID,
		SubjectKind: "student", SubjectID: st.ID,
		Action: string(e), Path: string(p), Outcome: audit.Succeeded,
	}); err != nil {
		return err
	}
	for _, r := range policy.Recipients(e, p) {
		if r != policy.RecipientStudent {
			continue // guardians are notified from the guardian and staff paths
		}
		err := s.Mail.Enqueue(ctx, mail.ConfirmationArgs{
			To: st.Email, RecipientName: st.FirstName, Locale: st.Locale,
			StudentName: st.FirstName + " " + st.LastName, Username: st.Username,
			Change: mail.Change(e), Path: mail.Path(p), OccurredAt: at,
			SchoolName: st.SchoolName, SchoolContact: st.SchoolContact, TimeZone: s.Settings.TimeZone(),
		})
		if err != nil {
			return fmt.Errorf("enqueue confirmation: %w", err)
		}
	}
	return nil
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
