package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/sso"
)

// SSOStates stores the states of staff sign-ins started at the identity provider.
type SSOStates struct{ DB *DB }

var _ sso.StateStore = (*SSOStates)(nil)

// SaveState stores a new state and clears the expired ones (a sign-in abandoned at the
// provider leaves its row behind).
func (s *SSOStates) SaveState(ctx context.Context, st sso.State) error {
	q := s.DB.q(ctx)
	if _, err := q.Exec(ctx, `delete from sso_states where expires_at < $1`, st.CreatedAt); err != nil {
		return fmt.Errorf("clear expired sso states: %w", err)
	}
	if _, err := q.Exec(ctx, `insert into sso_states (state_digest, browser_digest, nonce, verifier, created_at, expires_at)
		values ($1, $2, $3, $4, $5, $6)`, st.StateDigest, st.BrowserDigest, st.Nonce, st.Verifier, st.CreatedAt, st.ExpiresAt); err != nil {
		return fmt.Errorf("save sso state: %w", err)
	}
	return nil
}

// TakeState deletes and returns the state of digest, whatever its age: the caller checks
// expiry and the browser, and a state is spent by being looked at (sso.ErrStateInvalid
// when there is none). One statement, so of two callbacks with the same state one wins.
func (s *SSOStates) TakeState(ctx context.Context, digest []byte) (sso.State, error) {
	var st sso.State
	err := s.DB.q(ctx).QueryRow(ctx, `delete from sso_states where state_digest = $1
		returning state_digest, browser_digest, nonce, verifier, created_at, expires_at`, digest).
		Scan(&st.StateDigest, &st.BrowserDigest, &st.Nonce, &st.Verifier, &st.CreatedAt, &st.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return sso.State{}, sso.ErrStateInvalid
	}
	if err != nil {
		return sso.State{}, fmt.Errorf("take sso state: %w", err)
	}
	return st, nil
}
