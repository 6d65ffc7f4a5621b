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
	out, err := collect(ctx, st.q(ctx), `select id, name, credential_id, credential, created_at, last_used_at
		from staff_passkeys where staff_id = $1 order by created_at desc, id`, staffID, scanPasskey)
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return out, nil
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
	return staffLinks.save(ctx, st.q(ctx), digest, staffID, "", expires)
}

// LinkTokenStaff returns the staff member of a live link.
func (st *Staff) LinkTokenStaff(ctx context.Context, digest []byte, now time.Time) (string, error) {
	return staffLinks.ownerOf(ctx, st.q(ctx), digest, "", now)
}

// UseLinkToken spends a live link; of two concurrent uses exactly one succeeds.
func (st *Staff) UseLinkToken(ctx context.Context, digest []byte, now time.Time) (string, error) {
	return staffLinks.use(ctx, st.q(ctx), digest, "", now)
}

// RecentLinkTokens counts the links sent to a staff member since a moment.
func (st *Staff) RecentLinkTokens(ctx context.Context, staffID string, since time.Time) (int, error) {
	return staffLinks.recent(ctx, st.q(ctx), staffID, "", since)
}

// PurgeStaffData deletes staff password links that expired before linksBefore and passkey
// challenges that expired before challengesBefore.
func (s *Staff) PurgeStaffData(ctx context.Context, linksBefore, challengesBefore time.Time) (int64, error) {
	l, err := staffLinks.purge(ctx, s.q(ctx), linksBefore)
	if err != nil {
		return 0, err
	}
	c, err := s.q(ctx).Exec(ctx, `delete from staff_webauthn_sessions where expires_at < $1`, challengesBefore)
	if err != nil {
		return 0, fmt.Errorf("purge passkey challenges: %w", err)
	}
	return l + c.RowsAffected(), nil
}
