package schoolreset

import (
	"context"
	"errors"
	"fmt"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Reset is a staff reset of a student's password: a typed password with its confirmation,
// or, when Generate is set, a school-issued default the policy generates for the grade.
type Reset struct {
	Generate        bool
	NewPassword     string
	ConfirmPassword string
	// MustChange makes the student choose a new password at the next sign-in.
	MustChange bool
}

// ResetResult is a done reset: the generated password (empty for a typed one) and the
// student's page as it is now.
type ResetResult struct {
	GeneratedPassword string
	Page              Page
}

// ResetPassword resets the student's password for a staff member. A typed password follows
// the student's own rules and is stored as a hash; a generated one is sealed as a
// school-issued default staff in scope can show again until the student replaces it. The
// change function writes it with its audit event and the emails to the student and every
// linked guardian, in one transaction that checks the scope again on the locked row.
// Refusals (scope, role, password rules) are audited and change nothing.
func (s *Service) ResetPassword(ctx context.Context, m accounts.Staff, id string, r Reset) (ResetResult, error) {
	rec, err := s.authorize(ctx, m, id, policy.StaffResetPassword, actionReset, false)
	if err != nil {
		return ResetResult{}, err
	}
	st := rec.Student
	var secret accounts.StoredPassword
	// typed is the staff member's password as typed, for the directory (a generated one
	// goes there through its seal).
	var generated, typed string
	if r.Generate {
		if generated, err = policy.GeneratePasswordFor(st.Username, st.Names(), st.Grade, s.random()); err != nil {
			return ResetResult{}, err
		}
		if secret.Sealed, secret.KeyID, err = s.Sealer.Seal(generated, []byte(st.ID)); err != nil {
			return ResetResult{}, fmt.Errorf("seal school-issued password: %w", err)
		}
	} else {
		if err := s.checkPassword(ctx, st, r); err != nil {
			var refusal *policy.RefusalError
			if errors.As(err, &refusal) {
				if rerr := s.record(ctx, m, st.ID, actionReset, audit.Refused, refusal.Code); rerr != nil {
					return ResetResult{}, rerr
				}
			}
			return ResetResult{}, err
		}
		if secret.Hash, err = s.Hasher.Hash(ctx, policy.NormalizePassword(r.NewPassword)); err != nil {
			return ResetResult{}, fmt.Errorf("hash password: %w", err)
		}
		typed = r.NewPassword
	}
	err = s.inTx(ctx, func(ctx context.Context) error {
		locked, err := s.authorize(ctx, m, id, policy.StaffResetPassword, actionReset, true)
		if err != nil {
			return err
		}
		rec = locked
		_, err = s.Changes.Password(ctx, rec.Student, change.Password{
			By: change.Actor{Kind: change.ActorStaff, ID: m.ID}, Path: policy.PathStaff,
			Secret: secret, Plain: typed, MustChange: r.MustChange,
		}, s.now())
		return err
	})
	if err != nil {
		return ResetResult{}, err
	}
	// Read again: the page shows the change as stored (the default's issue time).
	if rec, err = s.Store.StudentFor(ctx, m, rec.Student.ID); err != nil {
		return ResetResult{}, err
	}
	page, err := s.page(ctx, m, rec)
	if err != nil {
		return ResetResult{}, err
	}
	return ResetResult{GeneratedPassword: generated, Page: page}, nil
}

// checkPassword applies the student's password rules to a typed password: the username and
// names, not the current password, and the confirmation.
func (s *Service) checkPassword(ctx context.Context, st accounts.Student, r Reset) error {
	same, err := s.Passwords.CheckPassword(ctx, st, r.NewPassword)
	if err != nil {
		return err
	}
	return policy.CheckNewPassword(st.PasswordCandidate(r.NewPassword, same), r.ConfirmPassword)
}
