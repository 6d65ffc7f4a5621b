package selfservice

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// noStudent stands in for the id of a username that does not exist, so the
// lookups an unknown username makes are the same as a real one's.
const noStudent = "00000000-0000-0000-0000-000000000000"

// usernameKey is the form of a typed username or school email that attempt
// counters use.
func usernameKey(username string) string {
	return strings.ToLower(strings.TrimSpace(norm.NFKC.String(username)))
}

// Start begins a forgot-password flow for a username or school email.
// Whatever was typed, the answer has the same shape: a flow token and three
// questions — the student's own when they set questions, otherwise plausible
// ones chosen by a keyed digest of the key, so they are the same on every
// visit and tell a stranger nothing.
//
// The flow's key (which its attempt counters use) is the account's username
// when the typed value names a student, so the username and the email meet
// the same lock; otherwise it is the typed value, so an unknown username or
// email is counted and locked exactly like a real one.
func (s *Service) Start(ctx context.Context, login string) (flowToken string, questions []policy.Question, err error) {
	key := usernameKey(login)
	st, err := s.Store.StudentByLogin(ctx, key)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return "", nil, err
	}
	if st.ID != "" {
		key = usernameKey(st.Username)
	}
	ids, err := s.flowQuestions(ctx, st, key)
	if err != nil {
		return "", nil, err
	}
	for _, id := range ids {
		q, _ := policy.LookupQuestion(id)
		questions = append(questions, q)
	}
	flowToken, _, err = s.Tokens.Issue(tokens.ForgotFlow, "username", key, 0, flowTTL)
	return flowToken, questions, err
}

// flowQuestions returns the question ids a flow for st (found by key, or
// none) shows: the student's own when they may self-reset and set questions.
func (s *Service) flowQuestions(ctx context.Context, st accounts.Student, key string) ([]string, error) {
	id := st.ID
	if id == "" {
		id = noStudent
	}
	stored, err := s.Store.Answers(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(stored) == 3 && policy.CanSelfReset(st.Grade, s.Settings) {
		return []string{stored[0].QuestionID, stored[1].QuestionID, stored[2].QuestionID}, nil
	}
	return s.decoyQuestions(key), nil
}

// decoyQuestions picks three different questions from a keyed digest of the
// username. Retired questions are among them, since students who chose them
// before they were retired still have them: a retired question on the screen
// must not prove that the account exists.
func (s *Service) decoyQuestions(key string) []string {
	catalogue := policy.AllQuestions()
	digest := s.Tokens.Digest("questions:" + key)
	var ids []string
	used := map[int]bool{}
	for i := 0; len(ids) < 3; i++ {
		n := int(binary.BigEndian.Uint32(digest[(i*4)%28:]) % uint32(len(catalogue)))
		for used[n] {
			n = (n + 1) % len(catalogue)
		}
		used[n] = true
		ids = append(ids, catalogue[n].ID)
	}
	return ids
}

// Method is how a student proves who they are on the forgot-password path.
type Method string

// Methods.
const (
	MethodPIN       Method = "pin"
	MethodQuestions Method = "questions"
)

// Verify checks the PIN or the three answers of a flow. A wrong answer, a
// method not set up, a student too young for self-service and an unknown
// username all fail the same way, after the same work. After a success it
// checks the self-reset window and returns a reset token.
func (s *Service) Verify(ctx context.Context, flowToken string, method Method, pin string, answers []QuestionAnswer) (string, error) {
	claims, err := s.Tokens.Parse(tokens.ForgotFlow, flowToken)
	if err != nil {
		return "", ErrTokenInvalid
	}
	key := claims.Subject
	if err := checkProofShape(method, pin, answers); err != nil {
		return "", err
	}
	var resetToken string
	var outcome error
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		attempts, err := s.Store.LockAttempts(ctx, key)
		if err != nil {
			return err
		}
		now := s.now()
		switch policy.RecoveryStatus(attempts, now) {
		case policy.RecoveryLocked:
			outcome = &LockedError{Until: attempts.LockedUntil}
			return s.recordAttempt(ctx, "anonymous", "", "username", key, "recovery_verify", policy.PathSelfReset, audit.Refused, "recovery_locked")
		case policy.RecoveryDisabled:
			outcome = ErrRecoveryDisabled
			return s.recordAttempt(ctx, "anonymous", "", "username", key, "recovery_verify", policy.PathSelfReset, audit.Refused, "recovery_disabled")
		}
		st, ok, err := s.proves(ctx, key, method, pin, answers)
		if err != nil {
			return err
		}
		if !ok {
			outcome = ErrVerificationFailed
			if err := s.Store.SaveAttempts(ctx, key, policy.AfterFailedVerification(attempts, now, s.Settings), now); err != nil {
				return err
			}
			return s.recordAttempt(ctx, "anonymous", "", "username", key, "recovery_verify", policy.PathSelfReset, audit.Failed, "verification_failed")
		}
		if err := s.Store.SaveAttempts(ctx, key, policy.AfterSuccessfulVerification(attempts), now); err != nil {
			return err
		}
		if err := policy.CheckSelfResetWindow(st.LastSelfResetAt, now, s.Settings); err != nil {
			outcome = err
			return s.recordAttempt(ctx, "student", st.ID, "student", st.ID, "recovery_verify", policy.PathSelfReset, audit.Refused, "self_reset_too_soon")
		}
		resetToken, _, err = s.Tokens.Issue(tokens.ForgotReset, "student", st.ID, st.TokenVersion, resetTTL)
		if err != nil {
			return err
		}
		return s.recordAttempt(ctx, "student", st.ID, "student", st.ID, "recovery_verify", policy.PathSelfReset, audit.Succeeded, "")
	})
	if err != nil {
		return "", err
	}
	return resetToken, outcome
}

// checkProofShape refuses proofs that could never be right, whoever the
// username is: it tells nothing about the account.
func checkProofShape(method Method, pin string, answers []QuestionAnswer) error {
	switch method {
	case MethodPIN:
		var shape []policy.Violation
		for _, v := range policy.CheckPIN(pin, "") {
			if v.Rule == policy.RulePINDigits || v.Rule == policy.RulePINLength {
				shape = append(shape, v)
			}
		}
		return policy.Refuse(policy.RefusedPIN, policy.WithField(shape, "pin"))
	case MethodQuestions:
		if len(answers) != 3 {
			return policy.Refuse(policy.RefusedQuestions, []policy.Violation{{
				Rule: policy.RuleQuestionCount, Field: "answers",
				Message: "Answer all three questions.",
			}})
		}
		return nil
	default:
		return fmt.Errorf("unknown method %q", method)
	}
}

// proves reports whether the PIN or answers prove the student behind key.
// Every path burns the same number of hash verifications, so timing does not
// tell a real username from an unknown one.
func (s *Service) proves(ctx context.Context, key string, method Method, pin string, answers []QuestionAnswer) (accounts.Student, bool, error) {
	st, err := s.Store.StudentByUsername(ctx, key)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return st, false, err
	}
	found := err == nil && policy.CanSelfReset(st.Grade, s.Settings)
	id := st.ID
	if id == "" {
		id = noStudent
	}
	switch method {
	case MethodPIN:
		if !found || !st.HasPIN() {
			s.Hasher.VerifyDummy(ctx, pin)
			return st, false, nil
		}
		ok, err := s.Hasher.Verify(ctx, pin, st.PINHash)
		return st, ok, err
	default:
		stored, err := s.Store.Answers(ctx, id)
		if err != nil {
			return st, false, err
		}
		all := found && len(stored) == 3
		for i, a := range answers {
			if !all || a.QuestionID != stored[i].QuestionID {
				all = false
				s.Hasher.VerifyDummy(ctx, policy.FoldAnswer(a.Answer))
				continue
			}
			ok, err := s.Hasher.Verify(ctx, policy.FoldAnswer(a.Answer), stored[i].AnswerHash)
			if err != nil {
				return st, false, err
			}
			all = all && ok
		}
		return st, all, nil
	}
}

// Reset sets the new password of a verified flow. The self-reset window is
// checked again under the student's row lock, so of two resets racing inside
// the window exactly one wins.
func (s *Service) Reset(ctx context.Context, resetToken, newPassword, confirm string) error {
	claims, err := s.Tokens.Parse(tokens.ForgotReset, resetToken)
	if err != nil {
		return ErrTokenInvalid
	}
	st, err := s.Store.StudentByID(ctx, claims.Subject)
	if errors.Is(err, accounts.ErrNotFound) {
		return ErrTokenInvalid
	}
	if err != nil {
		return err
	}
	if err := policy.CheckSelfResetWindow(st.LastSelfResetAt, s.now(), s.Settings); err != nil {
		return err
	}
	if st.TokenVersion != claims.Version {
		return ErrTokenInvalid
	}
	same, err := s.Passwords.CheckPassword(ctx, st, newPassword)
	if err != nil {
		return err
	}
	if err := checkNewPassword(st, newPassword, confirm, same); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, policy.NormalizePassword(newPassword))
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		st, err := s.Store.LockStudent(ctx, claims.Subject)
		if err != nil {
			return err
		}
		at := s.now()
		if err := policy.CheckSelfResetWindow(st.LastSelfResetAt, at, s.Settings); err != nil {
			return err
		}
		if st.TokenVersion != claims.Version {
			return ErrTokenInvalid
		}
		_, err = s.Changes.Password(ctx, st, change.Password{
			By: byStudent(st), Path: policy.PathSelfReset, Secret: accounts.StoredPassword{Hash: hash}, Plain: newPassword, SelfReset: true,
		}, at)
		return err
	})
	if errors.Is(err, policy.ErrSelfResetWindow) {
		if aerr := s.recordAttempt(ctx, "student", st.ID, "student", st.ID, string(policy.EventPasswordChanged), policy.PathSelfReset, audit.Refused, "self_reset_too_soon"); aerr != nil {
			return errors.Join(err, aerr)
		}
	}
	return err
}
