package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestBadgeClaimTry follows one address through a window: limit tries count, the next is
// refused until the window that began with the first try ends, then a new window starts at
// one; another address is counted apart.
func TestBadgeClaimTry(t *testing.T) {
	ctx := context.Background()
	store := &postgres.Badges{DB: &postgres.DB{Pool: testdb.New(t)}}
	const limit, window = 3, time.Minute
	start := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		key    string
		after  time.Duration
		ok     bool
		window time.Time
	}{
		{"a", 0, true, start.Add(window)},
		{"a", 10 * time.Second, true, start.Add(window)},
		{"a", 20 * time.Second, true, start.Add(window)},
		{"a", 30 * time.Second, false, start.Add(window)},
		{"b", 30 * time.Second, true, start.Add(30*time.Second + window)},
		{"a", 59 * time.Second, false, start.Add(window)},
		{"a", 60 * time.Second, true, start.Add(2 * window)},
		{"a", 61 * time.Second, true, start.Add(2 * window)},
	}
	for i, s := range steps {
		ok, end, err := store.ClaimTry(ctx, s.key, start.Add(s.after), limit, window)
		if err != nil {
			t.Fatal(err)
		}
		if ok != s.ok || !end.Equal(s.window) {
			t.Errorf("step %d (%s at +%s): got %v until %s, want %v until %s", i, s.key, s.after, ok, end, s.ok, s.window)
		}
	}
}
