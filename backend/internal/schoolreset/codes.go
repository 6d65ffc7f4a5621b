package schoolreset

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// newCode is a generated parent access code and its argon2id hash.
type newCode struct {
	Code, Hash string
}

// codePool hands out codes hashed before a transaction, so no row lock is held while
// argon2id runs (about 31 ms a code). A transaction that needs more than were prepared
// (a student enrolled in between) hashes the rest itself.
type codePool struct {
	s     *Service
	codes []newCode
}

// take returns the next prepared code, or hashes a new one.
func (p *codePool) take(ctx context.Context) (newCode, error) {
	if len(p.codes) > 0 {
		c := p.codes[0]
		p.codes = p.codes[1:]
		return c, nil
	}
	codes, err := p.s.newCodes(ctx, 1)
	if err != nil {
		return newCode{}, err
	}
	return codes[0], nil
}

// newCodes generates n access codes and hashes them (Hasher.HashMany: a few at a time).
func (s *Service) newCodes(ctx context.Context, n int) ([]newCode, error) {
	out := make([]newCode, n)
	codes := make([]string, n)
	for i := range out {
		code, err := policy.GenerateAccessCode(s.random())
		if err != nil {
			return nil, err
		}
		out[i].Code, codes[i] = code, code
	}
	hashes, err := s.Hasher.HashMany(ctx, codes)
	if err != nil {
		return nil, fmt.Errorf("hash access codes: %w", err)
	}
	for i, h := range hashes {
		out[i].Hash = h
	}
	return out, nil
}

// storeCode ends every unused code of the student at at and stores hash as the new one,
// with its audit event: the one place an issued code is written, for one student or many.
func (s *Service) storeCode(ctx context.Context, staffID, studentID, hash string, at, expires time.Time) error {
	if err := s.Store.ReplaceAccessCodes(ctx, studentID, hash, at, expires); err != nil {
		return err
	}
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: at, ActorKind: "staff", ActorID: staffID, SubjectKind: "student", SubjectID: studentID,
		Action: actionAccessCode, Path: string(policy.PathStaff), Outcome: audit.Succeeded,
	})
}

// codeTimes are when codes issued now are stored and when they expire; PostgreSQL keeps
// microseconds, so the letters state the expiry as stored.
func (s *Service) codeTimes() (at, expires time.Time) {
	at = s.now().Truncate(time.Microsecond)
	return at, at.Add(s.Settings.AccessCodeTTL)
}

// SchoolFacts are what every family letter of a school states.
type SchoolFacts struct {
	Name, Contact, DistrictName string
}

// CodeBatch is a batch of new parent access codes with what the family letters need: shown
// once.
type CodeBatch struct {
	School          SchoolFacts
	FamilyPortalURL string
	ExpiresAt       time.Time
	// Students are by last and first name.
	Students []CodeRow
}

// CodeRow is one student's new access code, as printed (XXXX-XXXX-XXXX).
type CodeRow struct {
	ID, StudentNumber, FirstName, LastName, Username string
	Grade                                            int
	Code                                             string
	// Locale is the letter's language: the first linked guardian's, else the student's.
	Locale string
}

// sortCodeRows orders a batch by last and first name (then username, which is unique).
func sortCodeRows(rows []CodeRow) {
	slices.SortFunc(rows, func(a, b CodeRow) int {
		return cmp.Or(cmp.Compare(a.LastName, b.LastName), cmp.Compare(a.FirstName, b.FirstName), cmp.Compare(a.Username, b.Username))
	})
}

// CodeStudent is a student codes are issued to: the record (with its relation to the staff
// member), whether a live code (unused, unexpired) stands, and the letter's locale.
type CodeStudent struct {
	Record
	LiveCode bool
	// Locale is the letter's language: the first linked guardian's, else the student's.
	Locale string
}

// needsCode reports whether a bulk issue gives st a code: every student when reissuing,
// else those without a live one.
func needsCode(st CodeStudent, reissue bool) bool { return reissue || !st.LiveCode }

// codeRow is st's line of a batch with its new code.
func codeRow(st CodeStudent, code string) CodeRow {
	s := st.Student
	return CodeRow{ID: s.ID, StudentNumber: s.StudentNumber, FirstName: s.FirstName, LastName: s.LastName,
		Username: s.Username, Grade: s.Grade, Code: policy.FormatAccessCode(code), Locale: st.Locale}
}
