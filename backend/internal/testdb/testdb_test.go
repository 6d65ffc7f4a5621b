package testdb

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestMain(m *testing.M) { Main(m) }

func TestDatabasesAreMigrated(t *testing.T) {
	t.Parallel()
	pool := New(t)
	for _, table := range []string{"students", "river_job"} {
		var found bool
		if err := pool.QueryRow(t.Context(), "SELECT to_regclass($1) IS NOT NULL", table).Scan(&found); err != nil {
			t.Fatal(err)
		}
		if !found {
			t.Errorf("table %s is missing", table)
		}
	}
}

func TestDatabasesAreIsolated(t *testing.T) {
	t.Parallel()
	a, b := New(t), New(t)
	if _, err := a.Exec(t.Context(), "CREATE TABLE only_in_a (v int); INSERT INTO only_in_a VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	var found bool
	if err := b.QueryRow(t.Context(), "SELECT to_regclass('only_in_a') IS NOT NULL").Scan(&found); err != nil {
		t.Fatal(err)
	}
	if found {
		t.Error("a table created in one test database is visible in another")
	}
	if dbName(t, a) == dbName(t, b) {
		t.Errorf("both pools use database %s", dbName(t, a))
	}
}

func TestDatabaseIsDroppedAtCleanup(t *testing.T) {
	t.Parallel()
	var name string
	t.Run("uses a database", func(t *testing.T) {
		name = dbName(t, New(t))
	})
	var exists bool
	err := shared.admin.QueryRow(t.Context(), "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	if err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("database %s still exists after its test ended", name)
	}
}

func TestNewWithConfig(t *testing.T) {
	t.Parallel()
	pool := NewWithConfig(t, func(c *pgxpool.Config) { c.MaxConns = 20 })
	if got := pool.Config().MaxConns; got != 20 {
		t.Errorf("MaxConns = %d, want 20", got)
	}
	// Hold every connection at once to show the server grants them.
	conns := make([]*pgxpool.Conn, 20)
	for i := range conns {
		c, err := pool.Acquire(t.Context())
		if err != nil {
			t.Fatalf("acquire %d: %v", i, err)
		}
		if err := c.Ping(t.Context()); err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	for _, c := range conns {
		c.Release()
	}
}

// A pool left open must not keep the database from being dropped.
func TestURLSurvivesLeakedConnection(t *testing.T) {
	t.Parallel()
	var leaked *pgx.Conn
	t.Run("leaks", func(t *testing.T) {
		conn, err := pgx.Connect(t.Context(), URL(t))
		if err != nil {
			t.Fatal(err)
		}
		leaked = conn
	})
	err := leaked.Ping(context.Background())
	var pgErr *pgconn.PgError
	if err == nil || (errors.As(err, &pgErr) && pgErr.Code != "57P01") {
		t.Errorf("leaked connection after drop: ping = %v, want it terminated", err)
	}
	leaked.Close(context.Background())
}

// Tests run in parallel, so many clones of the one template are made at
// once; the log line shows what a database costs a test.
func TestConcurrentClones(t *testing.T) {
	t.Parallel()
	New(t) // keep the one-time setup out of the measurement
	const n = 5
	var wg sync.WaitGroup
	began := time.Now()
	for range n {
		wg.Go(func() {
			t.Run("clone", func(t *testing.T) { New(t) })
		})
	}
	wg.Wait()
	t.Logf("%d concurrent clones, dropped again, in %s", n, time.Since(began).Round(time.Millisecond))
}

func dbName(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var name string
	if err := pool.QueryRow(t.Context(), "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}
