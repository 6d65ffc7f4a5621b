package family

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
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
	keys := []string{"guardian:" + guardianID, "student:" + number}
	if err := s.checkLinkAttempts(ctx, keys); err != nil {
		return Child{}, s.refused(ctx, guardianID, "student_number", number, actionLinkChild, err, "link_attempts_exceeded")
	}
	st, match, err := s.matchCode(ctx, number, code)
	if err != nil {
		return Child{}, err
	}
	now := s.now()
	switch {
	case match.ID == "":
		return Child{}, s.failedLink(ctx, guardianID, number, keys)
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
		if err := s.Store.CreateLink(ctx, guardianID, st.ID, now); err != nil {
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

// codesChecked is how many codes one link attempt compares: a family rarely holds more
// live codes for one child (one per guardian), and older ones are checked no further.
const codesChecked = 4

// matchCode finds the access code of the student with number that equals code. It always
// does codesChecked slow comparisons, padding with dummy ones, so the time an attempt takes
// tells nothing about whether the student exists or how many codes it has.
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
	var match AccessCode
	for i := range codesChecked {
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

// checkLinkAttempts refuses linking while any counter is over the limit.
func (s *Service) checkLinkAttempts(ctx context.Context, keys []string) error {
	now := s.now()
	var retryAt time.Time
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		for _, k := range keys {
			a, err := s.Store.LockLinkAttempts(ctx, k)
			if err != nil {
				return err
			}
			if wait := policy.LinkWait(a, now, s.Settings); wait > 0 && now.Add(wait).After(retryAt) {
				retryAt = now.Add(wait)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !retryAt.IsZero() {
		return &LinkAttemptsError{RetryAt: retryAt}
	}
	return nil
}

// failedLink counts a failed attempt against every key and audits it, in one transaction.
func (s *Service) failedLink(ctx context.Context, guardianID, number string, keys []string) error {
	now := s.now()
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		for _, k := range keys {
			a, err := s.Store.LockLinkAttempts(ctx, k)
			if err != nil {
				return err
			}
			if err := s.Store.SaveLinkAttempts(ctx, k, policy.AfterFailedLink(a, now, s.Settings)); err != nil {
				return err
			}
		}
		return s.record(ctx, guardianID, "student_number", number, actionLinkChild, "guardian", audit.Refused, CodeInvalid)
	})
	if err != nil {
		return err
	}
	return &AccessCodeError{Reason: CodeInvalid}
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
	r := s.Random
	if r == nil {
		r = rand.Reader
	}
	code, err := policy.GenerateAccessCode(r)
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
