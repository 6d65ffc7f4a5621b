package schoolreset

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// bulkWrite is a settled bulk reset, as a class reset and each chunk of a school job write
// it: who acts, the one typed password's hash (zero when Generate), must-change, and the
// access codes to issue with it (nil codes: none).
type bulkWrite struct {
	staffID string
	shared  accounts.StoredPassword
	// sharedPlain is the typed password itself, for the directory write-back; empty in a
	// school job's chunks, which keep only its hash (see change.Directory).
	sharedPlain string
	generate    bool
	mustChange  bool
	at          time.Time
	codes       *codePool
	// codesAt and codesExpire are when the codes are stored and end.
	codesAt, codesExpire time.Time
}

// newBulkWrite settles a bulk reset: one typed password is hashed here, once for every
// student it is for, before any row is locked.
func (s *Service) newBulkWrite(ctx context.Context, staffID string, generate bool, typed string, mustChange bool, codes *codePool) (bulkWrite, error) {
	b := bulkWrite{staffID: staffID, generate: generate, mustChange: mustChange, at: s.now(), codes: codes}
	b.codesAt, b.codesExpire = s.codeTimes()
	if !generate {
		hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(typed))
		if err != nil {
			return bulkWrite{}, fmt.Errorf("hash password: %w", err)
		}
		b.shared.Hash, b.sharedPlain = hash, typed
	}
	return b, nil
}

// resetStudent writes one student's new password through the change function (its audit
// event and confirmation emails), and the student's new access code when b issues codes,
// in the transaction in ctx, which holds the student's row lock. It returns the student's
// line of the result.
func (s *Service) resetStudent(ctx context.Context, b bulkWrite, st accounts.Student) (ResetRow, error) {
	secret := b.shared
	row := ResetRow{ID: st.ID, FirstName: st.FirstName, LastName: st.LastName, Username: st.Username,
		StudentNumber: st.StudentNumber, Grade: st.Grade}
	if b.generate {
		pw, err := policy.GeneratePasswordFor(st.Username, st.Names(), st.Grade, s.random())
		if err != nil {
			return ResetRow{}, err
		}
		if secret.Sealed, secret.KeyID, err = s.Sealer.Seal(pw, []byte(st.ID)); err != nil {
			return ResetRow{}, fmt.Errorf("seal school-issued password: %w", err)
		}
		row.Password = pw
	}
	if _, err := s.Changes.Password(ctx, st, change.Password{
		By: change.Actor{Kind: change.ActorStaff, ID: b.staffID}, Path: policy.PathStaff,
		Secret: secret, Plain: b.sharedPlain, MustChange: b.mustChange,
	}, b.at); err != nil {
		return ResetRow{}, err
	}
	if b.codes != nil {
		code, err := b.codes.take(ctx)
		if err != nil {
			return ResetRow{}, err
		}
		if err := s.storeCode(ctx, b.staffID, st.ID, code.Hash, b.codesAt, b.codesExpire); err != nil {
			return ResetRow{}, err
		}
		row.AccessCode = policy.FormatAccessCode(code.Code)
	}
	return row, nil
}

// resetMembers resets each member through resetStudent and returns the result's rows, by
// last and first name.
func (s *Service) resetMembers(ctx context.Context, b bulkWrite, members []Member) ([]ResetRow, error) {
	rows := make([]ResetRow, len(members))
	for i, mb := range members {
		row, err := s.resetStudent(ctx, b, mb.Student)
		if err != nil {
			return nil, err
		}
		rows[i] = row
	}
	sortResetRows(rows)
	return rows, nil
}

// sortResetRows orders a result by last and first name (then username, which is unique).
func sortResetRows(rows []ResetRow) {
	slices.SortFunc(rows, func(a, b ResetRow) int {
		return cmp.Or(cmp.Compare(a.LastName, b.LastName), cmp.Compare(a.FirstName, b.FirstName), cmp.Compare(a.Username, b.Username))
	})
}

// changeFailedError is a failure once students have started to change. It is never a
// refusal, whatever it wraps: inTx commits a refusal (to keep its audit event), and a bulk
// reset that failed halfway must roll back whole.
type changeFailedError struct{ err error }

func (e *changeFailedError) Error() string { return "schoolreset: bulk reset failed: " + e.err.Error() }
func (e *changeFailedError) Unwrap() error { return e.err }

// resetMode is the audit reason of a done bulk reset: which mode it used.
func resetMode(generate bool) string {
	if generate {
		return "generated"
	}
	return "one_password"
}
