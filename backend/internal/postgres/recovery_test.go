package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestPurgeRecoveryAttempts(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	insertStudent(t, pool, accounts.NewHasher(accounts.TestHashParams(), 0), "Lantern-Moss-47") // username robinq1234
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	rows := []struct {
		key         string
		updated     time.Time
		lockedUntil *time.Time
		disabled    bool
	}{
		{"idle-old", now.Add(-25 * time.Hour), nil, false},
		{"idle-recent", now.Add(-time.Hour), nil, false},
		{"lock-ended-old", now.Add(-48 * time.Hour), ptr(now.Add(-47 * time.Hour)), false},
		{"still-locked", now.Add(-25 * time.Hour), ptr(now.Add(time.Minute)), false},
		{"disabled-unknown-old", now.Add(-31 * 24 * time.Hour), nil, true},
		{"disabled-unknown-recent", now.Add(-2 * 24 * time.Hour), nil, true},
		{"robinq1234", now.Add(-90 * 24 * time.Hour), nil, true}, // a real student's disabled path stays until they set it again
	}
	for _, r := range rows {
		if _, err := pool.Exec(ctx, `insert into recovery_attempts (username_key, consecutive_failures, locked_until, disabled, updated_at)
			values ($1, 3, $2, $3, $4)`, r.key, r.lockedUntil, r.disabled, r.updated); err != nil {
			t.Fatal(err)
		}
	}
	store := &postgres.Recovery{DB: &postgres.DB{Pool: pool}}
	n, err := store.PurgeRecoveryAttempts(ctx, now, now.Add(-24*time.Hour), now.Add(-30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	r, err := pool.Query(ctx, `select username_key from recovery_attempts order by username_key`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var k string
		if err := r.Scan(&k); err != nil {
			t.Fatal(err)
		}
		left = append(left, k)
	}
	want := []string{"disabled-unknown-recent", "idle-recent", "robinq1234", "still-locked"}
	if diff := cmp.Diff(want, left); diff != "" || n != 3 {
		t.Errorf("purged %d (want 3); left (-want +got):\n%s", n, diff)
	}
}

func ptr(t time.Time) *time.Time { return &t }

func TestPurgeFamilyData(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var guardianID string
	if err := pool.QueryRow(ctx, `insert into guardians (email, name, password_hash)
		values ('p@family.example', 'P', 'x') returning id`).Scan(&guardianID); err != nil {
		t.Fatal(err)
	}
	for key, start := range map[string]time.Time{"old": now.Add(-49 * time.Hour), "recent": now.Add(-47 * time.Hour)} {
		if _, err := pool.Exec(ctx, `insert into link_attempts (attempt_key, failures, window_start) values ($1, 3, $2)`,
			key, start); err != nil {
			t.Fatal(err)
		}
	}
	for digest, expires := range map[string]time.Time{"gone": now.Add(-25 * time.Hour), "live": now.Add(-23 * time.Hour)} {
		if _, err := pool.Exec(ctx, `insert into guardian_link_tokens (token_digest, guardian_id, purpose, expires_at)
			values ($1, $2, 'reset_password', $3)`, []byte(digest), guardianID, expires); err != nil {
			t.Fatal(err)
		}
	}
	store := postgres.NewHousekeeping(&postgres.DB{Pool: pool})
	n, err := store.PurgeFamilyData(ctx, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("got %d rows purged, want 2 (the old counter and the expired link)", n)
	}
	var kept []string
	rows, _ := pool.Query(ctx, `select attempt_key from link_attempts union all select convert_from(token_digest, 'UTF8') from guardian_link_tokens`)
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, k)
	}
	if diff := cmp.Diff([]string{"recent", "live"}, kept); diff != "" {
		t.Errorf("kept rows (-want +got):\n%s", diff)
	}
}
