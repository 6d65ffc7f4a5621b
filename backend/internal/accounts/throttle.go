package accounts

import (
	"context"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// SignInCounter is a throttle key's consecutive failed sign-ins and the time of the last.
type SignInCounter struct {
	Failures    int
	LastFailure time.Time
}

// SignInAttempts keeps the sign-in throttle's counters of failed sign-ins.
type SignInAttempts interface {
	// ClaimSignInAttempt counts an attempt at key, made at at, as a failure in one atomic
	// step, unless the key already failed freeFailures times in a row and the last failure
	// came less than delay before at. It reports whether the attempt was counted, and the
	// counter as the attempt left it.
	ClaimSignInAttempt(ctx context.Context, key string, at time.Time, freeFailures int, delay time.Duration) (SignInCounter, bool, error)
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

// Claim takes one sign-in attempt at key before any password is checked, or refuses with
// a *ThrottledError while the key must wait. The attempt counts as a failure at once, so
// simultaneous attempts meet the limit exactly as attempts in a row do; Succeeded takes
// it back.
func (t Throttle) Claim(ctx context.Context, key string, now time.Time) error {
	c, claimed, err := t.Attempts.ClaimSignInAttempt(ctx, key, now, policy.SignInFreeFailures, policy.SignInDelay)
	if err != nil || claimed {
		return err
	}
	return &ThrottledError{RetryAt: now.Add(policy.SignInWait(c.Failures, c.LastFailure, now))}
}

// Succeeded clears the key's failures, the claimed attempt's included.
func (t Throttle) Succeeded(ctx context.Context, key string) error {
	return t.Attempts.ClearSignInFailures(ctx, key)
}
