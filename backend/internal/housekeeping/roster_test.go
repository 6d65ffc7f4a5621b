package housekeeping_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestCleanupRosterDrafts wipes the zip of a roster draft once it has expired (30 minutes
// after its dry run), deletes the draft a day after that, and leaves live drafts and
// imports applied alone.
func TestCleanupRosterDrafts(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	var district string
	if err := pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('901', 'Test District') returning id`).Scan(&district); err != nil {
		t.Fatal(err)
	}
	drafts := []struct {
		name    string
		state   string
		expires time.Time
	}{
		{"live", "draft", now.Add(10 * time.Minute)},
		{"expired-a-minute-ago", "draft", now.Add(-time.Minute)},
		{"expired-two-days-ago", "draft", now.Add(-48 * time.Hour)},
		{"applied-two-days-ago", "applied", now.Add(-48 * time.Hour)},
	}
	for _, d := range drafts {
		zip := []byte("PK zip bytes")
		var seq, applied, finished any
		if d.state == "applied" {
			zip, seq, applied, finished = nil, 1, d.expires, d.expires
		}
		if _, err := pool.Exec(ctx, `insert into roster_imports (district_id, source, file_name, zip, plan, state,
				created_at, expires_at, applied_at, finished_at, applied_seq)
			values ($1, 'upload', $2, $3, '{"files": []}', $4, $5, $5, $6, $7, $8)`,
			district, d.name, zip, d.state, d.expires, applied, finished, seq); err != nil {
			t.Fatal(err)
		}
	}
	runCleanup(t, db, now)
	kept := column(t, pool, `select file_name || ':' || (zip is not null)::text from roster_imports order by expires_at desc, file_name`)
	want := []string{"live:true", "expired-a-minute-ago:false", "applied-two-days-ago:false"}
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("kept imports (-want +got):\n%s", diff)
	}
}
