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

// TestCleanupPurgesStaffLinksAndChallenges keeps a staff link for a day past its expiry
// (the hourly link limit counts only the last hour's) and a passkey challenge until it
// expires.
func TestCleanupPurgesStaffLinksAndChallenges(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var staffA, staffB string
	err := pool.QueryRow(ctx, `with d as (insert into districts (psu_code, name) values ('904', 'Clean') returning id),
		a as (insert into staff (district_id, role, email, first_name, last_name, password_hash)
			select id, 'district_admin', 'a@clean.example', 'A', 'A', 'x' from d returning id),
		b as (insert into staff (district_id, role, email, first_name, last_name, password_hash)
			select id, 'district_admin', 'b@clean.example', 'B', 'B', 'x' from d returning id)
		select a.id, b.id from a, b`).Scan(&staffA, &staffB)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]time.Time{
		"expired-two-days-ago": now.Add(-48 * time.Hour),
		"expired-an-hour-ago":  now.Add(-time.Hour),
		"live":                 now.Add(10 * time.Minute),
	}
	for name, expires := range links {
		if _, err := pool.Exec(ctx, `insert into staff_link_tokens (token_digest, staff_id, expires_at) values ($1, $2, $3)`,
			[]byte(name), staffA, expires); err != nil {
			t.Fatal(err)
		}
	}
	for staffID, expires := range map[string]time.Time{staffA: now.Add(-time.Minute), staffB: now.Add(time.Minute)} {
		if _, err := pool.Exec(ctx, `insert into staff_webauthn_sessions (staff_id, ceremony, data, expires_at)
			values ($1, 'assert', '{}', $2)`, staffID, expires); err != nil {
			t.Fatal(err)
		}
	}
	w := &housekeeping.CleanupWorker{Store: postgres.NewHousekeeping(db), Now: func() time.Time { return now }}
	if err := w.Work(ctx, nil); err != nil {
		t.Fatalf("clean-up: %v", err)
	}
	var keptLinks []string
	var keptChallenges int
	if err := pool.QueryRow(ctx, `select array(select convert_from(token_digest, 'UTF8') from staff_link_tokens order by expires_at),
		(select count(*) from staff_webauthn_sessions where staff_id = $1)`, staffB).Scan(&keptLinks, &keptChallenges); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"expired-an-hour-ago", "live"}, keptLinks); diff != "" {
		t.Errorf("kept staff links (-want +got):\n%s", diff)
	}
	var challenges int
	if err := pool.QueryRow(ctx, `select count(*) from staff_webauthn_sessions`).Scan(&challenges); err != nil {
		t.Fatal(err)
	}
	if challenges != 1 || keptChallenges != 1 {
		t.Errorf("kept %d challenges (%d of the live one), want only the live one", challenges, keptChallenges)
	}
}
