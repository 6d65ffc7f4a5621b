package schoolreset

import (
	"context"
	"errors"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// Audit actions of By Student, besides "password_changed", which the change function
// records.
const (
	actionView          = "student_view"
	actionReset         = "password_changed"
	actionSchoolPwd     = "school_password_viewed"
	actionUnlockRecover = "recovery_unlocked"
	actionUnlockSignIn  = "sign_in_unlocked"
	actionAccessCode    = "access_code_issued"
)

// Audit reasons of refusals.
const (
	reasonOutOfScope  = "out_of_scope"
	reasonNotAllowed  = "not_allowed"
	reasonReplaced    = "school_password_replaced"
	reasonNoSchoolPwd = "no_school_password"
)

// maxSubjectLength bounds an id as typed in the audit trail, so a request cannot write a
// long string into it.
const maxSubjectLength = 64

// authorize reads the student with id for staff member m (holding its row lock when ctx
// carries a transaction and lock is set) and applies the policy core to action: every staff
// operation on one student passes here. A refusal is audited in ctx (so inside a
// transaction it commits with it, and nothing else was changed) and returned:
// accounts.ErrNotFound for a student outside the scope, exactly as for one that does not
// exist, or ErrNotAllowed.
func (s *Service) authorize(ctx context.Context, m accounts.Staff, id string, action policy.StaffAction, auditAction string, lock bool) (Record, error) {
	read := s.Store.StudentFor
	if lock {
		read = s.Store.LockStudentFor
	}
	rec, err := read(ctx, m, id)
	if err != nil {
		return Record{}, err
	}
	var refusal error
	var reason string
	switch policy.StaffMay(m.Role, rec.Relation, action) {
	case policy.StaffAllowed:
		return rec, nil
	case policy.StaffForbidden:
		refusal, reason = ErrNotAllowed, reasonNotAllowed
	default:
		refusal, reason = accounts.ErrNotFound, reasonOutOfScope
	}
	subject := id
	if rec.Relation.Exists {
		subject = rec.Student.ID
	}
	if err := s.record(ctx, m, subject, auditAction, audit.Refused, reason); err != nil {
		return Record{}, err
	}
	return Record{}, refusal
}

// record appends an audit event of a staff member's action on a student.
func (s *Service) record(ctx context.Context, m accounts.Staff, studentID, action string, outcome audit.Outcome, reason string) error {
	if r := []rune(studentID); len(r) > maxSubjectLength {
		studentID = string(r[:maxSubjectLength])
	}
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: "student", SubjectID: studentID,
		Action: action, Path: string(policy.PathStaff), Outcome: outcome, Reason: reason,
	})
}

// inTx runs fn in one transaction; a refusal commits, so its audit event stays, and is then
// returned.
func (s *Service) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return audit.InTxKeepingRefusals(ctx, s.Store.InTx, isRefusal, fn)
}

// isRefusal reports whether err is a refusal of By Student or By Class.
func isRefusal(err error) bool {
	var failed *changeFailedError
	if errors.As(err, &failed) {
		return false
	}
	var classRefusal *ClassRefusalError
	var rules *policy.RefusalError
	return errors.Is(err, accounts.ErrNotFound) || errors.Is(err, ErrNotAllowed) || errors.Is(err, ErrSchoolPasswordReplaced) ||
		errors.Is(err, staff.ErrSecondFactorStale) || errors.Is(err, ErrEmptySelection) ||
		errors.Is(err, ErrSelectionTooLarge) || errors.Is(err, ErrJobRunning) || errors.Is(err, ErrJobTooLarge) || errors.As(err, &classRefusal) || errors.As(err, &rules)
}
