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

// TestSSORenewalState: a renewal's binding to its session comes back whole; a sign-in's
// state has none.
func TestSSORenewalState(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	store := &postgres.SSOStates{DB: &postgres.DB{Pool: pool}}
	now := time.Now().Truncate(time.Microsecond)
	want := sso.Renewal{StaffID: "0b9ae3a4-5c1f-4f57-9a43-1f0d5b7f0a11", SessionID: "session-1", TokenVersion: 3,
		SignInAt: now.Add(-time.Hour), ReturnTo: "/staff/district/setup?tab=roster"}
	for name, r := range map[string]*sso.Renewal{"renew": &want, "sign-in": nil} {
		if err := store.SaveState(ctx, sso.State{StateDigest: []byte(name), BrowserDigest: []byte("b"), Nonce: "n",
			Verifier: "v", CreatedAt: now, ExpiresAt: now.Add(sso.StateTTL), Renewal: r}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.TakeState(ctx, []byte("renew"))
	if err != nil || st.Renewal == nil || st.Renewal.StaffID != want.StaffID || st.Renewal.SessionID != want.SessionID ||
		st.Renewal.TokenVersion != want.TokenVersion || !st.Renewal.SignInAt.Equal(want.SignInAt) || st.Renewal.ReturnTo != want.ReturnTo {
		t.Errorf("got %+v, %v; want the renewal %+v", st.Renewal, err, want)
	}
	if st, err := store.TakeState(ctx, []byte("sign-in")); err != nil || st.Renewal != nil {
		t.Errorf("got %+v, %v; want a sign-in's state without a renewal", st.Renewal, err)
	}
	// The table keeps a renewal whole.
	if _, err := pool.Exec(ctx, `insert into sso_states (state_digest, browser_digest, nonce, verifier, expires_at, renew_staff_id)
		values ('x', 'b', 'n', 'v', now(), gen_random_uuid())`); err == nil {
		t.Error("got a renewal without its session stored, want the check to refuse it")
	}
}
