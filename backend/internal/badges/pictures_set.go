package badges

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// SetPictures gives the student with id a new picture password: chosen, or drawn at random
// when chosen is nil. The earlier pictures end and any lock clears. A choice that breaks a
// rule is a *policy.RefusalError (RefusedPictures) before anything is read; staff in scope
// may (a teacher of the student's class too), outside it the student is
// accounts.ErrNotFound, outside the badge grades ErrNotEligible: both audited, nothing else
// changed. The hash is made before the transaction, which stores it with the change's audit
// event and the guardians' emails (change.Writer.Confirm).
func (s *Service) SetPictures(ctx context.Context, m accounts.Staff, id string, chosen []string) (IssuedPictures, error) {
	pictures := chosen
	if pictures == nil {
		var err error
		if pictures, err = drawPictures(s.random()); err != nil {
			return IssuedPictures{}, err
		}
	} else if err := policy.Refuse(RefusedPictures, policy.CheckPictures(pictures)); err != nil {
		return IssuedPictures{}, err
	}
	hash, err := s.Hasher.Hash(ctx, PictureSecret(pictures))
	if err != nil {
		return IssuedPictures{}, err
	}
	var out IssuedPictures
	err = s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.Authorize(ctx, m, id, policy.StaffIssueBadge, actionPicturesSet, true)
		if err != nil {
			return err
		}
		if !policy.BadgeEligible(rec.Student.Grade, s.Settings) {
			if err := s.record(ctx, m, "student", rec.Student.ID, actionPicturesSet, audit.Refused, "not_eligible"); err != nil {
				return err
			}
			return ErrNotEligible
		}
		out, err = s.storePictures(ctx, m, rec.Student, pictures, hash)
		return err
	})
	return out, err
}

// storePictures saves hash as st's picture password, in the transaction in ctx (holding
// st's row lock), and confirms the change: its audit event and the emails commit with it.
func (s *Service) storePictures(ctx context.Context, m accounts.Staff, st accounts.Student, pictures []string, hash string) (IssuedPictures, error) {
	at := s.now().Truncate(time.Microsecond)
	if _, err := s.Pictures.SetPictures(ctx, st.ID, m.ID, hash, at); err != nil {
		return IssuedPictures{}, err
	}
	err := s.Changes.Confirm(ctx, st, change.Confirmation{Event: policy.EventPicturesChanged,
		By: change.Actor{Kind: change.ActorStaff, ID: m.ID}, Path: policy.PathStaff, At: at})
	if err != nil {
		return IssuedPictures{}, err
	}
	return IssuedPictures{Student: st, Pictures: pictures, SetAt: at}, nil
}

// RemovePictures deletes the student's picture password, if any: it no longer signs in.
// The scope is SetPictures'; a student outside the badge grades may still lose pictures
// (set before the setting changed).
func (s *Service) RemovePictures(ctx context.Context, m accounts.Staff, id string) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.Authorize(ctx, m, id, policy.StaffIssueBadge, actionPicturesRemoved, true)
		if err != nil {
			return err
		}
		had, err := s.Pictures.RemovePictures(ctx, rec.Student.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, m, "student", rec.Student.ID, actionPicturesRemoved, audit.Succeeded, reasonHad(had, "removed"))
	})
}

// UnlockPictures clears the student's wrong tries and lock: the same pictures sign in
// again. The scope is SetPictures'.
func (s *Service) UnlockPictures(ctx context.Context, m accounts.Staff, id string) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.Authorize(ctx, m, id, policy.StaffIssueBadge, actionPicturesUnlocked, true)
		if err != nil {
			return err
		}
		had, err := s.Pictures.UnlockPictures(ctx, rec.Student.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, m, "student", rec.Student.ID, actionPicturesUnlocked, audit.Succeeded, reasonHad(had, "unlocked"))
	})
}

// reasonHad is an audit reason: done when there were pictures, "none" otherwise.
func reasonHad(had bool, done string) string {
	if had {
		return done
	}
	return "none"
}
