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

// SignInFailures returns a key's consecutive failures and the last one's time (none: 0).
func (a *SignInAttempts) SignInFailures(ctx context.Context, key string) (int, time.Time, error) {
	var n int
	var last time.Time
	err := a.DB.q(ctx).QueryRow(ctx, `select failures, last_failure_at from sign_in_attempts where attempt_key = $1`,
		key).Scan(&n, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("read sign-in failures: %w", err)
	}
	return n, last, nil
}

// RecordSignInFailure counts one more failed sign-in.
func (a *SignInAttempts) RecordSignInFailure(ctx context.Context, key string, at time.Time) error {
	_, err := a.DB.q(ctx).Exec(ctx, `insert into sign_in_attempts (attempt_key, failures, last_failure_at)
		values ($1, 1, $2) on conflict (attempt_key) do update
		set failures = sign_in_attempts.failures + 1, last_failure_at = excluded.last_failure_at`, key, at)
	if err != nil {
		return fmt.Errorf("record sign-in failure: %w", err)
	}
	return nil
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
