package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// Passkeys lists a staff member's passkeys, newest first.
func (st *Staff) Passkeys(ctx context.Context, staffID string) ([]staff.Passkey, error) {
	rows, err := st.q(ctx).Query(ctx, `select id, name, credential_id, credential, created_at, last_used_at
		from staff_passkeys where staff_id = $1 order by created_at desc, id`, staffID)
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	defer rows.Close()
	var out []staff.Passkey
	for rows.Next() {
		p, err := scanPasskey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func scanPasskey(row pgx.Row) (staff.Passkey, error) {
	var p staff.Passkey
	var used *time.Time
	if err := row.Scan(&p.ID, &p.Name, &p.CredentialID, &p.Credential, &p.CreatedAt, &used); err != nil {
		return staff.Passkey{}, fmt.Errorf("scan passkey: %w", err)
	}
	p.LastUsedAt = deref(used)
	return p, nil
}

// AddPasskey stores a new passkey.
func (st *Staff) AddPasskey(ctx context.Context, staffID string, p staff.Passkey) (staff.Passkey, error) {
	return scanPasskey(st.q(ctx).QueryRow(ctx, `insert into staff_passkeys (staff_id, credential_id, credential, name)
		values ($1, $2, $3, $4) returning id, name, credential_id, credential, created_at, last_used_at`,
		staffID, p.CredentialID, p.Credential, p.Name))
}

// RemovePasskey deletes one of a staff member's passkeys.
func (st *Staff) RemovePasskey(ctx context.Context, staffID, passkeyID string) (staff.Passkey, bool, error) {
	if !isUUID(passkeyID) {
		return staff.Passkey{}, false, nil
	}
	p, err := scanPasskey(st.q(ctx).QueryRow(ctx, `delete from staff_passkeys where staff_id = $1 and id = $2
		returning id, name, credential_id, credential, created_at, last_used_at`, staffID, passkeyID))
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return staff.Passkey{}, false, nil
		}
		return staff.Passkey{}, false, err
	}
	return p, true, nil
}

// UpdatePasskeyUse stores a passkey's credential (its sign count) after a sign-in.
func (st *Staff) UpdatePasskeyUse(ctx context.Context, staffID string, credentialID, credential []byte, at time.Time) error {
	return st.one(ctx, "update passkey", `update staff_passkeys set credential = $3, last_used_at = $4
		where staff_id = $1 and credential_id = $2`, staffID, credentialID, credential, at)
}

// SaveCeremony stores a WebAuthn challenge, replacing the earlier one of the ceremony.
func (st *Staff) SaveCeremony(ctx context.Context, staffID, ceremony string, data []byte, expires time.Time) error {
	if _, err := st.q(ctx).Exec(ctx, `insert into staff_webauthn_sessions (staff_id, ceremony, data, expires_at)
		values ($1, $2, $3, $4) on conflict (staff_id, ceremony) do update set data = excluded.data,
		expires_at = excluded.expires_at`, staffID, ceremony, data, expires); err != nil {
		return fmt.Errorf("save webauthn session: %w", err)
	}
	return nil
}

// TakeCeremony deletes a challenge and returns it if it was live; one statement, so a
// challenge answers once even to simultaneous answers.
func (st *Staff) TakeCeremony(ctx context.Context, staffID, ceremony string, now time.Time) ([]byte, error) {
	var data []byte
	var live bool
	err := st.q(ctx).QueryRow(ctx, `delete from staff_webauthn_sessions where staff_id = $1 and ceremony = $2
		returning data, expires_at > $3`, staffID, ceremony, now).Scan(&data, &live)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !live) {
		return nil, accounts.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("take webauthn session: %w", err)
	}
	return data, nil
}

// SaveLinkToken stores a new link's digest and retires the earlier unused links.
func (st *Staff) SaveLinkToken(ctx context.Context, digest []byte, staffID string, expires time.Time) error {
	if _, err := st.q(ctx).Exec(ctx, `update staff_link_tokens set used_at = now()
		where staff_id = $1 and used_at is null`, staffID); err != nil {
		return fmt.Errorf("retire staff link tokens: %w", err)
	}
	if _, err := st.q(ctx).Exec(ctx, `insert into staff_link_tokens (token_digest, staff_id, expires_at)
		values ($1, $2, $3)`, digest, staffID, expires); err != nil {
		return fmt.Errorf("save staff link token: %w", err)
	}
	return nil
}

// LinkTokenStaff returns the staff member of a live link.
func (st *Staff) LinkTokenStaff(ctx context.Context, digest []byte, now time.Time) (string, error) {
	return st.linkToken(ctx, `select staff_id from staff_link_tokens
		where token_digest = $1 and used_at is null and expires_at > $2`, digest, now)
}

// UseLinkToken spends a live link; the update's row lock lets one of two uses succeed.
func (st *Staff) UseLinkToken(ctx context.Context, digest []byte, now time.Time) (string, error) {
	return st.linkToken(ctx, `update staff_link_tokens set used_at = $2
		where token_digest = $1 and used_at is null and expires_at > $2 returning staff_id`, digest, now)
}

func (st *Staff) linkToken(ctx context.Context, sql string, digest []byte, now time.Time) (string, error) {
	var id string
	err := st.q(ctx).QueryRow(ctx, sql, digest, now).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", staff.ErrLinkInvalid
	}
	if err != nil {
		return "", fmt.Errorf("staff link token: %w", err)
	}
	return id, nil
}

// RecentLinkTokens counts the links sent to a staff member since a moment.
func (st *Staff) RecentLinkTokens(ctx context.Context, staffID string, since time.Time) (int, error) {
	var n int
	if err := st.q(ctx).QueryRow(ctx, `select count(*) from staff_link_tokens where staff_id = $1 and created_at > $2`,
		staffID, since).Scan(&n); err != nil {
		return 0, fmt.Errorf("count staff link tokens: %w", err)
	}
	return n, nil
}

// PurgeStaffData deletes staff password links that expired before linksBefore and passkey
// challenges that expired before challengesBefore.
func (s *Staff) PurgeStaffData(ctx context.Context, linksBefore, challengesBefore time.Time) (int64, error) {
	l, err := s.q(ctx).Exec(ctx, `delete from staff_link_tokens where expires_at < $1`, linksBefore)
	if err != nil {
		return 0, fmt.Errorf("purge staff links: %w", err)
	}
	c, err := s.q(ctx).Exec(ctx, `delete from staff_webauthn_sessions where expires_at < $1`, challengesBefore)
	if err != nil {
		return 0, fmt.Errorf("purge passkey challenges: %w", err)
	}
	return l.RowsAffected() + c.RowsAffected(), nil
}
