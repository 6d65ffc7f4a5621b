package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// The password columns of the three account tables (students, guardians, staff) are
// written the same way; these are the statements' shared parts.

// replacePasswordHash swaps an account's password hash for a new hash of the same password
// (stronger parameters), unless the hash changed since it was read: a sign-in that rehashes
// never undoes a change made meanwhile. table is a constant of the caller's.
func replacePasswordHash(ctx context.Context, q querier, table, id, oldHash, newHash string) error {
	if _, err := q.Exec(ctx, `update `+table+` set password_hash = $3 where id = $1 and password_hash = $2`,
		id, oldHash, newHash); err != nil {
		return fmt.Errorf("replace %s password hash: %w", table, err)
	}
	return nil
}

// tokenVersion reads the token version a password change returns; no row means no such
// account (accounts.ErrNotFound).
func tokenVersion(row pgx.Row, table string) (int, error) {
	var version int
	err := row.Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, accounts.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("set %s password: %w", table, err)
	}
	return version, nil
}
