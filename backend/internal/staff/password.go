package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ChangePassword changes a signed-in staff member's password and returns the new token
// version: every earlier session is over, and the caller re-issues the current one. The
// current password is a guess like a sign-in's and meets the same throttle.
func (s *Service) ChangePassword(ctx context.Context, m accounts.Staff, current, newPassword, confirm string) (int, error) {
	throttle := accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, signInKey(m.ID), s.now()); err != nil {
		return 0, s.refused(ctx, m.ID, actionPassword, err, "sign_in_throttled")
	}
	ok, err := s.Hasher.Verify(ctx, policy.NormalizePassword(current), m.PasswordHash)
	if err != nil {
		return 0, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return 0, s.refused(ctx, m.ID, actionPassword, policy.WrongCurrentPassword(), "current_password_wrong")
	}
	if err := throttle.Succeeded(ctx, signInKey(m.ID)); err != nil {
		return 0, err
	}
	hash, err := s.newPassword(ctx, m, newPassword, confirm)
	if err != nil {
		return 0, s.refused(ctx, m.ID, actionPassword, err, "password_rules")
	}
	var version int
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Store.LockStaff(ctx, m.ID); err != nil {
			return err
		}
		if version, err = s.Store.SetStaffPassword(ctx, m.ID, hash, s.now()); err != nil {
			return err
		}
		return s.confirmPassword(ctx, m, mail.StaffViaSignedIn)
	})
	return version, err
}

// newPassword checks a staff member's new password against everyone's rules (the email's
// local part as the username, the name as names) and hashes it.
func (s *Service) newPassword(ctx context.Context, m accounts.Staff, newPassword, confirm string) (string, error) {
	same, err := s.Hasher.Verify(ctx, policy.NormalizePassword(newPassword), m.PasswordHash)
	if err != nil {
		return "", fmt.Errorf("verify password: %w", err)
	}
	candidate := policy.GuardianPasswordCandidate(newPassword, m.Email, m.FirstName+" "+m.LastName, same)
	if err := policy.CheckNewPassword(candidate, confirm); err != nil {
		return "", err
	}
	hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(newPassword))
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return hash, nil
}

// confirmPassword audits a password change and enqueues its email, inside its transaction.
func (s *Service) confirmPassword(ctx context.Context, m accounts.Staff, via string) error {
	if err := s.self(ctx, m.ID, actionPassword, audit.Succeeded, via); err != nil {
		return err
	}
	return s.email(ctx, m, mail.StaffPasswordChanged, func(a *mail.StaffEmailArgs) { a.Via = via })
}

// StartForgot records a forgot-password request and queues it (ForgotArgs); the job emails
// a link if the address is a staff account. The request does the same work for every
// address, so neither its answer nor its timing tells staff addresses apart.
func (s *Service) StartForgot(ctx context.Context, email string) error {
	return emaillink.StartForgot(ctx, s.Store.InTx, email, s.now, func(ctx context.Context, norm string) error {
		return s.record(ctx, "", "email", norm, actionForgot, audit.Succeeded, "requested")
	}, s.Mail.EnqueueStaffForgot)
}

// SendForgotLink emails a reset link to the staff member with email, at most
// policy.MaxResetLinks an hour, counted under the staff row lock so that requests running
// side by side see each other's links (for the limit, and so the newest ends the older).
// The queued request (ForgotArgs) runs it.
func (s *Service) SendForgotLink(ctx context.Context, email string, at time.Time) error {
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		found, err := s.Store.StaffByEmail(ctx, email)
		if errors.Is(err, accounts.ErrNotFound) {
			return s.record(ctx, "", "email", email, actionForgot, audit.Refused, "unknown_email")
		}
		if err != nil {
			return err
		}
		m, err := s.Store.LockStaff(ctx, found.ID)
		if err != nil {
			return err
		}
		sent, err := s.Store.RecentLinkTokens(ctx, m.ID, at.Add(-policy.ResetLinkWindow))
		if err != nil {
			return err
		}
		if !policy.ResetLinkAllowed(sent) {
			return s.record(ctx, "", "staff", m.ID, actionForgot, audit.Refused, "too_many_links")
		}
		link, err := emaillink.Issue(s.random(), s.Sealer, s.PublicOrigin+"/staff/reset-password", mail.StaffLinkAD(m.Email),
			func(digest []byte) error {
				return s.Store.SaveLinkToken(ctx, digest, m.ID, at.Add(mail.StaffResetPassword.LinkLifetime()))
			})
		if err != nil {
			return err
		}
		if err := s.record(ctx, "", "staff", m.ID, actionForgot, audit.Succeeded, ""); err != nil {
			return err
		}
		return s.email(ctx, m, mail.StaffResetPassword, func(a *mail.StaffEmailArgs) {
			a.SealedLink, a.LinkKeyID, a.OccurredAt = link.Link, link.KeyID, at
		})
	})
}

// ResetWithLink sets a new password with an emailed link. The rules are checked before the
// link is spent, so a refused password leaves it usable; spending it, the password, the
// audit event and the email commit together. Every staff session of the account ends; the
// second factor stays.
func (s *Service) ResetWithLink(ctx context.Context, token, newPassword, confirm string) error {
	digest := emaillink.Digest(token)
	id, err := s.Store.LinkTokenStaff(ctx, digest, s.now())
	if err != nil {
		return err
	}
	m, err := s.Store.StaffByID(ctx, id)
	if err != nil {
		return err
	}
	hash, err := s.newPassword(ctx, m, newPassword, confirm)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Store.UseLinkToken(ctx, digest, s.now()); err != nil {
			return err
		}
		if _, err := s.Store.LockStaff(ctx, id); err != nil {
			return err
		}
		if _, err := s.Store.SetStaffPassword(ctx, id, hash, s.now()); err != nil {
			return err
		}
		return s.confirmPassword(ctx, m, mail.StaffViaResetLink)
	})
}

// ForgotPath names the staff forgot-password job in River's table.
type ForgotPath struct{}

// ForgotJobKind is the job's name; it must never change.
func (ForgotPath) ForgotJobKind() string { return "staff_forgot_request" }

// ForgotArgs is a staff forgot-password request, queued by StartForgot; its job runs
// SendForgotLink (emaillink.ForgotWorker).
type ForgotArgs = emaillink.ForgotArgs[ForgotPath]
