package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/embeddedpg"
	"github.com/schoolpass/portal/backend/internal/postgres"
)

// EnvURL names the variable that points tests at an existing server.
const EnvURL = "TEST_DATABASE_URL"

// EnvSettings names the variable of more settings for the embedded server, "name=value"
// separated by spaces (e.g. "shared_buffers=1GB max_wal_size=8GB").
const EnvSettings = "PORTAL_TEST_PG_SETTINGS"

const (
	defaultMaxConns = 8
	dbPrefix        = "portal_t_"
	templatePrefix  = "portal_tmpl_"
	tempDirPrefix   = "portal-testdb-"
	// staleAfter is when a database left on a shared server by a killed
	// test binary may be dropped; no test binary runs anywhere near that long.
	staleAfter = 24 * time.Hour
)

// cluster is the server one test binary uses, and its migrated template.
type cluster struct {
	baseURL  string        // names a database we may connect to on the server
	admin    *pgxpool.Pool // issues CREATE and DROP DATABASE
	template string
	server   *embeddedpg.Server // nil with TEST_DATABASE_URL
	tempDir  string
}

var (
	setupOnce sync.Once
	shared    *cluster
	setupErr  error
)

// Main runs the package's tests and then stops the embedded server and
// drops the template database. Call it from TestMain:
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
//
// Without it New still works: the server is killed when the test binary
// exits, and the next run in that temp dir sweeps its data folder.
func Main(m *testing.M) {
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintln(os.Stderr, "testdb:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// New returns a pool on a fresh, fully migrated database for this test,
// dropped at t.Cleanup. The pool allows 8 connections; see NewWithConfig.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return NewWithConfig(t, nil)
}

// NewWithConfig is New with a hook to adjust the pool's configuration
// before it connects, e.g. to raise MaxConns for a concurrency test.
func NewWithConfig(t testing.TB, configure func(*pgxpool.Config)) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(URL(t))
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	cfg.MaxConns = defaultMaxConns
	if configure != nil {
		configure(cfg)
	}
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	// Cleanups run last-in first-out: the pool closes before URL's cleanup
	// drops the database.
	t.Cleanup(pool.Close)
	return pool
}

// URL creates a fresh, fully migrated database for this test, dropped at
// t.Cleanup, and returns its connection URL: for tests that configure a
// whole server rather than take a pool.
func URL(t testing.TB) string {
	t.Helper()
	c := get(t)
	name := uniqueName(dbPrefix)
	// Cloning a template copies files instead of replaying migrations,
	// which is what makes a database per test affordable.
	sql := fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s",
		pgx.Identifier{name}.Sanitize(), pgx.Identifier{c.template}.Sanitize())
	if _, err := c.admin.Exec(t.Context(), sql); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	t.Cleanup(func() {
		// t.Context() is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := dropDatabase(ctx, c.admin, name); err != nil {
			t.Errorf("testdb: %v", err)
		}
	})
	u, err := withDatabase(c.baseURL, name)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	return u
}

func get(t testing.TB) *cluster {
	t.Helper()
	setupOnce.Do(func() { shared, setupErr = setup() })
	if setupErr != nil {
		t.Fatalf("testdb: %v", setupErr)
	}
	return shared
}

func setup() (c *cluster, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c = &cluster{}
	external := os.Getenv(EnvURL)
	defer func() {
		if err != nil {
			_ = c.close(context.Background())
			if external != "" {
				err = fmt.Errorf("server from %s: %w", EnvURL, err)
			}
		}
	}()

	if external != "" {
		c.baseURL = external
	} else {
		sweepTempDirs()
		// The pid in the name lets a later run tell a dead run's folder.
		if c.tempDir, err = os.MkdirTemp("", fmt.Sprintf("%s%d-", tempDirPrefix, os.Getpid())); err != nil {
			return c, err
		}
		c.server, err = embeddedpg.Start(ctx, embeddedpg.Options{
			DataDir: filepath.Join(c.tempDir, "data"),
			// The same variable as the portal's: the Makefile sets it when
			// the machine has no PostgreSQL of its own.
			BinDir: os.Getenv("PORTAL_PG_BIN_DIR"),
			Fast:   true,
			// A benchmark sizes the server as a district's would be (scripts/bench-import.sh).
			Settings: strings.Fields(os.Getenv(EnvSettings)),
		})
		if err != nil {
			return c, err
		}
		c.baseURL = c.server.AdminURL()
	}

	cfg, err := pgxpool.ParseConfig(c.baseURL)
	if err != nil {
		return c, fmt.Errorf("%s: %w", EnvURL, err)
	}
	cfg.MaxConns = 4
	if c.admin, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return c, err
	}
	if external != "" {
		sweepStaleDatabases(ctx, c.admin)
	}

	// The template's name is unique per run: test binaries of several
	// packages run at once against the same TEST_DATABASE_URL server.
	name := uniqueName(templatePrefix)
	if _, err := c.admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return c, fmt.Errorf("create template database: %w", err)
	}
	c.template = name
	if err := migrate(ctx, c.baseURL, name); err != nil {
		return c, err
	}
	// Nobody may connect to the template after migrating: a connection
	// would make every CREATE DATABASE ... TEMPLATE fail.
	if _, err := c.admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" ALLOW_CONNECTIONS false"); err != nil {
		return c, err
	}
	return c, nil
}

func migrate(ctx context.Context, baseURL, db string) error {
	u, err := withDatabase(baseURL, db)
	if err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, u)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := postgres.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("migrate template database: %w", err)
	}
	return nil
}

func shutdown() error {
	if shared == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return shared.close(ctx)
}

func (c *cluster) close(ctx context.Context) error {
	var errs []error
	if c.admin != nil {
		// Dropping matters only on a shared server; an embedded one goes away whole.
		if c.template != "" && c.server == nil {
			errs = append(errs, dropDatabase(ctx, c.admin, c.template))
		}
		c.admin.Close()
	}
	if c.server != nil {
		errs = append(errs, c.server.Stop())
	}
	if c.tempDir != "" {
		errs = append(errs, os.RemoveAll(c.tempDir))
	}
	return errors.Join(errs...)
}

// dropDatabase uses FORCE so that a connection a test leaked (a pool it
// forgot to close, a server still shutting down) cannot make it fail.
func dropDatabase(ctx context.Context, admin *pgxpool.Pool, name string) error {
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// uniqueName is prefix, creation time in Unix seconds (so stale leftovers
// can be recognised), and random bits (so concurrent runs never collide).
func uniqueName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s%d_%s", prefix, time.Now().Unix(), hex.EncodeToString(b))
}

// sweepStaleDatabases drops what killed test binaries left on a shared
// server (Cleanup and Main never ran for them), once older than staleAfter.
// It is best effort: failing to tidy up must not fail the tests.
func sweepStaleDatabases(ctx context.Context, admin *pgxpool.Pool) {
	rows, err := admin.Query(ctx,
		"SELECT datname FROM pg_database WHERE datname LIKE 'portal\\_t\\_%' OR datname LIKE 'portal\\_tmpl\\_%'")
	if err != nil {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	for _, name := range names {
		rest := strings.TrimPrefix(strings.TrimPrefix(name, dbPrefix), templatePrefix)
		stamp, _, _ := strings.Cut(rest, "_")
		created, err := strconv.ParseInt(stamp, 10, 64)
		if err == nil && time.Since(time.Unix(created, 0)) > staleAfter {
			_ = dropDatabase(ctx, admin, name)
		}
	}
}

// sweepTempDirs removes data folders of test binaries that exited without
// Main (their postgres died with them) or were killed.
func sweepTempDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempDirPrefix+"*"))
	for _, dir := range dirs {
		rest := strings.TrimPrefix(filepath.Base(dir), tempDirPrefix)
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err == nil && pid > 0 && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			_ = os.RemoveAll(dir)
		}
	}
}

// withDatabase returns base with its database replaced, for both URL and
// keyword/value connection strings.
func withDatabase(base, db string) (string, error) {
	if strings.HasPrefix(base, "postgres://") || strings.HasPrefix(base, "postgresql://") {
		u, err := url.Parse(base)
		if err != nil {
			return "", err
		}
		u.Path = "/" + db
		u.RawPath = ""
		return u.String(), nil
	}
	// In keyword/value strings a later setting wins.
	return base + " dbname=" + db, nil
}
