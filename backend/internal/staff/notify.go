package staff

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
)

// Audited actions of staff sign-in and staff accounts (audit.Event.Action). A success's
// Reason names the method or the way, a refusal's the stable code of the refusal.
const (
	actionSignInPassword = "staff_sign_in_password"
	actionSignInFactor   = "staff_sign_in_second_factor"
	actionRenewFactor    = "staff_second_factor_renewed"
	actionTOTPEnrolled   = "staff_totp_enrolled"
	actionRecoveryUsed   = "staff_recovery_code_used"
	actionPasskeyAdded   = "staff_passkey_added"
	actionPasskeyRemoved = "staff_passkey_removed"
	actionPassword       = "staff_password_changed"
	actionForgot         = "staff_forgot_password"
	actionFactorReset    = "staff_second_factor_reset"
	actionMembers        = "staff_members_listed"
)

// pathStaff is the audit path of everything here.
const pathStaff = "staff"

// maxSubjectLength bounds a subject as typed (an email) in the audit trail.
const maxSubjectLength = 64

func clip(s string) string {
	if r := []rune(s); len(r) > maxSubjectLength {
		return string(r[:maxSubjectLength])
	}
	return s
}

// record appends an audit event whose actor is a staff member (actorID; empty when the
// actor is not known yet, such as an unknown email at sign-in).
func (s *Service) record(ctx context.Context, actorID, subjectKind, subjectID, action string, outcome audit.Outcome, reason string) error {
	actor := "staff"
	if actorID == "" {
		actor = "anonymous"
	}
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: actor, ActorID: actorID,
		SubjectKind: subjectKind, SubjectID: clip(subjectID),
		Action: action, Path: pathStaff, Outcome: outcome, Reason: reason,
	})
}

// self records an event of a staff member about their own account.
func (s *Service) self(ctx context.Context, id, action string, outcome audit.Outcome, reason string) error {
	return s.record(ctx, id, "staff", id, action, outcome, reason)
}

// refused audits a refusal and returns err; a failure to write the trace is the error the
// caller sees instead.
func (s *Service) refused(ctx context.Context, id, action string, err error, reason string) error {
	if rerr := s.self(ctx, id, action, audit.Refused, reason); rerr != nil {
		return rerr
	}
	return err
}

// email enqueues a staff email to m inside the transaction in ctx.
func (s *Service) email(ctx context.Context, m accounts.Staff, kind mail.StaffEmailKind, opts ...func(*mail.StaffEmailArgs)) error {
	args := mail.StaffEmailArgs{EmailKind: kind, Envelope: mail.Envelope{
		To: m.Email, Name: m.FirstName, OccurredAt: s.now(),
		TimeZone: s.Settings.TimeZone(), SignInURL: s.PublicOrigin + "/staff",
	}}
	for _, o := range opts {
		o(&args)
	}
	if err := s.Mail.EnqueueStaff(ctx, args); err != nil {
		return fmt.Errorf("enqueue staff email: %w", err)
	}
	return nil
}

func (s *Service) random() io.Reader {
	if s.Random != nil {
		return s.Random
	}
	return rand.Reader
}
