package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/sso"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestSSOStates: a state is taken once, even by ten callbacks at the same moment, and a
// new start clears the expired states.
func TestSSOStates(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	store := &postgres.SSOStates{DB: &postgres.DB{Pool: pool}}
	now := time.Now()
	save := func(name string, created time.Time) {
		t.Helper()
		if err := store.SaveState(ctx, sso.State{StateDigest: []byte(name), BrowserDigest: []byte("browser"),
			Nonce: "nonce-" + name, Verifier: "verifier-" + name, CreatedAt: created, ExpiresAt: created.Add(sso.StateTTL)}); err != nil {
			t.Fatal(err)
		}
	}
	save("a", now)

	var wg sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := store.TakeState(ctx, []byte("a"))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && st.Nonce == "nonce-a" && st.Verifier == "verifier-a":
				won++
			case errors.Is(err, sso.ErrStateInvalid):
				lost++
			default:
				t.Errorf("got %+v, %v", st, err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || lost != 9 {
		t.Errorf("got %d takes and %d refusals, want 1 and 9", won, lost)
	}

	save("old", now.Add(-time.Hour))
	save("new", now)
	if _, err := store.TakeState(ctx, []byte("old")); !errors.Is(err, sso.ErrStateInvalid) {
		t.Errorf("got %v for a state expired before the last start, want it cleared", err)
	}
	if _, err := store.TakeState(ctx, []byte("new")); err != nil {
		t.Errorf("got %v for a live state, want it", err)
	}
}
