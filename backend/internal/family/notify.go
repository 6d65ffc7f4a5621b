package family

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/mail"
)

// Audit actions of the family portal, besides the policy's change events.
const (
	actionRegister      = "guardian_register"
	actionVerifyEmail   = "guardian_verify_email"
	actionResendLink    = "guardian_verification_resent"
	actionSignIn        = "guardian_sign_in"
	actionForgot        = "guardian_forgot_password"
	actionPassword      = "guardian_password_changed"
	actionLinkChild     = "child_link"
	actionUnlinkChild   = "child_unlink"
	actionViewChild     = "child_view"
	actionResetPassword = "password_changed"
)

// record appends an audit event of a guardian's action; inside a transaction it commits
// with it.
func (s *Service) record(ctx context.Context, actorID, subjectKind, subjectID, action, path string, outcome audit.Outcome, reason string) error {
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "guardian", ActorID: actorID,
		SubjectKind: subjectKind, SubjectID: clip(subjectID),
		Action: action, Path: path, Outcome: outcome, Reason: reason,
	})
}

// maxSubjectLength bounds a subject as typed (a student ID, an email, a path's child id)
// in the audit trail, so a request cannot write a long string into it.
const maxSubjectLength = 64

func clip(s string) string {
	if r := []rune(s); len(r) > maxSubjectLength {
		return string(r[:maxSubjectLength])
	}
	return s
}

// refused audits a refusal and returns err: every refusal leaves a trace, and a failure to
// write the trace is the error the caller sees.
func (s *Service) refused(ctx context.Context, actorID, subjectKind, subjectID, action string, err error, reason string) error {
	if rerr := s.record(ctx, actorID, subjectKind, subjectID, action, "guardian", audit.Refused, reason); rerr != nil {
		return rerr
	}
	return err
}

// sendLink stores a new single-use link for g and enqueues its email, inside the
// transaction in ctx, which holds g's row lock (or created g) so that no other link of
// the purpose is made meanwhile and left live beside it.
func (s *Service) sendLink(ctx context.Context, g Guardian, purpose string, at time.Time) error {
	page, kind := "/family/verify-email", mail.FamilyVerifyEmail
	if purpose == PurposeResetPassword {
		page, kind = "/family/reset-password", mail.FamilyResetPassword
	}
	link, err := emaillink.Issue(s.random(), s.Links, s.PublicOrigin+page, mail.FamilyLinkAD(g.Email),
		func(digest []byte) error {
			// The email states the link's lifetime, so the link lives exactly that long.
			return s.Store.SaveLinkToken(ctx, digest, g.ID, purpose, at.Add(kind.LinkLifetime()))
		})
	if err != nil {
		return err
	}
	return s.familyEmail(ctx, g, kind, at, func(a *mail.FamilyEmailArgs) {
		a.SealedLink, a.LinkKeyID = link.Link, link.KeyID
	})
}

// familyEmail enqueues a family-portal email to g inside the transaction in ctx.
func (s *Service) familyEmail(ctx context.Context, g Guardian, kind mail.FamilyEmailKind, at time.Time, opts ...func(*mail.FamilyEmailArgs)) error {
	args := mail.FamilyEmailArgs{Locale: g.Locale, EmailKind: kind, Envelope: mail.Envelope{
		To: g.Email, Name: g.Name, OccurredAt: at,
		TimeZone: s.Settings.TimeZone(), SignInURL: s.PublicOrigin + "/family",
	}}
	for _, o := range opts {
		o(&args)
	}
	if err := s.Mail.EnqueueFamily(ctx, args); err != nil {
		return fmt.Errorf("enqueue family email: %w", err)
	}
	return nil
}
