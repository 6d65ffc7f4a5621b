package family

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Registration is what a new guardian types.
type Registration struct {
	Email, Name, Password, ConfirmPassword, Locale string
}

// Register creates a family account and emails a verification link. An email that is
// registered already gets an email saying so instead, after the same work, and the caller
// gets the same nil: nothing tells a stranger whether an address has an account.
func (s *Service) Register(ctx context.Context, r Registration) error {
	email, _ := policy.NormalizeEmail(r.Email)
	name := strings.TrimSpace(r.Name)
	violations := policy.CheckGuardianRegistration(r.Email, r.Name)
	violations = append(violations, policy.WithField(policy.CheckPassword(
		policy.GuardianPasswordCandidate(r.Password, email, name, false)), "password")...)
	if r.Password != r.ConfirmPassword {
		violations = append(violations, policy.ConfirmMismatch("confirmPassword"))
	}
	if err := policy.Refuse(policy.RefusedRegistration, violations); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(r.Password))
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		at := s.now()
		g := Guardian{Email: email, Name: name, Locale: r.Locale, PasswordHash: hash}
		id, err := s.Store.CreateGuardian(ctx, g)
		if errors.Is(err, ErrEmailTaken) {
			return s.registeredAlready(ctx, email, at)
		}
		if err != nil {
			return err
		}
		g.ID = id
		if err := s.Store.SetVerificationSentAt(ctx, id, at); err != nil {
			return err
		}
		if err := s.sendLink(ctx, g, PurposeVerifyEmail, at); err != nil {
			return err
		}
		return s.record(ctx, id, "guardian", id, actionRegister, "guardian", audit.Succeeded, "")
	})
}

// registeredAlready tells the owner of a registered address that someone tried to register
// it again, at most once a minute so the form cannot flood their mailbox.
func (s *Service) registeredAlready(ctx context.Context, email string, at time.Time) error {
	found, err := s.Store.GuardianByEmail(ctx, email)
	if err != nil {
		return err
	}
	g, err := s.Store.LockGuardian(ctx, found.ID)
	if err != nil {
		return err
	}
	if err := s.record(ctx, "", "guardian", g.ID, actionRegister, "guardian", audit.Refused, "email_taken"); err != nil {
		return err
	}
	if at.Before(policy.NextGuardianEmail(g.VerificationSentAt)) {
		return nil
	}
	if err := s.Store.SetVerificationSentAt(ctx, g.ID, at); err != nil {
		return err
	}
	return s.familyEmail(ctx, g, mail.FamilyAlreadyRegistered, at)
}

// VerifyEmail spends a verification link and marks the guardian's email verified.
func (s *Service) VerifyEmail(ctx context.Context, token string) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		at := s.now()
		id, err := s.Store.UseLinkToken(ctx, emaillink.Digest(token), PurposeVerifyEmail, at)
		if err != nil {
			return err
		}
		if err := s.Store.MarkEmailVerified(ctx, id, at); err != nil {
			return err
		}
		return s.record(ctx, id, "guardian", id, actionVerifyEmail, "guardian", audit.Succeeded, "")
	})
}

// ResendVerification emails the guardian a new verification link; earlier links stop
// working. An already verified guardian gets nothing and no error. Both the new link and a
// refusal (one link a minute) are audited.
func (s *Service) ResendVerification(ctx context.Context, guardianID string) error {
	var retryAt time.Time
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		g, err := s.Store.LockGuardian(ctx, guardianID)
		if err != nil || g.Verified() {
			return err
		}
		at := s.now()
		if next := policy.NextGuardianEmail(g.VerificationSentAt); at.Before(next) {
			retryAt = next
			return nil
		}
		if err := s.Store.SetVerificationSentAt(ctx, g.ID, at); err != nil {
			return err
		}
		if err := s.sendLink(ctx, g, PurposeVerifyEmail, at); err != nil {
			return err
		}
		return s.record(ctx, g.ID, "guardian", g.ID, actionResendLink, "guardian", audit.Succeeded, "")
	})
	if err != nil {
		return err
	}
	if !retryAt.IsZero() {
		return s.refused(ctx, guardianID, "guardian", guardianID, actionResendLink,
			&ResendTooSoonError{RetryAt: retryAt}, "verification_resend_too_soon")
	}
	return nil
}

// SignIn checks a guardian's email and password. An unknown email burns the same hashing
// work as a known one, fails the same way and is throttled the same way (ten failures in a
// row, then one try a minute, as for students), so nothing tells whether it is registered.
func (s *Service) SignIn(ctx context.Context, email, password string) (Guardian, error) {
	norm, _ := policy.NormalizeEmail(email)
	g, err := s.Store.GuardianByEmail(ctx, norm)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return Guardian{}, err
	}
	key := accounts.SignInKey("guardian", g.ID)
	if g.ID == "" {
		key = accounts.SignInKey("guardian-login", email)
	}
	throttle := accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, key, s.now()); err != nil {
		return Guardian{}, err
	}
	if g.ID == "" {
		s.Hasher.VerifyDummy(ctx, password)
		return Guardian{}, accounts.ErrInvalidCredentials
	}
	ok, err := s.Hasher.Verify(ctx, policy.NormalizePassword(password), g.PasswordHash)
	if err != nil {
		return Guardian{}, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return Guardian{}, accounts.ErrInvalidCredentials
	}
	if err := throttle.Succeeded(ctx, key); err != nil {
		return Guardian{}, err
	}
	// Parameters raised since the hash was made: strengthen it now the password is at hand.
	if s.Hasher.NeedsRehash(g.PasswordHash) {
		hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(password))
		if err != nil {
			return Guardian{}, fmt.Errorf("rehash password: %w", err)
		}
		if err := s.Store.ReplaceGuardianPasswordHash(ctx, g.ID, g.PasswordHash, hash); err != nil {
			return Guardian{}, err
		}
	}
	return g, nil
}

// StartForgot records a forgot-password request and queues it (ForgotArgs); the queued
// job emails a reset link if the address has an account. The request itself does the same
// work for every address, an audit event and a job in one transaction, so neither the
// answer nor its timing tells whether the address is registered.
func (s *Service) StartForgot(ctx context.Context, email string) error {
	return emaillink.StartForgot(ctx, s.Store.InTx, email, s.now, func(ctx context.Context, norm string) error {
		return s.record(ctx, "", "email", norm, actionForgot, "guardian", audit.Succeeded, "requested")
	}, s.Mail.EnqueueForgot)
}

// SendForgotLink emails a reset link to the guardian with email, at most
// policy.MaxResetLinks an hour, and audits what it did; an unknown address is audited and
// sent nothing. The links are counted under the guardian's row lock: queued requests run
// side by side, and each must see the links the others made, both to keep the limit and
// so that the newest link ends every older one. The queued request (ForgotArgs) runs it.
func (s *Service) SendForgotLink(ctx context.Context, email string, at time.Time) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		found, err := s.Store.GuardianByEmail(ctx, email)
		if errors.Is(err, accounts.ErrNotFound) {
			return s.record(ctx, "", "email", email, actionForgot, "guardian", audit.Refused, "unknown_email")
		}
		if err != nil {
			return err
		}
		g, err := s.Store.LockGuardian(ctx, found.ID)
		if err != nil {
			return err
		}
		sent, err := s.Store.RecentLinkTokens(ctx, g.ID, PurposeResetPassword, at.Add(-policy.ResetLinkWindow))
		if err != nil {
			return err
		}
		if !policy.ResetLinkAllowed(sent) {
			return s.record(ctx, g.ID, "guardian", g.ID, actionForgot, "guardian", audit.Refused, "too_many_links")
		}
		if err := s.sendLink(ctx, g, PurposeResetPassword, at); err != nil {
			return err
		}
		return s.record(ctx, g.ID, "guardian", g.ID, actionForgot, "guardian", audit.Succeeded, "")
	})
}

// CheckResetLink reports whether an emailed reset link still works, without spending it, so
// the reset page can say a dead link is dead before the guardian types a password. The token
// is 32 random bytes: an answer about it helps no guess.
func (s *Service) CheckResetLink(ctx context.Context, token string) error {
	_, err := s.Store.LinkTokenGuardian(ctx, emaillink.Digest(token), PurposeResetPassword, s.now())
	return err
}

// ResetWithLink sets a new password with an emailed reset link. The rules are checked
// before the link is spent, so a refused password leaves the link usable; spending it, the
// new password, the verified email (the link proved the guardian reads it), the audit event
// and the confirmation email commit together. Every family session of the account ends.
func (s *Service) ResetWithLink(ctx context.Context, token, newPassword, confirm string) error {
	digest := emaillink.Digest(token)
	id, err := s.Store.LinkTokenGuardian(ctx, digest, PurposeResetPassword, s.now())
	if err != nil {
		return err
	}
	g, err := s.Store.GuardianByID(ctx, id)
	if err != nil {
		return err
	}
	hash, err := s.newGuardianPassword(ctx, g, newPassword, confirm)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		at := s.now()
		if _, err := s.Store.UseLinkToken(ctx, digest, PurposeResetPassword, at); err != nil {
			return err
		}
		if _, err := s.Store.LockGuardian(ctx, id); err != nil {
			return err
		}
		if _, err := s.Store.SetGuardianPassword(ctx, id, hash); err != nil {
			return err
		}
		if !g.Verified() {
			if err := s.Store.MarkEmailVerified(ctx, id, at); err != nil {
				return err
			}
		}
		return s.confirmGuardianPassword(ctx, g, "reset_link", at)
	})
}

// ChangePassword changes a signed-in guardian's password and returns the new token
// version: every earlier session is over, and the caller re-issues the current one.
func (s *Service) ChangePassword(ctx context.Context, guardianID, current, newPassword, confirm string) (int, error) {
	g, err := s.Store.GuardianByID(ctx, guardianID)
	if err != nil {
		return 0, err
	}
	// The current password is a guess like a sign-in's, and meets the same throttle.
	key, throttle := accounts.SignInKey("guardian", g.ID), accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, key, s.now()); err != nil {
		return 0, err
	}
	ok, err := s.Hasher.Verify(ctx, policy.NormalizePassword(current), g.PasswordHash)
	if err != nil {
		return 0, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return 0, policy.WrongCurrentPassword()
	}
	if err := throttle.Succeeded(ctx, key); err != nil {
		return 0, err
	}
	hash, err := s.newGuardianPassword(ctx, g, newPassword, confirm)
	if err != nil {
		return 0, err
	}
	var version int
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Store.LockGuardian(ctx, guardianID); err != nil {
			return err
		}
		if version, err = s.Store.SetGuardianPassword(ctx, guardianID, hash); err != nil {
			return err
		}
		return s.confirmGuardianPassword(ctx, g, "signed_in", s.now())
	})
	return version, err
}

// SetLanguage sets the language of the guardian's emails.
func (s *Service) SetLanguage(ctx context.Context, guardianID, locale string) error {
	return s.Store.SetGuardianLocale(ctx, guardianID, locale)
}

// newGuardianPassword checks a guardian's new password against the rules (the same as a
// student's, with the email's local part as the username) and hashes it.
func (s *Service) newGuardianPassword(ctx context.Context, g Guardian, newPassword, confirm string) (string, error) {
	same, err := s.Hasher.Verify(ctx, policy.NormalizePassword(newPassword), g.PasswordHash)
	if err != nil {
		return "", fmt.Errorf("verify password: %w", err)
	}
	if err := policy.CheckNewPassword(policy.GuardianPasswordCandidate(newPassword, g.Email, g.Name, same), confirm); err != nil {
		return "", err
	}
	hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(newPassword))
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return hash, nil
}

// confirmGuardianPassword audits a guardian's password change and enqueues its
// confirmation, inside the change's transaction.
func (s *Service) confirmGuardianPassword(ctx context.Context, g Guardian, via string, at time.Time) error {
	if err := s.record(ctx, g.ID, "guardian", g.ID, actionPassword, via, audit.Succeeded, ""); err != nil {
		return err
	}
	return s.familyEmail(ctx, g, mail.FamilyPasswordChanged, at, func(a *mail.FamilyEmailArgs) { a.Via = via })
}

// ForgotPath names the guardians' forgot-password job in River's table.
type ForgotPath struct{}

// ForgotJobKind is the job's name; it must never change.
func (ForgotPath) ForgotJobKind() string { return "family_forgot_request" }

// ForgotArgs is a guardian's forgot-password request, queued by StartForgot; its job runs
// SendForgotLink (emaillink.ForgotWorker).
type ForgotArgs = emaillink.ForgotArgs[ForgotPath]
