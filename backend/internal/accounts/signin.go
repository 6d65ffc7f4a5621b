package accounts

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// ThrottledError means the account had too many failed sign-ins in a row and
// must wait before the next try.
type ThrottledError struct{ RetryAt time.Time }

func (e *ThrottledError) Error() string { return "too many failed sign-ins; wait a minute" }

// Authenticator signs students in and checks their current password.
type Authenticator struct {
	Students StudentStore
	Attempts SignInAttempts
	Hasher   *Hasher
	Sealer   *Sealer
	Now      func() time.Time
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// SignIn checks a username or school email and a password. An unknown login burns the same
// hashing work as a known one, fails the same way, and is throttled the same way.
func (a *Authenticator) SignIn(ctx context.Context, login, password string) (Student, error) {
	st, err := a.Students.StudentByLogin(ctx, login)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Student{}, err
	}
	key := SignInKey("student", st.ID)
	if st.ID == "" {
		key = SignInKey("student-login", login)
	}
	throttle := Throttle{Attempts: a.Attempts}
	if err := throttle.Claim(ctx, key, a.now()); err != nil {
		return Student{}, err
	}
	if st.ID == "" {
		a.Hasher.VerifyDummy(ctx, password)
		return Student{}, ErrInvalidCredentials
	}
	ok, err := a.CheckPassword(ctx, st, password)
	if err != nil {
		return Student{}, err
	}
	if !ok {
		return Student{}, ErrInvalidCredentials
	}
	if err := throttle.Succeeded(ctx, key); err != nil {
		return Student{}, err
	}
	if err := a.rehash(ctx, st, password); err != nil {
		return Student{}, err
	}
	return st, nil
}

// rehash replaces a password hash made with older parameters by one with the current
// parameters, now that the password is at hand: raising PORTAL_HASH_TIME or
// PORTAL_HASH_MEMORY_KIB strengthens every account at its next sign-in. A school-issued
// default password is sealed, not hashed, and stays as it is.
func (a *Authenticator) rehash(ctx context.Context, st Student, password string) error {
	if st.PasswordHash == "" || !a.Hasher.NeedsRehash(st.PasswordHash) {
		return nil
	}
	hash, err := a.Hasher.Hash(ctx, policy.NormalizePassword(password))
	if err != nil {
		return fmt.Errorf("rehash password: %w", err)
	}
	return a.Students.ReplacePasswordHash(ctx, st.ID, st.PasswordHash, hash)
}

// VerifyCurrentPassword checks the current password a signed-in student types to confirm a
// change (new password, PIN, questions). It shares the sign-in throttle's counter, claimed
// before the hash: someone at a school computer left signed in cannot guess the password
// through the change forms any faster than at the sign-in page.
func (a *Authenticator) VerifyCurrentPassword(ctx context.Context, st Student, password string) (bool, error) {
	key, throttle := SignInKey("student", st.ID), Throttle{Attempts: a.Attempts}
	if err := throttle.Claim(ctx, key, a.now()); err != nil {
		return false, err
	}
	ok, err := a.CheckPassword(ctx, st, password)
	if err != nil || !ok {
		return false, err
	}
	return true, throttle.Succeeded(ctx, key)
}

// CheckPassword reports whether password is the student's current password:
// the hashed one they chose, or the sealed school-issued default. Checking a
// default burns a dummy hash so the two cannot be told apart by timing.
func (a *Authenticator) CheckPassword(ctx context.Context, st Student, password string) (bool, error) {
	password = policy.NormalizePassword(password)
	if st.PasswordHash != "" {
		ok, err := a.Hasher.Verify(ctx, password, st.PasswordHash)
		if err != nil {
			return false, fmt.Errorf("verify password: %w", err)
		}
		return ok, nil
	}
	a.Hasher.VerifyDummy(ctx, password)
	if len(st.DefaultPasswordSealed) == 0 {
		return false, nil
	}
	def, err := a.Sealer.Open(st.DefaultPasswordSealed, st.DefaultPasswordKeyID, []byte(st.ID))
	if err != nil {
		return false, fmt.Errorf("open default password: %w", err)
	}
	return subtle.ConstantTimeCompare([]byte(policy.NormalizePassword(def)), []byte(password)) == 1, nil
}
