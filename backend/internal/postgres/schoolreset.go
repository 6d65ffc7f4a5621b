package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// SchoolReset implements schoolreset.Store: students as staff see them, their search, and
// the counters and codes staff reset, in transactions of one DB.
type SchoolReset struct {
	*DB
	*Students
}

// NewSchoolReset returns the By Student store on db.
func NewSchoolReset(db *DB) *SchoolReset { return &SchoolReset{DB: db, Students: &Students{DB: db}} }

var _ schoolreset.Store = (*SchoolReset)(nil)

// relationColumns relate the student to the staff member ($2 district, $3 school or null,
// $4 staff id) in the query that reads the student, so the scope is decided on the row read.
const relationColumns = `, s.default_password_issued_at, sc.district_id = $2, coalesce(s.school_id = $3, false),
	exists (select 1 from class_enrollments e join class_teachers t on t.class_id = e.class_id
		where e.student_id = s.id and t.staff_id = $4)`

// StudentFor reads a student with its relation to staff member m.
func (r *SchoolReset) StudentFor(ctx context.Context, m accounts.Staff, id string) (schoolreset.Record, error) {
	return r.studentFor(ctx, r.q(ctx), m, id, "")
}

// LockStudentFor reads a student with its relation to m and locks its row.
func (r *SchoolReset) LockStudentFor(ctx context.Context, m accounts.Staff, id string) (schoolreset.Record, error) {
	tx, err := r.tx(ctx)
	if err != nil {
		return schoolreset.Record{}, err
	}
	return r.studentFor(ctx, tx, m, id, " for update of s")
}

func (r *SchoolReset) studentFor(ctx context.Context, q querier, m accounts.Staff, id, lock string) (schoolreset.Record, error) {
	if !isUUID(id) || !isUUID(m.ID) {
		return schoolreset.Record{}, nil
	}
	var rec schoolreset.Record
	var issued *time.Time
	row := q.QueryRow(ctx, `select`+studentColumns+relationColumns+studentFrom+`where s.id = $1`+lock,
		id, m.DistrictID, nullString(m.SchoolID), m.ID)
	st, err := scanStudent(extraRow{Row: row, extra: []any{&issued,
		&rec.Relation.SameDistrict, &rec.Relation.SameSchool, &rec.Relation.InClass}})
	if errors.Is(err, accounts.ErrNotFound) {
		return schoolreset.Record{}, nil
	}
	if err != nil {
		return schoolreset.Record{}, err
	}
	rec.Student, rec.Relation.Exists, rec.DefaultIssuedAt = st, true, deref(issued)
	return rec, nil
}

// extraRow scans the columns of scanStudent and then extra ones.
type extraRow struct {
	pgx.Row
	extra []any
}

func (r extraRow) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Facts reads what a student's status page shows beyond the account row.
func (r *SchoolReset) Facts(ctx context.Context, st accounts.Student) (schoolreset.Facts, error) {
	var f schoolreset.Facts
	var failures, signInFailures *int
	var lockedUntil, lastFailure *time.Time
	var disabled *bool
	q := r.q(ctx)
	err := q.QueryRow(ctx, `select sc.display_code, d.name,
			coalesce((select a.path from audit_events a
				where a.student_id = s.id and a.action = 'password_changed' and a.outcome = 'succeeded'
				order by a.id desc limit 1), ''),
			ra.consecutive_failures, ra.locked_until, ra.disabled, sa.failures, sa.last_failure_at
		from students s join schools sc on sc.id = s.school_id join districts d on d.id = sc.district_id
			left join recovery_attempts ra on ra.username_key = `+recoveryKey("s.username")+`
			left join sign_in_attempts sa on sa.attempt_key = $2
		where s.id = $1`, st.ID, accounts.SignInKey("student", st.ID)).Scan(
		&f.SchoolDisplayCode, &f.DistrictName, &f.LastChangePath,
		&failures, &lockedUntil, &disabled, &signInFailures, &lastFailure)
	if errors.Is(err, pgx.ErrNoRows) {
		return schoolreset.Facts{}, accounts.ErrNotFound
	}
	if err != nil {
		return schoolreset.Facts{}, fmt.Errorf("read student facts: %w", err)
	}
	if failures != nil {
		f.Recovery = policy.RecoveryState{ConsecutiveFailures: *failures, LockedUntil: deref(lockedUntil), Disabled: *disabled}
	}
	if signInFailures != nil {
		f.SignIn = accounts.SignInCounter{Failures: *signInFailures, LastFailure: deref(lastFailure)}
	}
	if f.Classes, err = collect(ctx, q, `select c.class_number, c.name from class_enrollments e
		join classes c on c.id = e.class_id where e.student_id = $1 order by c.class_number`, st.ID,
		func(row pgx.Row) (c schoolreset.Class, err error) { return c, row.Scan(&c.Number, &c.Name) }); err != nil {
		return schoolreset.Facts{}, fmt.Errorf("read classes: %w", err)
	}
	if f.Guardians, err = collect(ctx, q, `select g.name, g.email, g.locale from guardian_links l
		join guardians g on g.id = l.guardian_id where l.student_id = $1 order by l.created_at, g.email`, st.ID,
		func(row pgx.Row) (g schoolreset.Guardian, err error) {
			return g, row.Scan(&g.Name, &g.Email, &g.Locale)
		}); err != nil {
		return schoolreset.Facts{}, fmt.Errorf("read guardians: %w", err)
	}
	if f.AccessCodes, err = collect(ctx, q, `select expires_at, used_at from parent_access_codes
		where student_id = $1 order by created_at desc, id limit 20`, st.ID,
		func(row pgx.Row) (c schoolreset.AccessCode, err error) {
			var used *time.Time
			err = row.Scan(&c.ExpiresAt, &used)
			c.UsedAt = deref(used)
			return c, err
		}); err != nil {
		return schoolreset.Facts{}, fmt.Errorf("read access codes: %w", err)
	}
	live, err := collect(ctx, q, `select badge_code, issued_at, last_used_at from student_badges
		where student_id = $1 and revoked_at is null`, st.ID,
		func(row pgx.Row) (b schoolreset.LiveBadge, err error) {
			var used *time.Time
			err = row.Scan(&b.Code, &b.IssuedAt, &used)
			b.LastUsedAt = deref(used)
			return b, err
		})
	if err != nil {
		return schoolreset.Facts{}, fmt.Errorf("read badge: %w", err)
	}
	if len(live) > 0 {
		f.Badge = &live[0]
	}
	pictures, err := collect(ctx, q, `select failed_tries, set_at, locked_at, last_used_at from student_pictures
		where student_id = $1`, st.ID,
		func(row pgx.Row) (p schoolreset.LivePictures, err error) {
			var tries int
			var locked, used *time.Time
			err = row.Scan(&tries, &p.SetAt, &locked, &used)
			p.Locked, p.LockedAt, p.LastUsedAt = pictureState(tries) == badges.PicturesLocked, deref(locked), deref(used)
			return p, err
		})
	if err != nil {
		return schoolreset.Facts{}, fmt.Errorf("read pictures: %w", err)
	}
	if len(pictures) > 0 {
		f.Pictures = &pictures[0]
	}
	return f, nil
}

// recoveryKey is the SQL form of the recovery counters' key of a username (package
// selfservice's usernameKey: NFKC, trimmed, lower case).
func recoveryKey(expr string) string { return `lower(btrim(normalize(` + expr + `, NFKC)))` }

// UnlockRecovery deletes the recovery attempt counters of a username (a missing row is a
// fresh state) and returns them as they were.
func (r *SchoolReset) UnlockRecovery(ctx context.Context, username string) (policy.RecoveryState, error) {
	var st policy.RecoveryState
	var lockedUntil *time.Time
	err := r.q(ctx).QueryRow(ctx, `delete from recovery_attempts where username_key = `+recoveryKey("$1::text")+`
		returning consecutive_failures, locked_until, disabled`, username).Scan(&st.ConsecutiveFailures, &lockedUntil, &st.Disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		return policy.RecoveryState{}, nil
	}
	if err != nil {
		return policy.RecoveryState{}, fmt.Errorf("unlock recovery: %w", err)
	}
	st.LockedUntil = deref(lockedUntil)
	return st, nil
}

// ClearSignInFailures deletes a throttle key's counter and returns it as it was.
func (r *SchoolReset) ClearSignInFailures(ctx context.Context, key string) (accounts.SignInCounter, error) {
	var c accounts.SignInCounter
	err := r.q(ctx).QueryRow(ctx, `delete from sign_in_attempts where attempt_key = $1
		returning failures, last_failure_at`, key).Scan(&c.Failures, &c.LastFailure)
	if errors.Is(err, pgx.ErrNoRows) {
		return accounts.SignInCounter{}, nil
	}
	if err != nil {
		return accounts.SignInCounter{}, fmt.Errorf("clear sign-in failures: %w", err)
	}
	return c, nil
}

// ReplaceAccessCodes ends the student's unused codes at at and stores a new one.
func (r *SchoolReset) ReplaceAccessCodes(ctx context.Context, studentID, hash string, at, expires time.Time) error {
	q := r.q(ctx)
	if _, err := q.Exec(ctx, `update parent_access_codes set expires_at = $2
		where student_id = $1 and used_at is null and expires_at > $2`, studentID, at); err != nil {
		return fmt.Errorf("end access codes: %w", err)
	}
	if _, err := q.Exec(ctx, `insert into parent_access_codes (student_id, code_hash, expires_at, created_at)
		values ($1, $2, $3, $4)`, studentID, hash, expires, at); err != nil {
		return fmt.Errorf("save access code: %w", err)
	}
	return nil
}
