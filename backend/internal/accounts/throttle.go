package accounts

import (
	"context"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// SignInAttempts keeps the sign-in throttle's counters of failed sign-ins.
type SignInAttempts interface {
	// SignInFailures returns a key's consecutive failures and the time of the last one.
	SignInFailures(ctx context.Context, key string) (failures int, last time.Time, err error)
	RecordSignInFailure(ctx context.Context, key string, at time.Time) error
	ClearSignInFailures(ctx context.Context, key string) error
}

// SignInKey is the throttle's key of an account (kind "student" or "guardian" and its id),
// or of a typed login that names no account (kind "student-login" or "guardian-login").
// Both throttle alike, so the throttle tells nothing about which logins exist.
func SignInKey(kind, idOrLogin string) string {
	return kind + ":" + strings.ToLower(strings.TrimSpace(idOrLogin))
}

// Throttle applies the policy's sign-in throttle to a counter key.
type Throttle struct {
	Attempts SignInAttempts
}

// Check refuses with a *ThrottledError while the key must wait before another try.
func (t Throttle) Check(ctx context.Context, key string, now time.Time) error {
	failures, last, err := t.Attempts.SignInFailures(ctx, key)
	if err != nil {
		return err
	}
	if wait := policy.SignInWait(failures, last, now); wait > 0 {
		return &ThrottledError{RetryAt: now.Add(wait)}
	}
	return nil
}

// Failed counts a failed sign-in and returns ErrInvalidCredentials, or the storage error.
func (t Throttle) Failed(ctx context.Context, key string, now time.Time) error {
	if err := t.Attempts.RecordSignInFailure(ctx, key, now); err != nil {
		return err
	}
	return ErrInvalidCredentials
}
