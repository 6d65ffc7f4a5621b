package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestMigrateConcurrently starts several migrators at once on an empty database, as
// several portal instances starting together do: every one must succeed, and the schema
// must end up applied once.
func TestMigrateConcurrently(t *testing.T) {
	const instances = 4
	url := testdb.URL(t)
	ctx := t.Context()
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// The test database is a migrated clone; emptying its schema gives the state of a
	// fresh server.
	if _, err := admin.Exec(ctx, `drop schema public cascade; create schema public`); err != nil {
		t.Fatal(err)
	}

	pools := make([]*pgxpool.Pool, instances)
	for i := range pools {
		if pools[i], err = pgxpool.New(ctx, url); err != nil {
			t.Fatal(err)
		}
		defer pools[i].Close()
	}
	errs := make([]error, instances)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, pool := range pools {
		wg.Go(func() {
			<-start
			errs[i] = postgres.Migrate(ctx, pool)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migrator %d: got %v, want nil", i, err)
		}
	}

	var riverVersions, portalVersion int
	err = admin.QueryRow(context.Background(), `select
		(select count(*) from river_migration),
		(select version from portal_schema_version)`).Scan(&riverVersions, &portalVersion)
	if err != nil {
		t.Fatalf("read the migrated schema: %v", err)
	}
	if riverVersions == 0 || portalVersion == 0 {
		t.Errorf("got %d River migrations and portal schema version %d, want both applied", riverVersions, portalVersion)
	}
}
