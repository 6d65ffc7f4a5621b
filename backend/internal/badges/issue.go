package badges

import (
	"context"
	"errors"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Issue gives the student with id a new badge, ending the earlier one. Staff in scope may
// (a teacher of the student's class too); outside it the student is accounts.ErrNotFound,
// a student outside the badge grades ErrNotEligible: both audited, nothing else changed.
func (s *Service) Issue(ctx context.Context, m accounts.Staff, id string) (Issued, error) {
	sec, err := newSecret(s.random())
	if err != nil {
		return Issued{}, err
	}
	var out Issued
	err = s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.Authorize(ctx, m, id, policy.StaffIssueBadge, actionIssue, true)
		if err != nil {
			return err
		}
		if !policy.BadgeEligible(rec.Student.Grade, s.Settings) {
			if err := s.record(ctx, m, "student", rec.Student.ID, actionIssue, audit.Refused, "not_eligible"); err != nil {
				return err
			}
			return ErrNotEligible
		}
		out, err = s.store(ctx, m, rec.Student, sec)
		return err
	})
	return out, err
}

// maxCodeTries bounds the draws of a printed code: a second clash in a row would mean a
// broken random source, not bad luck.
const maxCodeTries = 3

// store saves sec as st's badge, ending the earlier one, with its audit event.
func (s *Service) store(ctx context.Context, m accounts.Staff, st accounts.Student, sec secret) (Issued, error) {
	at := s.now()
	ended := false
	for try := 1; ; try++ {
		was, err := s.Store.Replace(ctx, st.ID, m.ID, sec.code, sec.digest, at)
		ended = ended || was
		if !errors.Is(err, ErrCodeTaken) || try == maxCodeTries {
			if err != nil {
				return Issued{}, err
			}
			break
		}
		if sec.code, err = newCode(s.random()); err != nil {
			return Issued{}, err
		}
	}
	reason := "issued"
	if ended {
		reason = "reissued"
	}
	// A new badge is a new way into the account: the student and the guardians are told,
	// through the one change function, as for new pictures.
	if err := s.Changes.Confirm(ctx, st, change.Confirmation{Event: policy.EventBadgeIssued,
		By: change.Actor{Kind: change.ActorStaff, ID: m.ID}, Path: policy.PathStaff, At: at, Reason: reason}); err != nil {
		return Issued{}, err
	}
	return Issued{Student: st, Code: sec.code, Token: sec.token, SignInURL: s.PublicOrigin + "/badge#" + sec.token, IssuedAt: at}, nil
}

// Revoke ends the student's live badge, if any. The scope is Issue's; a student outside the
// badge grades may still lose a badge (one issued before the setting changed).
func (s *Service) Revoke(ctx context.Context, m accounts.Staff, id string) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.Authorize(ctx, m, id, policy.StaffIssueBadge, actionRevoke, true)
		if err != nil {
			return err
		}
		ended, err := s.Store.Revoke(ctx, rec.Student.ID, s.now())
		if err != nil {
			return err
		}
		reason := "revoked"
		if !ended {
			reason = "none"
		}
		return s.record(ctx, m, "student", rec.Student.ID, actionRevoke, audit.Succeeded, reason)
	})
}

// Live reads the student's live badge for the staff page (ok false when none).
func (s *Service) Live(ctx context.Context, studentID string) (Badge, bool, error) {
	live, err := s.Store.Live(ctx, []string{studentID})
	if err != nil {
		return Badge{}, false, err
	}
	b, ok := live[studentID]
	return b, ok, nil
}
