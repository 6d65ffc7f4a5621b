package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// Staff implements staff.Store: staff accounts, their second factors, passkey challenges
// and emailed links, in transactions of one DB.
type Staff struct{ *DB }

var _ staff.Store = (*Staff)(nil)

// staffColumns read a staff member with the second factors they have, so one query
// serves a session's check and the handler.
const staffColumns = ` s.id, s.district_id, d.name, coalesce(s.school_id::text, ''), coalesce(sc.name, ''),
	s.role, s.title, s.email, s.first_name, s.last_name, s.password_hash, s.token_version,
	s.totp_enrolled_at is not null,
	(select count(*) from staff_passkeys p where p.staff_id = s.id),
	(select count(*) from staff_recovery_codes r where r.staff_id = s.id and r.used_at is null)`

const staffFrom = ` from staff s join districts d on d.id = s.district_id left join schools sc on sc.id = s.school_id`

func scanStaff(row pgx.Row) (accounts.Staff, error) {
	var m accounts.Staff
	var role string
	err := row.Scan(&m.ID, &m.DistrictID, &m.DistrictName, &m.SchoolID, &m.SchoolName, &role, &m.Title, &m.Email,
		&m.FirstName, &m.LastName, &m.PasswordHash, &m.TokenVersion, &m.TOTPEnrolled, &m.Passkeys,
		&m.RecoveryCodesLeft)
	if errors.Is(err, pgx.ErrNoRows) {
		return accounts.Staff{}, accounts.ErrNotFound
	}
	if err != nil {
		return accounts.Staff{}, fmt.Errorf("scan staff: %w", err)
	}
	m.Role = policy.StaffRole(role)
	return m, nil
}

// StaffSession reads the staff member of a session and whether sessionID was revoked, in
// one query.
func (s *Sessions) StaffSession(ctx context.Context, staffID, sessionID string) (accounts.Staff, bool, error) {
	if !isUUID(staffID) {
		return accounts.Staff{}, false, accounts.ErrNotFound
	}
	var revoked bool
	m, err := scanStaff(withColumn{s.DB.q(ctx).QueryRow(ctx, `select`+staffColumns+revokedColumn+staffFrom+`
		where s.id = $1`, staffID, sessionID), &revoked})
	return m, revoked, err
}

// StaffByEmail finds a staff member by email, case-insensitively.
func (st *Staff) StaffByEmail(ctx context.Context, email string) (accounts.Staff, error) {
	// A retired staff member is unknown: sign-in and "forgot password" refuse them as they
	// refuse an unknown email.
	return scanStaff(st.q(ctx).QueryRow(ctx, `select`+staffColumns+staffFrom+`
		where lower(s.email) = lower($1) and s.retired_at is null`, email))
}

// StaffByID finds a staff member by id.
func (st *Staff) StaffByID(ctx context.Context, id string) (accounts.Staff, error) {
	if !isUUID(id) {
		return accounts.Staff{}, accounts.ErrNotFound
	}
	return scanStaff(st.q(ctx).QueryRow(ctx, `select`+staffColumns+staffFrom+` where s.id = $1`, id))
}

// LockStaff reads a staff member and locks the row for the transaction in ctx.
func (st *Staff) LockStaff(ctx context.Context, id string) (accounts.Staff, error) {
	tx, err := st.tx(ctx)
	if err != nil {
		return accounts.Staff{}, err
	}
	if !isUUID(id) {
		return accounts.Staff{}, accounts.ErrNotFound
	}
	return scanStaff(tx.QueryRow(ctx, `select`+staffColumns+staffFrom+` where s.id = $1 for update of s`, id))
}

// DistrictStaff lists the staff of a district by last and first name.
func (st *Staff) DistrictStaff(ctx context.Context, districtID string) ([]accounts.Staff, error) {
	out, err := collect(ctx, st.q(ctx), `select`+staffColumns+staffFrom+` where s.district_id = $1 and s.retired_at is null
		order by lower(s.last_name), lower(s.first_name), s.email`, districtID, scanStaff)
	if err != nil {
		return nil, fmt.Errorf("district staff: %w", err)
	}
	return out, nil
}

// SetStaffPassword stores a new hash, ends every session and clears the throttle's counter.
func (st *Staff) SetStaffPassword(ctx context.Context, id, hash string, at time.Time) (int, error) {
	return tokenVersion(st.q(ctx).QueryRow(ctx, `with cleared as (delete from sign_in_attempts where attempt_key = $4)
		update staff set password_hash = $2, password_changed_at = $3, token_version = token_version + 1
		where id = $1 returning token_version`, id, hash, at, accounts.SignInKey("staff", id)), "staff")
}

// ReplaceStaffPasswordHash swaps the hash for a new hash of the same password.
func (st *Staff) ReplaceStaffPasswordHash(ctx context.Context, id, oldHash, newHash string) error {
	return replacePasswordHash(ctx, st.q(ctx), "staff", id, oldHash, newHash)
}

// StaffSecrets reads a staff member's sealed TOTP secrets and WebAuthn handle.
func (st *Staff) StaffSecrets(ctx context.Context, id string) (staff.Secrets, error) {
	var sec staff.Secrets
	if !isUUID(id) {
		return sec, accounts.ErrNotFound
	}
	err := st.q(ctx).QueryRow(ctx, `select totp_sealed, coalesce(totp_key_id, ''), totp_pending_sealed,
		coalesce(totp_pending_key_id, ''), webauthn_handle from staff where id = $1`, id).Scan(&sec.TOTPSealed,
		&sec.TOTPKeyID, &sec.PendingSealed, &sec.PendingKeyID,
		&sec.WebAuthnHandle)
	if errors.Is(err, pgx.ErrNoRows) {
		return sec, accounts.ErrNotFound
	}
	if err != nil {
		return sec, fmt.Errorf("staff secrets: %w", err)
	}
	return sec, nil
}

// SetPendingTOTP stores a secret shown for enrolment.
func (st *Staff) SetPendingTOTP(ctx context.Context, id string, sealed []byte, keyID string) error {
	return st.one(ctx, "set pending totp", `update staff set totp_pending_sealed = $2, totp_pending_key_id = $3
		where id = $1`, id, sealed, keyID)
}

// ConfirmTOTP enrols the pending secret if it is still the one checked and none is enrolled.
func (st *Staff) ConfirmTOTP(ctx context.Context, id string, pending []byte, step int64, at time.Time) (bool, error) {
	tag, err := st.q(ctx).Exec(ctx, `update staff set totp_sealed = totp_pending_sealed, totp_key_id = totp_pending_key_id,
		totp_pending_sealed = null, totp_pending_key_id = null, totp_last_step = $3, totp_enrolled_at = $4
		where id = $1 and totp_pending_sealed = $2 and totp_sealed is null`, id, pending, step, at)
	if err != nil {
		return false, fmt.Errorf("confirm totp: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// UseTOTPStep stores step as the last used one if it is newer, in one statement: the row
// lock of the update makes two simultaneous uses of one code take turns, and the second
// finds the step used.
func (st *Staff) UseTOTPStep(ctx context.Context, id string, step int64) (bool, error) {
	tag, err := st.q(ctx).Exec(ctx, `update staff set totp_last_step = $2
		where id = $1 and totp_sealed is not null and totp_last_step < $2`, id, step)
	if err != nil {
		return false, fmt.Errorf("use totp step: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// SaveRecoveryCodes replaces a staff member's recovery codes.
func (st *Staff) SaveRecoveryCodes(ctx context.Context, id string, digests [][]byte) error {
	if _, err := st.q(ctx).Exec(ctx, `delete from staff_recovery_codes where staff_id = $1`, id); err != nil {
		return fmt.Errorf("delete recovery codes: %w", err)
	}
	if _, err := st.q(ctx).Exec(ctx, `insert into staff_recovery_codes (staff_id, code_digest)
		select $1, unnest($2::bytea[])`, id, digests); err != nil {
		return fmt.Errorf("save recovery codes: %w", err)
	}
	return nil
}

// UseRecoveryCode spends an unused code in one statement: of two simultaneous uses, one wins.
func (st *Staff) UseRecoveryCode(ctx context.Context, id string, digest []byte, at time.Time) (bool, error) {
	tag, err := st.q(ctx).Exec(ctx, `update staff_recovery_codes set used_at = $3
		where staff_id = $1 and code_digest = $2 and used_at is null`, id, digest, at)
	if err != nil {
		return false, fmt.Errorf("use recovery code: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ClearSecondFactors removes every second factor and ends every session of a staff member.
func (st *Staff) ClearSecondFactors(ctx context.Context, id string) error {
	for _, q := range []string{
		`delete from staff_recovery_codes where staff_id = $1`,
		`delete from staff_passkeys where staff_id = $1`,
		`delete from staff_webauthn_sessions where staff_id = $1`,
	} {
		if _, err := st.q(ctx).Exec(ctx, q, id); err != nil {
			return fmt.Errorf("clear second factors: %w", err)
		}
	}
	return st.one(ctx, "clear totp", `update staff set totp_sealed = null, totp_key_id = null, totp_enrolled_at = null,
		totp_pending_sealed = null, totp_pending_key_id = null, token_version = token_version + 1 where id = $1`, id)
}

// one runs an update of one row by id; no row is accounts.ErrNotFound.
func (st *Staff) one(ctx context.Context, what, sql string, args ...any) error {
	tag, err := st.q(ctx).Exec(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return accounts.ErrNotFound
	}
	return nil
}

// EnqueueStaff inserts a staff email job in the transaction carried by ctx.
func (o *Outbox) EnqueueStaff(ctx context.Context, args mail.StaffEmailArgs) error {
	return o.insert(ctx, args)
}

// EnqueueStaffForgot inserts a staff forgot-password request in the transaction in ctx.
func (o *Outbox) EnqueueStaffForgot(ctx context.Context, args staff.ForgotArgs) error {
	return o.insert(ctx, args)
}
