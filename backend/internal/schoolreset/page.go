package schoolreset

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// School-issued password states.
const (
	SchoolPasswordAvailable = "available"
	SchoolPasswordReplaced  = "replaced"
	SchoolPasswordNone      = "none"
)

// Recovery states of the status page besides the policy's open, locked and disabled.
const (
	RecoveryNotSetUp    = "not_set_up"
	RecoveryNotEligible = "not_eligible"
)

// PathSchoolIssued names a password that is still the first school-issued default: no
// change of it was ever recorded.
const PathSchoolIssued = "school_issued"

// Page is a student's status page as a staff member sees it.
type Page struct {
	Student accounts.Student
	Facts
	// PasswordChangedThrough is the path of the last change, PathSchoolIssued, or "".
	PasswordChangedThrough string
	// NextSelfResetAt is when the student may self-reset again; zero when they may now.
	NextSelfResetAt time.Time
	// RecoveryState is "open", "locked", "disabled", RecoveryNotSetUp or
	// RecoveryNotEligible; RecoveryLockedUntil is set while "locked".
	RecoveryState       string
	RecoveryLockedUntil time.Time
	// SignInRetryAt is when a throttled sign-in may be tried again; zero when not throttled.
	SignInRetryAt time.Time
	// SchoolPassword is SchoolPasswordAvailable, SchoolPasswordReplaced or SchoolPasswordNone.
	SchoolPassword string
	AccessCode     AccessCodeState
	// Young is below the district's self-service grade.
	Young bool
	// BadgeEligible is in the badge grades.
	BadgeEligible bool
	Allowed       []policy.StaffAction
}

// Student returns the status page of the student with id, or accounts.ErrNotFound (audited)
// when the student is outside the staff member's scope or does not exist.
func (s *Service) Student(ctx context.Context, m accounts.Staff, id string) (Page, error) {
	rec, err := s.authorize(ctx, m, id, policy.StaffView, actionView, false)
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, m, rec)
}

// page reads the rest of a student's status and weighs it with the policy at now.
func (s *Service) page(ctx context.Context, m accounts.Staff, rec Record) (Page, error) {
	facts, err := s.Store.Facts(ctx, rec.Student)
	if err != nil {
		return Page{}, err
	}
	st, now := rec.Student, s.now()
	p := Page{
		Student: st, Facts: facts, PasswordChangedThrough: facts.LastChangePath,
		Young:         st.Grade != policy.GradeUngraded && st.Grade < s.Settings.SelfServiceMinGrade,
		BadgeEligible: policy.BadgeEligible(st.Grade, s.Settings),
		Allowed:       policy.AllowedStudentActions(m.Role, rec.Relation, policy.BadgeEligible(st.Grade, s.Settings)),
	}
	switch {
	case len(st.DefaultPasswordSealed) > 0:
		p.SchoolPassword = SchoolPasswordAvailable
	case !rec.DefaultIssuedAt.IsZero():
		p.SchoolPassword = SchoolPasswordReplaced
	default:
		p.SchoolPassword = SchoolPasswordNone
	}
	if p.PasswordChangedThrough == "" && p.SchoolPassword == SchoolPasswordAvailable {
		p.PasswordChangedThrough = PathSchoolIssued
	}
	if next := policy.NextSelfReset(st.LastSelfResetAt, s.Settings); next.After(now) {
		p.NextSelfResetAt = next
	}
	switch {
	case !policy.CanSelfReset(st.Grade, s.Settings):
		p.RecoveryState = RecoveryNotEligible
	case !st.HasPIN() && !st.HasQuestions():
		p.RecoveryState = RecoveryNotSetUp
	default:
		verdict := policy.RecoveryStatus(facts.Recovery, now)
		p.RecoveryState = verdict.String()
		if verdict == policy.RecoveryLocked {
			p.RecoveryLockedUntil = facts.Recovery.LockedUntil
		}
	}
	if wait := policy.SignInWait(facts.SignIn.Failures, facts.SignIn.LastFailure, now); wait > 0 {
		p.SignInRetryAt = now.Add(wait)
	}
	p.AccessCode = accessCodeState(facts.AccessCodes, now)
	return p, nil
}

// accessCodeState weighs a student's codes (newest first): active while any is unused and
// unexpired (until the latest such expiry), else what became of the newest.
func accessCodeState(codes []AccessCode, now time.Time) AccessCodeState {
	var active AccessCodeState
	for _, c := range codes {
		if c.UsedAt.IsZero() && now.Before(c.ExpiresAt) && c.ExpiresAt.After(active.ExpiresAt) {
			active = AccessCodeState{State: "active", ExpiresAt: c.ExpiresAt}
		}
	}
	switch {
	case active.State != "":
		return active
	case len(codes) == 0:
		return AccessCodeState{State: "none"}
	case !codes[0].UsedAt.IsZero():
		return AccessCodeState{State: "used", ExpiresAt: codes[0].ExpiresAt}
	default:
		return AccessCodeState{State: "expired", ExpiresAt: codes[0].ExpiresAt}
	}
}
