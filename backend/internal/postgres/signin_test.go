package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestClaimSignInAttempt follows one key through attempts in a row: free ones until the
// limit, then none until the delay has passed since the last failure, then one more.
func TestClaimSignInAttempt(t *testing.T) {
	ctx := context.Background()
	store := &postgres.SignInAttempts{DB: &postgres.DB{Pool: testdb.New(t)}}
	const free, delay = 3, time.Minute
	start := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		after       time.Duration // since start
		wantClaimed bool
		want        accounts.SignInCounter
	}{
		{0, true, accounts.SignInCounter{Failures: 1, LastFailure: start}},
		{time.Second, true, accounts.SignInCounter{Failures: 2, LastFailure: start.Add(time.Second)}},
		{2 * time.Second, true, accounts.SignInCounter{Failures: 3, LastFailure: start.Add(2 * time.Second)}},
		{3 * time.Second, false, accounts.SignInCounter{Failures: 3, LastFailure: start.Add(2 * time.Second)}},
		{61 * time.Second, false, accounts.SignInCounter{Failures: 3, LastFailure: start.Add(2 * time.Second)}},
		{62 * time.Second, true, accounts.SignInCounter{Failures: 4, LastFailure: start.Add(62 * time.Second)}},
		{63 * time.Second, false, accounts.SignInCounter{Failures: 4, LastFailure: start.Add(62 * time.Second)}},
	}
	for i, s := range steps {
		got, claimed, err := store.ClaimSignInAttempt(ctx, "student:abc", start.Add(s.after), free, delay)
		if err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
		if claimed != s.wantClaimed || got.Failures != s.want.Failures || !got.LastFailure.Equal(s.want.LastFailure) {
			t.Errorf("attempt %d at +%v: got claimed %v, %+v; want %v, %+v", i+1, s.after, claimed, got, s.wantClaimed, s.want)
		}
	}
	if err := store.ClearSignInFailures(ctx, "student:abc"); err != nil {
		t.Fatal(err)
	}
	if got, claimed, err := store.ClaimSignInAttempt(ctx, "student:abc", start.Add(64*time.Second), free, delay); err != nil ||
		!claimed || got.Failures != 1 {
		t.Errorf("after clearing got claimed %v, %+v (%v); want a first failure claimed", claimed, got, err)
	}
}

func TestPurgeSignInAttempts(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	store := &postgres.SignInAttempts{DB: &postgres.DB{Pool: pool}}
	for key, at := range map[string]time.Time{"student:old": now.Add(-25 * time.Hour), "student:recent": now.Add(-23 * time.Hour)} {
		if _, _, err := store.ClaimSignInAttempt(ctx, key, at, 10, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := store.PurgeSignInAttempts(ctx, now.Add(-24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("got %d purged (%v), want 1", n, err)
	}
	for key, want := range map[string]int{"student:old": 0, "student:recent": 1} {
		var got int
		if err := pool.QueryRow(ctx, `select count(*) from sign_in_attempts where attempt_key = $1`, key).Scan(&got); err != nil || got != want {
			t.Errorf("%s: got %d counters (%v), want %d", key, got, err, want)
		}
	}
}
