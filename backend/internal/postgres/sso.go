package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

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
	var r sso.Renewal
	if st.Renewal != nil {
		r = *st.Renewal
	}
	renewing := st.Renewal != nil
	if _, err := q.Exec(ctx, `insert into sso_states (state_digest, browser_digest, nonce, verifier, created_at, expires_at,
		renew_staff_id, renew_session_id, renew_token_version, renew_sign_in_at, renew_return_to)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, st.StateDigest, st.BrowserDigest, st.Nonce, st.Verifier,
		st.CreatedAt, st.ExpiresAt, nullIf(renewing, r.StaffID), nullIf(renewing, r.SessionID), nullIf(renewing, r.TokenVersion),
		nullIf(renewing, r.SignInAt), nullIf(renewing, r.ReturnTo)); err != nil {
		return fmt.Errorf("save sso state: %w", err)
	}
	return nil
}

// TakeState deletes and returns the state of digest, whatever its age: the caller checks
// expiry and the browser, and a state is spent by being looked at (sso.ErrStateInvalid
// when there is none). One statement, so of two callbacks with the same state one wins.
func (s *SSOStates) TakeState(ctx context.Context, digest []byte) (sso.State, error) {
	var st sso.State
	var staffID, sessionID, returnTo *string
	var version *int
	var signInAt *time.Time
	err := s.DB.q(ctx).QueryRow(ctx, `delete from sso_states where state_digest = $1
		returning state_digest, browser_digest, nonce, verifier, created_at, expires_at,
			renew_staff_id::text, renew_session_id, renew_token_version, renew_sign_in_at, renew_return_to`, digest).
		Scan(&st.StateDigest, &st.BrowserDigest, &st.Nonce, &st.Verifier, &st.CreatedAt, &st.ExpiresAt,
			&staffID, &sessionID, &version, &signInAt, &returnTo)
	if errors.Is(err, pgx.ErrNoRows) {
		return sso.State{}, sso.ErrStateInvalid
	}
	if err != nil {
		return sso.State{}, fmt.Errorf("take sso state: %w", err)
	}
	if staffID != nil {
		// The table's check keeps the renewal's columns all set or all null.
		st.Renewal = &sso.Renewal{StaffID: *staffID, SessionID: *sessionID, TokenVersion: *version,
			SignInAt: *signInAt, ReturnTo: *returnTo}
	}
	return st, nil
}

// nullIf is v when set, SQL null otherwise.
func nullIf(set bool, v any) any {
	if !set {
		return nil
	}
	return v
}
