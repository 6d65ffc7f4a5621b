package schoolreset

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Unlock opens the student's recovery path (recovery) and/or clears the sign-in throttle
// (signIn), each audited, nothing locked or not; no email goes out, as no secret changed.
// It returns the student's page as it is now.
func (s *Service) Unlock(ctx context.Context, m accounts.Staff, id string, recovery, signIn bool) (Page, error) {
	var rec Record
	err := s.inTx(ctx, func(ctx context.Context) error {
		var err error
		if rec, err = s.authorize(ctx, m, id, policy.StaffUnlock, actionUnlockRecover, true); err != nil {
			return err
		}
		at := s.now()
		if recovery {
			was, err := s.Store.UnlockRecovery(ctx, rec.Student.Username)
			if err != nil {
				return err
			}
			locked := policy.RecoveryStatus(was, at) != policy.RecoveryOpen
			if err := s.record(ctx, m, rec.Student.ID, actionUnlockRecover, audit.Succeeded, nothingLocked(locked)); err != nil {
				return err
			}
		}
		if signIn {
			was, err := s.Store.ClearSignInFailures(ctx, accounts.SignInKey("student", rec.Student.ID))
			if err != nil {
				return err
			}
			throttled := policy.SignInWait(was.Failures, was.LastFailure, at) > 0
			if err := s.record(ctx, m, rec.Student.ID, actionUnlockSignIn, audit.Succeeded, nothingLocked(throttled)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, m, rec)
}

// nothingLocked is the audit reason of an unlock that found nothing to unlock, so the trail
// tells a real unlock from a precaution.
func nothingLocked(wasLocked bool) string {
	if wasLocked {
		return ""
	}
	return "nothing_locked"
}

// SchoolPassword is a student's current school-issued password, shown to staff.
type SchoolPassword struct {
	Password   string
	IssuedAt   time.Time
	MustChange bool
}

// RevealSchoolPassword returns the student's school-issued password while the student has
// not replaced it: ErrSchoolPasswordReplaced once they have, accounts.ErrNotFound when they
// never had one. Every reveal and refusal is audited.
func (s *Service) RevealSchoolPassword(ctx context.Context, m accounts.Staff, id string) (SchoolPassword, error) {
	var out SchoolPassword
	err := s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.authorize(ctx, m, id, policy.StaffViewSchoolPassword, actionSchoolPwd, false)
		if err != nil {
			return err
		}
		st := rec.Student
		if len(st.DefaultPasswordSealed) == 0 {
			refusal, reason := error(accounts.ErrNotFound), reasonNoSchoolPwd
			if !rec.DefaultIssuedAt.IsZero() {
				refusal, reason = ErrSchoolPasswordReplaced, reasonReplaced
			}
			if err := s.record(ctx, m, st.ID, actionSchoolPwd, audit.Refused, reason); err != nil {
				return err
			}
			return refusal
		}
		pw, err := s.Sealer.Open(st.DefaultPasswordSealed, st.DefaultPasswordKeyID, []byte(st.ID))
		if err != nil {
			return fmt.Errorf("open school-issued password: %w", err)
		}
		out = SchoolPassword{Password: pw, IssuedAt: rec.DefaultIssuedAt, MustChange: st.MustChangePassword}
		return s.record(ctx, m, st.ID, actionSchoolPwd, audit.Succeeded, "")
	})
	if err != nil {
		return SchoolPassword{}, err
	}
	return out, nil
}

// Letter is what a printed family letter needs: the new parent access code (shown only
// now) and whom and what it is for.
type Letter struct {
	Code             string
	ExpiresAt        time.Time
	StudentFirstName string
	StudentLastName  string
	StudentNumber    string
	SchoolName       string
	SchoolContact    string
	DistrictName     string
	FamilyPortalURL  string
	// Locale is the letter's language: the first linked guardian's, else the student's.
	Locale string
}

// IssueAccessCode issues a new parent access code for the student; every earlier unused
// code of the student ends, so only the newest letter works. The code is stored only as a
// hash; issuing is audited.
func (s *Service) IssueAccessCode(ctx context.Context, m accounts.Staff, id string) (Letter, error) {
	// A refusal answers before the slow hash; the transaction checks again under the lock.
	if _, err := s.authorize(ctx, m, id, policy.StaffIssueAccessCode, actionAccessCode, false); err != nil {
		return Letter{}, err
	}
	codes, err := s.newCodes(ctx, 1)
	if err != nil {
		return Letter{}, err
	}
	code := codes[0].Code
	var rec Record
	at, expires := s.codeTimes()
	err = s.inTx(ctx, func(ctx context.Context) error {
		var err error
		if rec, err = s.authorize(ctx, m, id, policy.StaffIssueAccessCode, actionAccessCode, true); err != nil {
			return err
		}
		return s.storeCode(ctx, m.ID, rec.Student.ID, codes[0].Hash, at, expires)
	})
	if err != nil {
		return Letter{}, err
	}
	facts, err := s.Store.Facts(ctx, rec.Student)
	if err != nil {
		return Letter{}, err
	}
	st := rec.Student
	letter := Letter{
		Code: policy.FormatAccessCode(code), ExpiresAt: expires,
		StudentFirstName: st.FirstName, StudentLastName: st.LastName, StudentNumber: st.StudentNumber,
		SchoolName: st.SchoolName, SchoolContact: st.SchoolContact, DistrictName: facts.DistrictName,
		FamilyPortalURL: s.PublicOrigin + "/family", Locale: st.Locale,
	}
	if len(facts.Guardians) > 0 {
		letter.Locale = facts.Guardians[0].Locale
	}
	return letter, nil
}
