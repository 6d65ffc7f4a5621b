package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/tern/v2/migrate"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLockKey is the advisory lock that serialises migrations across instances
// ('portal m' in ASCII). It differs from tern's own lock key, which Migrate takes inside it.
const migrateLockKey int64 = 0x706f7274616c206d

// Migrate brings the database schema up to date: River's own tables first
// (its job queue carries the confirmation emails), then the portal's tables.
// It is safe to run from several instances at once: River's migrator takes no
// lock of its own (two instances starting together on an empty database both
// created River's first table, and one failed), so Migrate holds a session
// advisory lock for the whole run; whoever waits for it finds the schema
// up to date. River migrates through a second connection of pool, so pool must
// allow at least two.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire connection for migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `select pg_advisory_lock($1)`, migrateLockKey); err != nil {
		return fmt.Errorf("lock for migrations: %w", err)
	}
	defer func() {
		// Without the unlock the pooled connection would keep the lock; if the unlock
		// itself fails, closing the connection ends the session and so the lock.
		if _, err := conn.Exec(context.WithoutCancel(ctx), `select pg_advisory_unlock($1)`, migrateLockKey); err != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()

	riverMigrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	if _, err := riverMigrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}

	m, err := migrate.NewMigrator(ctx, conn.Conn(), "public.portal_schema_version")
	if err != nil {
		return fmt.Errorf("tern migrator: %w", err)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	if err := m.LoadMigrations(sub); err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	return nil
}
