package family

import (
	"context"
	"errors"
	"fmt"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ChildReset is a guardian's reset of a child's password: a typed password (with its
// confirmation) or, when Generate is set, one the policy generates for the child's grade.
type ChildReset struct {
	Generate        bool
	NewPassword     string
	ConfirmPassword string
	// MustChange makes the child choose a new password at the next sign-in.
	MustChange bool
}

// ChildResetResult is a done reset: the generated password (empty for a typed one), shown
// to the guardian once, and the child as it is now.
type ChildResetResult struct {
	GeneratedPassword string
	Child             Child
}

// ResetChildPassword resets a linked child's password for a guardian. It is not bound by
// the child's self-reset window but by the per-child guardian reset limit, which is checked
// again under the child's row lock so concurrent resets cannot exceed it. Every session of
// the child ends; the child and every linked guardian get a confirmation email. Refusals
// are audited.
func (s *Service) ResetChildPassword(ctx context.Context, guardianID, studentID string, r ChildReset) (ChildResetResult, error) {
	st, link, err := s.linkedStudent(ctx, guardianID, studentID, actionResetPassword)
	if err != nil {
		return ChildResetResult{}, err
	}
	if err := s.mayReset(ctx, st, link); err != nil {
		return ChildResetResult{}, s.refused(ctx, guardianID, "student", st.ID, actionResetPassword, err, refusalReason(err))
	}
	password := r.NewPassword
	if r.Generate {
		if password, err = policy.GeneratePasswordFor(st.Username, st.Names(), st.Grade, s.random()); err != nil {
			return ChildResetResult{}, err
		}
	} else if err := s.checkChildPassword(ctx, st, r); err != nil {
		return ChildResetResult{}, s.refused(ctx, guardianID, "student", st.ID, actionResetPassword, err, policy.RefusedPassword)
	}
	hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(password))
	if err != nil {
		return ChildResetResult{}, fmt.Errorf("hash password: %w", err)
	}
	var child Child
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		st, err := s.Store.LockStudent(ctx, st.ID)
		if err != nil {
			return err
		}
		link, err := s.Store.GuardianLink(ctx, guardianID, st.ID)
		if err != nil {
			return err
		}
		if !link.Linked {
			return accounts.ErrNotFound
		}
		if err := s.mayReset(ctx, st, link); err != nil {
			return err
		}
		at := s.now()
		if st.TokenVersion, err = s.Changes.Password(ctx, st, change.Password{
			By: change.Actor{Kind: change.ActorGuardian, ID: guardianID}, Path: policy.PathGuardian,
			Secret: accounts.StoredPassword{Hash: hash}, Plain: password, MustChange: r.MustChange,
		}, at); err != nil {
			return err
		}
		st.MustChangePassword, st.PasswordChangedAt = r.MustChange, at
		child, err = s.childView(ctx, st, link, at)
		return err
	})
	if err != nil {
		if reason := refusalReason(err); reason != "" {
			return ChildResetResult{}, s.refused(ctx, guardianID, "student", st.ID, actionResetPassword, err, reason)
		}
		return ChildResetResult{}, err
	}
	result := ChildResetResult{Child: child}
	if r.Generate {
		result.GeneratedPassword = password
	}
	return result, nil
}

// mayReset applies the policy: the guardian's access to the child, then the per-child limit.
func (s *Service) mayReset(ctx context.Context, st accounts.Student, link policy.GuardianLink) error {
	now := s.now()
	switch policy.GuardianAccess(link, st.DateOfBirth, now, s.Settings) {
	case policy.AccessNone:
		return accounts.ErrNotFound
	case policy.AccessAdult:
		return policy.ErrStudentIsAdult
	}
	times, err := s.Store.GuardianResetTimes(ctx, st.ID, now.Add(-policy.GuardianResetWindow))
	if err != nil {
		return err
	}
	return policy.CheckGuardianResets(times, now, s.Settings)
}

// refusalReason is the audit reason of a refusal of mayReset, or "" for another error.
func refusalReason(err error) string {
	var limit *policy.ResetLimitError
	switch {
	case errors.As(err, &limit):
		return "child_reset_limit"
	case errors.Is(err, policy.ErrStudentIsAdult):
		return "student_is_adult"
	case errors.Is(err, accounts.ErrNotFound):
		return "not_linked"
	}
	return ""
}

// checkChildPassword applies the password rules of the child's account to a typed
// password: the child's username and names, and not the child's current password.
func (s *Service) checkChildPassword(ctx context.Context, st accounts.Student, r ChildReset) error {
	same, err := s.Passwords.CheckPassword(ctx, st, r.NewPassword)
	if err != nil {
		return err
	}
	return policy.CheckNewPassword(st.PasswordCandidate(r.NewPassword, same), r.ConfirmPassword)
}
