package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
)

// Students implements accounts.StudentStore and the student writes of the
// self-service flows.
type Students struct{ DB *DB }

const studentColumns = `
	s.id, s.school_id, sc.name, sc.contact, s.student_number, s.username, s.email,
	s.first_name, s.last_name, s.grade, s.date_of_birth, s.locale,
	coalesce(s.password_hash, ''), s.default_password_sealed, coalesce(s.default_password_key_id, ''),
	s.must_change_password, s.password_changed_at, s.last_self_reset_at,
	coalesce(s.pin_hash, ''), s.pin_set_at, s.questions_set_at, s.token_version,
	` + passwordSetBy

// passwordSetBy reads who gave a password the student must change from the audit trail,
// which records the path of every password change in the change's transaction (no column
// kept in step with it). The CASE evaluates the subquery only for such a student, so the
// read every request makes costs nothing more for the others.
const passwordSetBy = `case when s.must_change_password then coalesce((
		select a.path from audit_events a
		where a.subject_kind = 'student' and a.subject_id = s.id::text
			and a.action = 'password_changed' and a.outcome = 'succeeded'
		order by a.occurred_at desc, a.id desc limit 1), '') else '' end`

const studentFrom = ` from students s join schools sc on sc.id = s.school_id `

func scanStudent(row pgx.Row) (accounts.Student, error) {
	var s accounts.Student
	var changed, selfReset, pinSet, questionsSet *time.Time
	err := row.Scan(&s.ID, &s.SchoolID, &s.SchoolName, &s.SchoolContact, &s.StudentNumber,
		&s.Username, &s.Email, &s.FirstName, &s.LastName, &s.Grade, &s.DateOfBirth, &s.Locale,
		&s.PasswordHash, &s.DefaultPasswordSealed, &s.DefaultPasswordKeyID,
		&s.MustChangePassword, &changed, &selfReset, &s.PINHash, &pinSet, &questionsSet,
		&s.TokenVersion, &s.PasswordSetBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return accounts.Student{}, accounts.ErrNotFound
	}
	if err != nil {
		return accounts.Student{}, fmt.Errorf("scan student: %w", err)
	}
	s.PasswordChangedAt = deref(changed)
	s.LastSelfResetAt = deref(selfReset)
	s.PINSetAt = deref(pinSet)
	s.QuestionsSetAt = deref(questionsSet)
	return s, nil
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// StudentByLogin finds a student by username or school email.
func (st *Students) StudentByLogin(ctx context.Context, login string) (accounts.Student, error) {
	return scanStudent(st.DB.q(ctx).QueryRow(ctx, `select`+studentColumns+studentFrom+`
		where (lower(s.username) = lower($1) or (s.email <> '' and lower(s.email) = lower($1))) and s.retired_at is null
		limit 1`, login))
}

// StudentByUsername finds a student by username only.
func (st *Students) StudentByUsername(ctx context.Context, username string) (accounts.Student, error) {
	return scanStudent(st.DB.q(ctx).QueryRow(ctx, `select`+studentColumns+studentFrom+`
		where lower(s.username) = lower($1) and s.retired_at is null`, username))
}

// StudentByID finds a student by id.
func (st *Students) StudentByID(ctx context.Context, id string) (accounts.Student, error) {
	if !isUUID(id) {
		return accounts.Student{}, accounts.ErrNotFound
	}
	return scanStudent(st.DB.q(ctx).QueryRow(ctx, `select`+studentColumns+studentFrom+`
		where s.id = $1`, id))
}

// LockStudent reads a student and locks its row for the transaction in ctx.
func (st *Students) LockStudent(ctx context.Context, id string) (accounts.Student, error) {
	tx, err := st.DB.tx(ctx)
	if err != nil {
		return accounts.Student{}, err
	}
	if !isUUID(id) {
		return accounts.Student{}, accounts.ErrNotFound
	}
	return scanStudent(tx.QueryRow(ctx, `select`+studentColumns+studentFrom+`
		where s.id = $1 for update of s`, id))
}

// ReplacePasswordHash swaps a password hash for a new hash of the same password, unless
// the hash changed since it was read.
func (st *Students) ReplacePasswordHash(ctx context.Context, id, oldHash, newHash string) error {
	return replacePasswordHash(ctx, st.DB.q(ctx), "students", id, oldHash, newHash)
}

// SetPassword stores a new password (a hash, or a sealed school-issued default) and drops
// the other form, ends every session (token version), clears the sign-in throttle's
// counter, and stamps the change. selfReset marks a forgot-password reset, which starts the
// self-reset window. A password of the student's own (a hash) also drops their district
// default (student_defaults), which staff may read only until the student replaces it. It
// implements change.Store.
func (st *Students) SetPassword(ctx context.Context, id string, p accounts.StoredPassword, at time.Time, mustChange, selfReset bool) (int, error) {
	return tokenVersion(st.DB.q(ctx).QueryRow(ctx, `with cleared as (delete from sign_in_attempts where attempt_key = $6),
			replaced as (delete from student_defaults where student_id = $1 and $2 <> '')
		update students set
			password_hash = nullif($2, ''), default_password_sealed = $7, default_password_key_id = nullif($8, ''),
			default_password_issued_at = case when $7::bytea is null then default_password_issued_at else now() end,
			must_change_password = $4, password_changed_at = $3,
			last_self_reset_at = case when $5 then $3 else last_self_reset_at end,
			token_version = token_version + 1
		where id = $1 returning token_version`, id, p.Hash, at, mustChange, selfReset,
		accounts.SignInKey("student", id), nilIfEmpty(p.Sealed), p.KeyID), "students")
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// GuardianRecipients lists the guardians linked to a student, for the confirmation emails
// of a change. It implements change.Store.
func (st *Students) GuardianRecipients(ctx context.Context, studentID string) ([]change.Recipient, error) {
	rows, err := st.DB.q(ctx).Query(ctx, `select g.email, g.name, g.locale from guardians g
		join guardian_links l on l.guardian_id = g.id where l.student_id = $1 order by g.created_at`, studentID)
	if err != nil {
		return nil, fmt.Errorf("read guardians of student: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (change.Recipient, error) {
		var g change.Recipient
		err := r.Scan(&g.Email, &g.Name, &g.Locale)
		return g, err
	})
}

// SetPIN stores a new PIN hash.
func (st *Students) SetPIN(ctx context.Context, id, hash string, at time.Time) error {
	tag, err := st.DB.q(ctx).Exec(ctx, `update students set pin_hash = $2, pin_set_at = $3 where id = $1`, id, hash, at)
	if err != nil {
		return fmt.Errorf("set pin: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return accounts.ErrNotFound
	}
	return nil
}

// isUUID keeps malformed ids (from a forged token, say) away from the
// database, which would answer them with a type error instead of "not found".
func isUUID(s string) bool { return uuid.Validate(s) == nil }
