package schoolreset

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// actionClassCodes is the audit action of issuing a class's access codes.
const actionClassCodes = "class_access_codes_issued"

// IssueClassAccessCodes issues parent access codes for the students of a class ("Show
// access codes"): to those with no live code, or to every student when reissue is set
// (their earlier unused codes end). School and district admins only: a teacher is refused
// with ErrNotAllowed, a class outside the scope is accounts.ErrNotFound, both audited. The
// codes are hashed before the transaction, which then checks the class again under the
// students' row locks and stores each code with its audit event, plus one for the class. A
// student enrolled in the class from outside the admin's scope gets no code.
func (s *Service) IssueClassAccessCodes(ctx context.Context, m accounts.Staff, classID string, reissue bool) (CodeBatch, error) {
	rec, err := s.authorizeClassCodes(ctx, m, classID)
	if err != nil {
		return CodeBatch{}, err
	}
	at, expires := s.codeTimes()
	before, err := s.Classrooms.ClassCodeStudents(ctx, m, rec.Class.ID, at, false)
	if err != nil {
		return CodeBatch{}, err
	}
	wanted := 0
	for _, st := range before {
		if needsCode(st, reissue) && policy.StaffMay(m.Role, st.Relation, policy.StaffIssueAccessCode) == policy.StaffAllowed {
			wanted++
		}
	}
	codes, err := s.newCodes(ctx, wanted)
	if err != nil {
		return CodeBatch{}, err
	}
	pool := &codePool{s: s, codes: codes}
	var rows []CodeRow
	err = s.inTx(ctx, func(ctx context.Context) error {
		if rec, err = s.authorizeClassCodes(ctx, m, classID); err != nil {
			return err
		}
		students, err := s.Classrooms.ClassCodeStudents(ctx, m, rec.Class.ID, at, true)
		if err != nil {
			return err
		}
		if rows, err = s.issueCodes(ctx, m, students, reissue, pool, at, expires); err != nil {
			return err
		}
		return s.recordClass(ctx, m, rec.Class.ID, actionClassCodes, audit.Succeeded, reissueReason(reissue))
	})
	if err != nil {
		return CodeBatch{}, err
	}
	return s.codeBatch(ctx, rec.Class.SchoolID, expires, rows)
}

// issueCodes stores a code from pool for each student in students that needs one and that m
// may issue a code for, inside the transaction in ctx, and returns their rows.
func (s *Service) issueCodes(ctx context.Context, m accounts.Staff, students []CodeStudent, reissue bool, pool *codePool, at, expires time.Time) ([]CodeRow, error) {
	rows := []CodeRow{}
	for _, st := range students {
		if !needsCode(st, reissue) || policy.StaffMay(m.Role, st.Relation, policy.StaffIssueAccessCode) != policy.StaffAllowed {
			continue
		}
		code, err := pool.take(ctx)
		if err != nil {
			return nil, err
		}
		if err := s.storeCode(ctx, m.ID, st.Student.ID, code.Hash, at, expires); err != nil {
			return nil, err
		}
		rows = append(rows, codeRow(st, code.Code))
	}
	return rows, nil
}

// codeBatch is rows with the facts of school schoolID that the letters state.
func (s *Service) codeBatch(ctx context.Context, schoolID string, expires time.Time, rows []CodeRow) (CodeBatch, error) {
	school, err := s.Classrooms.SchoolFacts(ctx, schoolID)
	if err != nil {
		return CodeBatch{}, err
	}
	sortCodeRows(rows)
	return CodeBatch{School: school, FamilyPortalURL: s.PublicOrigin + "/family", ExpiresAt: expires, Students: rows}, nil
}

// authorizeClassCodes reads a class in m's scope (accounts.ErrNotFound otherwise) and
// checks that m's role may issue access codes for it (ErrNotAllowed otherwise); a refusal is
// audited on the class in ctx.
func (s *Service) authorizeClassCodes(ctx context.Context, m accounts.Staff, classID string) (ClassRecord, error) {
	rec, err := s.authorizeClass(ctx, m, classID, actionClassCodes)
	if err != nil {
		return ClassRecord{}, err
	}
	if policy.StaffMay(m.Role, rec.Relation, policy.StaffIssueAccessCode) != policy.StaffAllowed {
		return ClassRecord{}, s.recordClassRefusalAs(ctx, m, rec.Class.ID, actionClassCodes, reasonNotAllowed, ErrNotAllowed)
	}
	return rec, nil
}

// recordClassRefusalAs audits the refusal of action on a class and returns err.
func (s *Service) recordClassRefusalAs(ctx context.Context, m accounts.Staff, classID, action, reason string, err error) error {
	if rerr := s.recordClass(ctx, m, classID, action, audit.Refused, reason); rerr != nil {
		return rerr
	}
	return err
}

// reissueReason is the audit reason of a done bulk issue: which students it was for.
func reissueReason(reissue bool) string {
	if reissue {
		return "reissue"
	}
	return "missing_only"
}
