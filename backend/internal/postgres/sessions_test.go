package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestSessionsRevoked reads a student's and a guardian's sessions before and after one of
// them is revoked: only the revoked id reads as revoked, and the account comes with it.
func TestSessionsRevoked(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	studentID := insertStudent(t, pool, accounts.NewHasher(accounts.TestHashParams(), 0), "Lantern-Moss-47")
	var guardianID string
	if err := pool.QueryRow(ctx, `insert into guardians (email, name, password_hash)
		values ('p@family.example', 'P', 'x') returning id`).Scan(&guardianID); err != nil {
		t.Fatal(err)
	}
	store := &postgres.Sessions{DB: &postgres.DB{Pool: pool}}
	expires := time.Now().Add(time.Hour)
	for _, id := range []string{"signed-out", "signed-out"} { // the second sign-out is no error
		if err := store.RevokeSession(ctx, id, expires); err != nil {
			t.Fatalf("revoke %s: %v", id, err)
		}
	}
	read := map[string]func(accountID, sessionID string) (string, bool, error){
		"student": func(a, s string) (string, bool, error) {
			st, revoked, err := store.StudentSession(ctx, a, s)
			return st.ID, revoked, err
		},
		"guardian": func(a, s string) (string, bool, error) {
			g, revoked, err := store.GuardianSession(ctx, a, s)
			return g.ID, revoked, err
		},
	}
	accountOf := map[string]string{"student": studentID, "guardian": guardianID}
	tests := []struct {
		session string
		revoked bool
	}{
		{"signed-out", true},
		{"still-signed-in", false},
	}
	for kind, fn := range read {
		for _, tt := range tests {
			id, revoked, err := fn(accountOf[kind], tt.session)
			if err != nil || id != accountOf[kind] || revoked != tt.revoked {
				t.Errorf("%s session %s: got account %q revoked %v (%v), want %q revoked %v",
					kind, tt.session, id, revoked, err, accountOf[kind], tt.revoked)
			}
		}
		for _, missing := range []string{"00000000-0000-0000-0000-000000000000", "not-a-uuid"} {
			if _, _, err := fn(missing, "signed-out"); !errors.Is(err, accounts.ErrNotFound) {
				t.Errorf("%s %s: got error %v, want accounts.ErrNotFound", kind, missing, err)
			}
		}
	}
}
