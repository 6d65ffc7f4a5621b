package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// querier is what both a pool and a transaction offer; store methods run on
// whichever the context carries, so a domain service can group several store
// calls into one transaction without knowing about pgx.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type txKey struct{}

// DB wraps the pool and hands out the querier in effect for a context.
type DB struct {
	Pool *pgxpool.Pool
}

// q returns the transaction carried by ctx, or the pool.
func (db *DB) q(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return tx
	}
	return db.Pool
}

// tx returns the transaction carried by ctx; callers that must be inside one
// (job inserts of the transactional outbox) fail loudly otherwise.
func (db *DB) tx(ctx context.Context) (pgx.Tx, error) {
	tx, ok := ctx.Value(txKey{}).(pgx.Tx)
	if !ok {
		return nil, errors.New("postgres: no transaction in context")
	}
	return tx, nil
}

// InTx runs fn in one transaction: the change, its audit event and its email
// job commit together or not at all. Nested calls join the outer transaction.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return fn(ctx)
	}
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after commit
	if err := fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// collect runs a query of one argument and scans each row with scan: the lists of the
// stores (a district's staff, a staff member's passkeys, a student's guardians) share it.
func collect[T any](ctx context.Context, q querier, sql string, arg any, scan func(pgx.Row) (T, error)) ([]T, error) {
	rows, err := q.Query(ctx, sql, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

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
