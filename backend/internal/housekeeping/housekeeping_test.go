package housekeeping_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/housekeeping"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestCleanupPurgesExpiredRevocations runs the clean-up job on revoked sessions around
// their expiry: a revocation goes only once its token has expired (with a few minutes'
// margin for instances whose clocks lag), since until then it is what refuses the token.
func TestCleanupPurgesExpiredRevocations(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	revocations := []struct {
		id      string
		expires time.Time
	}{
		{"expired-an-hour-ago", now.Add(-time.Hour)},
		{"expired-ten-minutes-ago", now.Add(-10 * time.Minute)},
		{"expired-a-minute-ago", now.Add(-time.Minute)},
		{"expires-in-a-minute", now.Add(time.Minute)},
		{"expires-in-an-hour", now.Add(time.Hour)},
	}
	sessions := &postgres.Sessions{DB: db}
	for _, r := range revocations {
		if err := sessions.RevokeSession(ctx, r.id, r.expires); err != nil {
			t.Fatal(err)
		}
	}
	w := &housekeeping.CleanupWorker{Store: postgres.NewHousekeeping(db), Now: func() time.Time { return now }}
	if err := w.Work(ctx, nil); err != nil {
		t.Fatalf("clean-up: %v", err)
	}
	var kept []string
	rows, err := pool.Query(ctx, `select session_id from revoked_sessions order by expires_at`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, id)
	}
	want := []string{"expired-a-minute-ago", "expires-in-a-minute", "expires-in-an-hour"}
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("kept revocations (-want +got):\n%s", diff)
	}
}
