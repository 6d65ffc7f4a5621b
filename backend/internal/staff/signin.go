package staff

import (
	"context"
	"errors"
	"fmt"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// signInKey is the throttle key of a staff account: the one counter its password, its
// second-factor codes and its current password at a change all count on.
func signInKey(id string) string { return accounts.SignInKey("staff", id) }

// SignIn checks a staff member's email and password, the first step of a sign-in. An
// unknown email burns the same hashing work as a known one, fails the same way and is
// throttled the same way (the unknown-login key, as for students and guardians).
//
// A right password does not take the claimed attempt back: only a proven second factor
// does (VerifyCode, ConfirmEnrolment, FinishPasskeySignIn). Someone who knows the password
// could otherwise clear the counter with it between guesses at the second factor.
func (s *Service) SignIn(ctx context.Context, email, password string) (accounts.Staff, error) {
	norm, _ := policy.NormalizeEmail(email)
	m, err := s.Store.StaffByEmail(ctx, norm)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return accounts.Staff{}, err
	}
	key := signInKey(m.ID)
	if m.ID == "" {
		key = accounts.SignInKey("staff-login", email)
	}
	throttle := accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, key, s.now()); err != nil {
		return accounts.Staff{}, s.signInRefused(ctx, m.ID, norm, err, "sign_in_throttled")
	}
	if m.ID == "" {
		s.Hasher.VerifyDummy(ctx, password)
		return accounts.Staff{}, s.signInRefused(ctx, "", norm, accounts.ErrInvalidCredentials, "unknown_email")
	}
	ok, err := s.Hasher.Verify(ctx, policy.NormalizePassword(password), m.PasswordHash)
	if err != nil {
		return accounts.Staff{}, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return accounts.Staff{}, s.signInRefused(ctx, m.ID, norm, accounts.ErrInvalidCredentials, "wrong_password")
	}
	if s.Hasher.NeedsRehash(m.PasswordHash) {
		hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(password))
		if err != nil {
			return accounts.Staff{}, fmt.Errorf("rehash password: %w", err)
		}
		if err := s.Store.ReplaceStaffPasswordHash(ctx, m.ID, m.PasswordHash, hash); err != nil {
			return accounts.Staff{}, err
		}
	}
	return m, s.self(ctx, m.ID, actionSignInPassword, audit.Succeeded, "second_factor_next")
}

// signInRefused audits a refused password step; an unknown account is audited by the
// email typed.
func (s *Service) signInRefused(ctx context.Context, id, email string, err error, reason string) error {
	if id == "" {
		if rerr := s.record(ctx, "", "email", email, actionSignInPassword, audit.Refused, reason); rerr != nil {
			return rerr
		}
		return err
	}
	return s.refused(ctx, id, actionSignInPassword, err, reason)
}

// VerifyCode proves the second factor of m with a code: a 6-digit authenticator code, never
// accepted for a time step not newer than the last accepted one, or a recovery code, each
// usable once. Every try counts on the sign-in throttle before the code is looked at; a
// right code clears it. renewal says whether a live session renews its second factor
// rather than a sign-in finishing, for the audit trail.
func (s *Service) VerifyCode(ctx context.Context, m accounts.Staff, code string, renewal bool) (Method, error) {
	action := actionSignInFactor
	if renewal {
		action = actionRenewFactor
	}
	throttle := accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, signInKey(m.ID), s.now()); err != nil {
		return "", s.refused(ctx, m.ID, action, err, "sign_in_throttled")
	}
	method, ok, err := s.checkCode(ctx, m, code)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", s.refused(ctx, m.ID, action, ErrSecondFactorInvalid, "second_factor_invalid")
	}
	if err := throttle.Succeeded(ctx, signInKey(m.ID)); err != nil {
		return "", err
	}
	return method, s.self(ctx, m.ID, action, audit.Succeeded, string(method))
}

// checkCode checks a code of either kind; a recovery code is spent, audited and emailed
// about in one transaction.
func (s *Service) checkCode(ctx context.Context, m accounts.Staff, code string) (Method, bool, error) {
	if digits, ok := totpCode(code); ok {
		ok, err := s.useTOTP(ctx, m, digits)
		return MethodTOTP, ok, err
	}
	rc, ok := normalizeRecoveryCode(code)
	if !ok {
		return "", false, nil
	}
	var used bool
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if used, err = s.Store.UseRecoveryCode(ctx, m.ID, RecoveryDigest(m.ID, rc), s.now()); err != nil || !used {
			return err
		}
		if err := s.self(ctx, m.ID, actionRecoveryUsed, audit.Succeeded, ""); err != nil {
			return err
		}
		return s.email(ctx, m, mail.StaffRecoveryCodeUsed, func(a *mail.StaffEmailArgs) { a.CodesLeft = m.RecoveryCodesLeft - 1 })
	})
	return MethodRecoveryCode, used, err
}
