package schoolreset

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// MaxClassReset bounds the students of one bulk reset. A class has about 40; a whole grade
// or school is a job of its own, with progress, not one request.
const MaxClassReset = 200

// Sentinel errors and refusal codes of a bulk reset.
var (
	// ErrEmptySelection refuses a bulk reset that selects no student (or a class with none).
	ErrEmptySelection = errors.New("schoolreset: no student selected")
	// ErrSelectionTooLarge refuses a selection of more than MaxClassReset students.
	ErrSelectionTooLarge = errors.New("schoolreset: too many students selected")
)

// Audit reasons of bulk refusals, and the ClassRefusalError code of students in scope that
// are not in the class.
const (
	reasonStale      = "second_factor_stale"
	reasonEmpty      = "empty_selection"
	reasonTooLarge   = "selection_too_large"
	ReasonNotInClass = "student_not_in_class"
)

// ClassReset is a bulk reset of selected students of a class: one typed password (with its
// confirmation) for all of them, or, when Generate is set, a school-issued default each.
type ClassReset struct {
	// All selects every student of the class; otherwise IDs are the selected students.
	All             bool
	IDs             []string
	Generate        bool
	NewPassword     string
	ConfirmPassword string
	MustChange      bool
	// IssueAccessCodes also issues a new parent access code to each student (admins only).
	IssueAccessCodes bool
	// SecondFactorAt is when the staff member last proved a second factor.
	SecondFactorAt time.Time
}

// StudentRefusal is a selected student a bulk reset is refused for, and why.
type StudentRefusal struct {
	ID, FirstName, LastName, Username string
	Violations                        []policy.Violation
}

// ClassRefusalError refuses a whole bulk reset because of some of its students: Code is
// policy.RefusedPassword (the typed password breaks each listed student's rules) or
// ReasonNotInClass (the listed students are in scope but not in the class).
type ClassRefusalError struct {
	Code     string
	Students []StudentRefusal
}

func (e *ClassRefusalError) Error() string {
	return fmt.Sprintf("schoolreset: %s for %d selected students", e.Code, len(e.Students))
}

// ResetRow is one student's line of a bulk reset's result.
type ResetRow struct {
	ID, FirstName, LastName, Username, StudentNumber string
	Grade                                            int
	// Password is the new school-issued password; empty for one typed password.
	Password string
	// AccessCode is the new parent access code as printed; empty when none was issued.
	AccessCode string
}

// ClassResetResult is a done bulk reset, by last and first name: shown once.
type ClassResetResult struct {
	Class    ClassSummary
	Students []ResetRow
}

// ResetClass resets the passwords of the selected students of a class, in one transaction:
// either every student changes or none does. It needs a second factor proven less than
// policy.FreshSecondFactor ago. Every selected student must be in the staff member's scope
// (else accounts.ErrNotFound, as By Student answers) and in the class (else a
// ClassRefusalError naming them). One typed password is checked against every student's
// rules, hashed once and stored as that same hash for everyone: they share the password
// anyway, so one salt reveals nothing more than the shared password does, and 40 argon2id
// runs would hold the class's row locks for seconds. It is not compared with each student's
// current password: that answer would tell the teacher a student's own password. Each change
// goes through the change function (its audit event and emails), and one more event records
// the bulk action. Every refusal is audited and changes nothing else. With IssueAccessCodes
// (admins only, else ErrNotAllowed) each student also gets a new parent access code, hashed
// before the transaction and stored in it.
func (s *Service) ResetClass(ctx context.Context, m accounts.Staff, classID string, r ClassReset) (ClassResetResult, error) {
	var out ClassResetResult
	var codes *codePool
	if r.IssueAccessCodes {
		var err error
		if codes, err = s.prepareResetCodes(ctx, m, classID, r); err != nil {
			return ClassResetResult{}, err
		}
	}
	err := s.inTx(ctx, func(ctx context.Context) error {
		refuse := func(reason string, err error) error { return s.recordClassRefusal(ctx, m, classID, reason, err) }
		switch {
		case !policy.SecondFactorFresh(r.SecondFactorAt, s.now()):
			return refuse(reasonStale, staff.ErrSecondFactorStale)
		case !r.All && len(r.IDs) == 0:
			return refuse(reasonEmpty, ErrEmptySelection)
		case len(r.IDs) > MaxClassReset:
			return refuse(reasonTooLarge, ErrSelectionTooLarge)
		case !r.Generate && r.NewPassword != r.ConfirmPassword:
			return refuse(policy.RefusedPassword, policy.Refuse(policy.RefusedPassword,
				[]policy.Violation{policy.ConfirmMismatch("confirmPassword")}))
		}
		rec, err := s.authorizeClass(ctx, m, classID, actionClassReset)
		if err != nil {
			return err
		}
		members, err := s.members(ctx, m, rec.Class.ID, r)
		if err != nil {
			return err
		}
		if len(members) > MaxClassReset {
			return refuse(reasonTooLarge, ErrSelectionTooLarge)
		}
		if refusal := s.checkMembers(members, r); refusal != nil {
			for _, st := range refusal.Students {
				if err := s.record(ctx, m, st.ID, actionReset, audit.Refused, refusal.Code); err != nil {
					return err
				}
			}
			return refuse(refusal.Code, refusal)
		}
		b, err := s.newBulkWrite(ctx, m.ID, r.Generate, r.NewPassword, r.MustChange, codes)
		if err != nil {
			return &changeFailedError{err: err}
		}
		rows, err := s.resetMembers(ctx, b, members)
		if err != nil {
			return &changeFailedError{err: err}
		}
		out = ClassResetResult{Class: rec.Class, Students: rows}
		return s.recordClass(ctx, m, rec.Class.ID, actionClassReset, audit.Succeeded, resetMode(r.Generate))
	})
	if err != nil {
		return ClassResetResult{}, err
	}
	return out, nil
}

// members locks the selected students and applies the scope to each: one that is missing
// or outside the scope refuses the whole request as accounts.ErrNotFound, audited on that
// student, as By Student refuses it.
func (s *Service) members(ctx context.Context, m accounts.Staff, classID string, r ClassReset) ([]Member, error) {
	var ids []string
	if !r.All {
		ids = slices.Compact(slices.Sorted(slices.Values(r.IDs)))
	}
	members, err := s.Classrooms.LockMembers(ctx, m, classID, ids)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 && r.All {
		return nil, s.recordClassRefusal(ctx, m, classID, reasonEmpty, ErrEmptySelection)
	}
	// With "all" too: a class in scope could hold a student enrolled from elsewhere.
	found := make(map[string]bool, len(members))
	for _, mb := range members {
		if policy.StaffMay(m.Role, mb.Relation, policy.StaffResetPassword) != policy.StaffAllowed {
			return nil, s.refuseStudent(ctx, m, classID, mb.Student.ID)
		}
		found[mb.Student.ID] = true
	}
	for _, id := range ids {
		if !found[id] {
			return nil, s.refuseStudent(ctx, m, classID, id)
		}
	}
	return members, nil
}

// refuseStudent refuses a bulk reset for a selected student that is missing or outside the
// scope, audited on the student's trail and the class's, as accounts.ErrNotFound.
func (s *Service) refuseStudent(ctx context.Context, m accounts.Staff, classID, studentID string) error {
	if err := s.record(ctx, m, studentID, actionReset, audit.Refused, reasonOutOfScope); err != nil {
		return err
	}
	return s.recordClassRefusal(ctx, m, classID, reasonOutOfScope, accounts.ErrNotFound)
}

// recordClassRefusal audits the refusal of a bulk reset and returns err.
func (s *Service) recordClassRefusal(ctx context.Context, m accounts.Staff, classID, reason string, err error) error {
	return s.recordClassRefusalAs(ctx, m, classID, actionClassReset, reason, err)
}

// checkMembers refuses the students that are not in the class and, for one typed password,
// those whose rules it breaks (a name or username in it); nil when every student passes.
func (s *Service) checkMembers(members []Member, r ClassReset) *ClassRefusalError {
	notInClass := &ClassRefusalError{Code: ReasonNotInClass}
	rules := &ClassRefusalError{Code: policy.RefusedPassword}
	for _, mb := range members {
		st := mb.Student
		who := StudentRefusal{ID: st.ID, FirstName: st.FirstName, LastName: st.LastName, Username: st.Username}
		if !mb.Enrolled {
			who.Violations = []policy.Violation{{Rule: policy.Rule(ReasonNotInClass), Message: "This student is not in this class."}}
			notInClass.Students = append(notInClass.Students, who)
			continue
		}
		if r.Generate {
			continue
		}
		var refusal *policy.RefusalError
		if errors.As(policy.CheckNewPassword(st.PasswordCandidate(r.NewPassword, false), r.ConfirmPassword), &refusal) {
			who.Violations = refusal.Violations
			rules.Students = append(rules.Students, who)
		}
	}
	switch {
	case len(notInClass.Students) > 0:
		return notInClass
	case len(rules.Students) > 0:
		return rules
	default:
		return nil
	}
}

// prepareResetCodes checks that m may issue access codes for the class (a refusal is
// audited on the class as a refused reset: ErrNotAllowed, or accounts.ErrNotFound) and
// hashes a code for each student the reset will select, before the reset's transaction. A
// request the transaction will refuse anyway (stale second factor, empty or too large)
// hashes nothing.
func (s *Service) prepareResetCodes(ctx context.Context, m accounts.Staff, classID string, r ClassReset) (*codePool, error) {
	rec, err := s.authorizeClass(ctx, m, classID, actionClassReset)
	if err != nil {
		return nil, err
	}
	if policy.StaffMay(m.Role, rec.Relation, policy.StaffIssueAccessCode) != policy.StaffAllowed {
		return nil, s.recordClassRefusal(ctx, m, rec.Class.ID, reasonNotAllowed, ErrNotAllowed)
	}
	pool := &codePool{s: s}
	n := len(slices.Compact(slices.Sorted(slices.Values(r.IDs))))
	if r.All {
		roster, err := s.Classrooms.Roster(ctx, rec.Class.ID)
		if err != nil {
			return nil, err
		}
		n = len(roster)
	}
	if !policy.SecondFactorFresh(r.SecondFactorAt, s.now()) || n > MaxClassReset {
		return pool, nil
	}
	if pool.codes, err = s.newCodes(ctx, n); err != nil {
		return nil, err
	}
	return pool, nil
}
