package family

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Children lists the guardian's linked children with what the guardian may see of each,
// by first name.
func (s *Service) Children(ctx context.Context, guardianID string) ([]Child, error) {
	linked, err := s.Store.LinkedChildren(ctx, guardianID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Child, 0, len(linked))
	for _, l := range linked {
		c, err := s.childView(ctx, l.Student, policy.GuardianLink{Linked: true, KeepAfterAdult: l.KeepAfterAdult}, now)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Student.FirstName < out[j].Student.FirstName })
	return out, nil
}

// Child returns one linked child. A child who is not linked, or does not exist, is
// accounts.ErrNotFound either way, and the refusal is audited.
func (s *Service) Child(ctx context.Context, guardianID, studentID string) (Child, error) {
	st, link, err := s.linkedStudent(ctx, guardianID, studentID, actionViewChild)
	if err != nil {
		return Child{}, err
	}
	return s.childView(ctx, st, link, s.now())
}

// linkedStudent reads a student and the guardian's link to it, refusing (and auditing) a
// student who is not linked exactly like one who does not exist.
func (s *Service) linkedStudent(ctx context.Context, guardianID, studentID, action string) (accounts.Student, policy.GuardianLink, error) {
	st, err := s.Store.StudentByID(ctx, studentID)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return accounts.Student{}, policy.GuardianLink{}, err
	}
	var link policy.GuardianLink
	if err == nil {
		if link, err = s.Store.GuardianLink(ctx, guardianID, st.ID); err != nil {
			return accounts.Student{}, policy.GuardianLink{}, err
		}
	}
	if !link.Linked {
		return accounts.Student{}, policy.GuardianLink{}, s.refused(ctx, guardianID, "student", studentID, action, accounts.ErrNotFound, "not_linked")
	}
	return st, link, nil
}

func (s *Service) childView(ctx context.Context, st accounts.Student, link policy.GuardianLink, now time.Time) (Child, error) {
	c := Child{Student: st, Access: policy.GuardianAccess(link, st.DateOfBirth, now, s.Settings)}
	if c.Access != policy.AccessActive {
		return c, nil
	}
	times, err := s.Store.GuardianResetTimes(ctx, st.ID, now.Add(-policy.GuardianResetWindow))
	if err != nil {
		return Child{}, err
	}
	c.ResetsLeft = policy.GuardianResetsLeft(times, now, s.Settings)
	return c, nil
}

// LinkChild links a child to a verified guardian with the child's student ID and a parent
// access code. Failed attempts count against the guardian and against the typed student
// ID (known or not); a malformed ID or code is refused before anything is counted.
func (s *Service) LinkChild(ctx context.Context, guardianID, studentNumber, code string) (Child, error) {
	g, err := s.Store.GuardianByID(ctx, guardianID)
	if err != nil {
		return Child{}, err
	}
	if !g.Verified() {
		return Child{}, s.refused(ctx, guardianID, "guardian", guardianID, actionLinkChild, ErrEmailNotVerified, "email_not_verified")
	}
	number, code, violations := policy.NormalizeLinkInput(studentNumber, code)
	if err := policy.Refuse(policy.RefusedLink, violations); err != nil {
		return Child{}, s.refused(ctx, guardianID, "student_number", studentNumber, actionLinkChild, err, policy.RefusedLink)
	}
	st, match, err := s.tryCode(ctx, guardianID, number, code)
	var attempts *LinkAttemptsError
	if errors.As(err, &attempts) {
		return Child{}, s.refused(ctx, guardianID, "student_number", number, actionLinkChild, err, "link_attempts_exceeded")
	}
	if err != nil {
		return Child{}, err
	}
	now := s.now()
	switch {
	case !match.UsedAt.IsZero():
		return Child{}, s.refused(ctx, guardianID, "student", st.ID, actionLinkChild, &AccessCodeError{Reason: CodeUsed}, CodeUsed)
	case !now.Before(match.ExpiresAt):
		return Child{}, s.refused(ctx, guardianID, "student", st.ID, actionLinkChild, &AccessCodeError{Reason: CodeExpired}, CodeExpired)
	case policy.IsAdult(st.DateOfBirth, now, s.Settings):
		return Child{}, s.refused(ctx, guardianID, "student", st.ID, actionLinkChild, policy.ErrStudentIsAdult, "student_is_adult")
	}
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		link, err := s.Store.GuardianLink(ctx, guardianID, st.ID)
		if err != nil {
			return err
		}
		if link.Linked {
			return ErrAlreadyLinked
		}
		used, err := s.Store.UseAccessCode(ctx, match.ID, guardianID, now)
		if err != nil {
			return err
		}
		if !used {
			return &AccessCodeError{Reason: CodeUsed}
		}
		others, err := s.Store.GuardiansOf(ctx, st.ID)
		if err != nil {
			return err
		}
		if err := s.Store.CreateLink(ctx, guardianID, st.ID, now); err != nil {
			return err
		}
		if err := s.tellOtherGuardians(ctx, others, g, st, now); err != nil {
			return err
		}
		return s.record(ctx, guardianID, "student", st.ID, actionLinkChild, "guardian", audit.Succeeded, "")
	})
	if err != nil {
		var codeErr *AccessCodeError
		switch {
		case errors.Is(err, ErrAlreadyLinked):
			return Child{}, s.refused(ctx, guardianID, "student", st.ID, actionLinkChild, err, "already_linked")
		case errors.As(err, &codeErr):
			return Child{}, s.refused(ctx, guardianID, "student", st.ID, actionLinkChild, err, codeErr.Reason)
		}
		return Child{}, err
	}
	return s.childView(ctx, st, policy.GuardianLink{Linked: true}, now)
}

// tellOtherGuardians emails the guardians a child already had that g was linked, inside the
// link's transaction: a parent access code that reached the wrong hands must not give reset
// rights unnoticed.
func (s *Service) tellOtherGuardians(ctx context.Context, others []Guardian, g Guardian, st accounts.Student, at time.Time) error {
	contact := st.SchoolContact
	if contact == "" {
		contact = st.SchoolName
	}
	for _, other := range others {
		err := s.familyEmail(ctx, other, mail.FamilyGuardianLinked, at, func(a *mail.FamilyEmailArgs) {
			a.ChildName = st.FirstName + " " + st.LastName
			a.LinkedBy = g.Name + " (" + g.Email + ")"
			a.SchoolContact = contact
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// codesChecked is the least number of codes one link attempt compares: a family rarely
// holds more live codes for one child (one per guardian).
const codesChecked = 4

// matchCode finds the access code of the student with number that equals code. It compares
// every live code of the student, so a code stays good until it is used or expires however
// many were issued after it, then the newest used or expired ones, and pads with dummy
// comparisons to codesChecked: the time an attempt takes tells nothing about whether the
// student exists or how many codes it has, unless it has more than codesChecked live ones.
func (s *Service) matchCode(ctx context.Context, number, code string) (accounts.Student, AccessCode, error) {
	st, err := s.Store.StudentByNumber(ctx, number)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return accounts.Student{}, AccessCode{}, err
	}
	var codes []AccessCode
	if err == nil {
		if codes, err = s.Store.RecentAccessCodes(ctx, st.ID); err != nil {
			return accounts.Student{}, AccessCode{}, err
		}
	}
	checks, now := codesChecked, s.now()
	for i, c := range codes {
		if c.UsedAt.IsZero() && now.Before(c.ExpiresAt) {
			checks = max(checks, i+1)
		}
	}
	var match AccessCode
	for i := range checks {
		if i >= len(codes) {
			s.Hasher.VerifyDummy(ctx, code)
			continue
		}
		ok, err := s.Hasher.Verify(ctx, code, codes[i].Hash)
		if err != nil {
			return accounts.Student{}, AccessCode{}, fmt.Errorf("verify access code: %w", err)
		}
		if ok && match.ID == "" {
			match = codes[i]
		}
	}
	return st, match, nil
}

// tryCode compares a typed code with the codes of the student with number while holding
// the failed-attempt counters of the guardian and of the student ID, so that concurrent
// attempts are tried one at a time and never more of them than the limit allows. A counter
// over the limit refuses with a *LinkAttemptsError before anything is compared; a code that
// matches none counts a failure on both counters and is audited in the same transaction,
// and the answer is an *AccessCodeError. Failures count against the typed student ID
// whether or not a student has it.
func (s *Service) tryCode(ctx context.Context, guardianID, number, code string) (accounts.Student, AccessCode, error) {
	keys := []string{"guardian:" + guardianID, "student:" + number}
	var (
		st      accounts.Student
		match   AccessCode
		outcome error
	)
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		// Always in the same order (guardian, then student ID), so two attempts never wait
		// on each other's locks.
		counters := make([]policy.LinkAttempts, len(keys))
		for i, k := range keys {
			a, err := s.Store.LockLinkAttempts(ctx, k)
			if err != nil {
				return err
			}
			counters[i] = a
		}
		now := s.now()
		var retryAt time.Time
		for _, a := range counters {
			if wait := policy.LinkWait(a, now, s.Settings); wait > 0 && now.Add(wait).After(retryAt) {
				retryAt = now.Add(wait)
			}
		}
		if !retryAt.IsZero() {
			outcome = &LinkAttemptsError{RetryAt: retryAt}
			return nil
		}
		var err error
		if st, match, err = s.matchCode(ctx, number, code); err != nil || match.ID != "" {
			return err
		}
		for i, k := range keys {
			if err := s.Store.SaveLinkAttempts(ctx, k, policy.AfterFailedLink(counters[i], now, s.Settings)); err != nil {
				return err
			}
		}
		outcome = &AccessCodeError{Reason: CodeInvalid}
		return s.record(ctx, guardianID, "student_number", number, actionLinkChild, "guardian", audit.Refused, CodeInvalid)
	})
	if err != nil {
		return accounts.Student{}, AccessCode{}, err
	}
	return st, match, outcome
}

// UnlinkChild removes the guardian's link to a child; the guardian's rights end at once.
func (s *Service) UnlinkChild(ctx context.Context, guardianID, studentID string) error {
	var removed bool
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if removed, err = s.Store.DeleteLink(ctx, guardianID, studentID); err != nil || !removed {
			return err
		}
		return s.record(ctx, guardianID, "student", studentID, actionUnlinkChild, "guardian", audit.Succeeded, "")
	})
	if err != nil {
		return err
	}
	if !removed {
		return s.refused(ctx, guardianID, "student", studentID, actionUnlinkChild, accounts.ErrNotFound, "not_linked")
	}
	return nil
}

// IssueAccessCode issues a new parent access code for the student with number, valid for
// the configured time, and returns it in its printed form. Earlier codes keep working until
// used or expired: each guardian of a family needs a code of their own. issuedBy names who
// asked (a staff id, or "admin-command") for the audit trail.
func (s *Service) IssueAccessCode(ctx context.Context, studentNumber, issuedBy string) (string, time.Time, error) {
	number, _, violations := policy.NormalizeLinkInput(studentNumber, "")
	if len(violations) > 0 && violations[0].Rule == policy.RuleStudentIDFormat {
		return "", time.Time{}, policy.Refuse(policy.RefusedLink, violations[:1])
	}
	st, err := s.Store.StudentByNumber(ctx, number)
	if err != nil {
		return "", time.Time{}, err
	}
	code, err := policy.GenerateAccessCode(s.random())
	if err != nil {
		return "", time.Time{}, err
	}
	hash, err := s.Hasher.Hash(ctx, code)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("hash access code: %w", err)
	}
	at := s.now()
	expires := at.Add(s.Settings.AccessCodeTTL)
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		if err := s.Store.SaveAccessCode(ctx, st.ID, hash, at, expires); err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{
			OccurredAt: at, ActorKind: "staff", ActorID: issuedBy, SubjectKind: "student", SubjectID: st.ID,
			Action: "access_code_issued", Path: "staff", Outcome: audit.Succeeded,
		})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return policy.FormatAccessCode(code), expires, nil
}
