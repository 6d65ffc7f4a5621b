package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// SignInAttempts implements accounts.SignInAttempts: the sign-in throttle's counters, for
// students and guardians alike.
type SignInAttempts struct{ DB *DB }

var _ accounts.SignInAttempts = (*SignInAttempts)(nil)

// ClaimSignInAttempt counts an attempt as a failure unless the key is throttled, in one
// statement: the upsert's row lock makes simultaneous attempts at one key take their turn,
// each seeing the count the one before it left, so no more of them pass than the limit.
func (a *SignInAttempts) ClaimSignInAttempt(ctx context.Context, key string, at time.Time, freeFailures int,
	delay time.Duration) (accounts.SignInCounter, bool, error) {
	var c accounts.SignInCounter
	err := a.DB.q(ctx).QueryRow(ctx, `insert into sign_in_attempts as a (attempt_key, failures, last_failure_at)
		values ($1, 1, $2) on conflict (attempt_key) do update
		set failures = a.failures + 1, last_failure_at = excluded.last_failure_at
		where a.failures < $3 or a.last_failure_at <= $4
		returning failures, last_failure_at`, key, at, freeFailures, at.Add(-delay)).Scan(&c.Failures, &c.LastFailure)
	if err == nil {
		return c, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return accounts.SignInCounter{}, false, fmt.Errorf("claim sign-in attempt: %w", err)
	}
	// Refused: read the counter that refused it, for the time of the next try. A success
	// that cleared it in between leaves a zero counter, whose wait is none.
	err = a.DB.q(ctx).QueryRow(ctx, `select failures, last_failure_at from sign_in_attempts where attempt_key = $1`,
		key).Scan(&c.Failures, &c.LastFailure)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return accounts.SignInCounter{}, false, fmt.Errorf("read sign-in failures: %w", err)
	}
	return c, false, nil
}

// ClearSignInFailures forgets a key's failures after a successful sign-in.
func (a *SignInAttempts) ClearSignInFailures(ctx context.Context, key string) error {
	if _, err := a.DB.q(ctx).Exec(ctx, `delete from sign_in_attempts where attempt_key = $1`, key); err != nil {
		return fmt.Errorf("clear sign-in failures: %w", err)
	}
	return nil
}

// PurgeSignInAttempts deletes counters whose last failure is older than before: the
// throttle only weighs recent failures.
func (a *SignInAttempts) PurgeSignInAttempts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := a.DB.q(ctx).Exec(ctx, `delete from sign_in_attempts where last_failure_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge sign-in attempts: %w", err)
	}
	return tag.RowsAffected(), nil
}
