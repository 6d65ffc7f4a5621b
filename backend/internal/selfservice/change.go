package selfservice

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ChangePassword changes the signed-in student's password. It returns the
// new token version: every session issued before it is over, and the caller
// re-issues the current one.
func (s *Service) ChangePassword(ctx context.Context, studentID, current, newPassword, confirm string) (int, error) {
	st, err := s.Store.StudentByID(ctx, studentID)
	if err != nil {
		return 0, err
	}
	if err := s.checkCurrent(ctx, st, current); err != nil {
		return 0, err
	}
	same := policy.NormalizePassword(current) == policy.NormalizePassword(newPassword)
	return s.changePassword(ctx, st, newPassword, confirm, same, nil)
}

// ChangeStartingPassword replaces the password of a student who must change it, without
// the current password, in a session at token version made by a sign-in with the password
// at signedInAt (policy.MaySkipCurrentPassword). The rule is checked again on the locked
// row, so of two such requests sent together only the first changes it, and a session older
// than another reset that asked for a change again does not qualify. The new password must
// still differ from the current one, checked without touching the sign-in throttle (no
// guess is being made).
func (s *Service) ChangeStartingPassword(ctx context.Context, studentID string, version int, signedInAt time.Time,
	newPassword, confirm string) (int, error) {
	mayStill := func(st accounts.Student) error {
		if st.TokenVersion != version || !policy.MaySkipCurrentPassword(st.MustChangePassword, signedInAt, s.now()) {
			return ErrCurrentPasswordNeeded
		}
		return nil
	}
	st, err := s.Store.StudentByID(ctx, studentID)
	if err != nil {
		return 0, err
	}
	if err := mayStill(st); err != nil {
		return 0, err
	}
	same, err := s.Passwords.CheckPassword(ctx, st, newPassword)
	if err != nil {
		return 0, err
	}
	return s.changePassword(ctx, st, newPassword, confirm, same, mayStill)
}

// changePassword stores a new password for st with its audit event and confirmation email
// in one transaction; underLock, when set, re-checks on the locked row that the change may
// still go ahead.
func (s *Service) changePassword(ctx context.Context, st accounts.Student, newPassword, confirm string, sameAsCurrent bool,
	underLock func(accounts.Student) error) (int, error) {
	if err := checkNewPassword(st, newPassword, confirm, sameAsCurrent); err != nil {
		return 0, err
	}
	hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(newPassword))
	if err != nil {
		return 0, fmt.Errorf("hash password: %w", err)
	}
	var version int
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		st, err := s.Store.LockStudent(ctx, st.ID)
		if err != nil {
			return err
		}
		if underLock != nil {
			if err := underLock(st); err != nil {
				return err
			}
		}
		version, err = s.Changes.Password(ctx, st, change.Password{
			By: byStudent(st), Path: policy.PathSignedIn, Secret: accounts.StoredPassword{Hash: hash}, Plain: newPassword,
		}, s.now())
		return err
	})
	return version, err
}

// SetPIN sets or replaces the signed-in student's recovery PIN, and opens a
// recovery path that failures had locked or disabled.
func (s *Service) SetPIN(ctx context.Context, studentID, currentPassword, pin string) error {
	st, err := s.Store.StudentByID(ctx, studentID)
	if err != nil {
		return err
	}
	if !policy.CanSelfReset(st.Grade, s.Settings) {
		return ErrNotEligible
	}
	if err := s.checkCurrent(ctx, st, currentPassword); err != nil {
		return err
	}
	if err := policy.Refuse(policy.RefusedPIN, policy.WithField(policy.CheckPIN(pin, st.StudentNumber), "pin")); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, pin)
	if err != nil {
		return fmt.Errorf("hash pin: %w", err)
	}
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		st, err := s.Store.LockStudent(ctx, studentID)
		if err != nil {
			return err
		}
		at := s.now()
		if err := s.Store.SetPIN(ctx, st.ID, hash, at); err != nil {
			return err
		}
		if err := s.Store.SaveAttempts(ctx, usernameKey(st.Username), policy.RecoveryReset(), at); err != nil {
			return err
		}
		return s.confirm(ctx, st, policy.EventPINChanged, policy.PathSignedIn, at)
	})
}

// QuestionAnswer is one chosen question and its answer.
type QuestionAnswer struct {
	QuestionID string
	Answer     string
}

// SetQuestions sets or replaces the signed-in student's three security
// questions. Answers are folded (case, spaces, punctuation) and stored only
// as slow hashes.
func (s *Service) SetQuestions(ctx context.Context, studentID, currentPassword string, answers []QuestionAnswer) error {
	st, err := s.Store.StudentByID(ctx, studentID)
	if err != nil {
		return err
	}
	if !policy.CanSelfReset(st.Grade, s.Settings) {
		return ErrNotEligible
	}
	if err := s.checkCurrent(ctx, st, currentPassword); err != nil {
		return err
	}
	inputs := make([]policy.AnswerInput, len(answers))
	for i, a := range answers {
		inputs[i] = policy.AnswerInput{QuestionID: a.QuestionID, Answer: a.Answer}
	}
	violations := policy.CheckQuestions(inputs, policy.QuestionContext{
		Username: st.Username, Names: st.Names(), Password: currentPassword,
	})
	if err := policy.Refuse(policy.RefusedQuestions, violations); err != nil {
		return err
	}
	stored := make([]StoredAnswer, len(answers))
	for i, a := range answers {
		hash, err := s.Hasher.Hash(ctx, policy.FoldAnswer(a.Answer))
		if err != nil {
			return fmt.Errorf("hash answer: %w", err)
		}
		stored[i] = StoredAnswer{QuestionID: a.QuestionID, AnswerHash: hash}
	}
	return s.Store.InTx(ctx, func(ctx context.Context) error {
		st, err := s.Store.LockStudent(ctx, studentID)
		if err != nil {
			return err
		}
		at := s.now()
		if err := s.Store.ReplaceAnswers(ctx, st.ID, stored, at); err != nil {
			return err
		}
		if err := s.Store.SaveAttempts(ctx, usernameKey(st.Username), policy.RecoveryReset(), at); err != nil {
			return err
		}
		return s.confirm(ctx, st, policy.EventQuestionsChanged, policy.PathSignedIn, at)
	})
}

// checkCurrent refuses a change whose current password is wrong, or while the sign-in
// throttle makes the account wait.
func (s *Service) checkCurrent(ctx context.Context, st accounts.Student, current string) error {
	ok, err := s.Passwords.VerifyCurrentPassword(ctx, st, current)
	if err != nil {
		return err
	}
	if !ok {
		return policy.WrongCurrentPassword()
	}
	return nil
}

// checkNewPassword applies the password rules and the confirmation to a new
// password, reporting every failed rule at once.
func checkNewPassword(st accounts.Student, newPassword, confirm string, sameAsCurrent bool) error {
	return policy.CheckNewPassword(st.PasswordCandidate(newPassword, sameAsCurrent), confirm)
}
