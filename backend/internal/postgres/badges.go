package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
)

// Badges stores QR badges (package badges).
type Badges struct{ DB *DB }

var _ badges.Store = (*Badges)(nil)

// InTx runs fn in one transaction.
func (b *Badges) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return b.DB.InTx(ctx, fn)
}

// Replace ends the student's live badge as reissued and stores the new one, in the
// transaction in ctx (the caller holds the student's row lock, so the one-live index is
// never raced).
func (b *Badges) Replace(ctx context.Context, studentID, staffID, code string, digest []byte, at time.Time) (bool, error) {
	tag, err := b.DB.q(ctx).Exec(ctx, `update student_badges set revoked_at = $2, revoke_reason = 'reissued'
		where student_id = $1 and revoked_at is null`, studentID, at)
	if err != nil {
		return false, fmt.Errorf("end badge: %w", err)
	}
	// A printed code another badge already has (1 in 31^8 per badge) is told to the caller,
	// which draws another; any other conflict is an error.
	stored, err := b.DB.q(ctx).Exec(ctx, `insert into student_badges (badge_code, student_id, token_digest, issued_by, issued_at)
		values ($1, $2, $3, $4, $5) on conflict (badge_code) do nothing`, code, studentID, digest, nullString(staffID), at)
	if err != nil {
		return false, fmt.Errorf("store badge: %w", err)
	}
	if stored.RowsAffected() == 0 {
		return tag.RowsAffected() > 0, badges.ErrCodeTaken
	}
	return tag.RowsAffected() > 0, nil
}

// Revoke ends the student's live badge as revoked.
func (b *Badges) Revoke(ctx context.Context, studentID string, at time.Time) (bool, error) {
	tag, err := b.DB.q(ctx).Exec(ctx, `update student_badges set revoked_at = $2, revoke_reason = 'revoked'
		where student_id = $1 and revoked_at is null`, studentID, at)
	if err != nil {
		return false, fmt.Errorf("revoke badge: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// Live reads the live badges of the students.
func (b *Badges) Live(ctx context.Context, studentIDs []string) (map[string]badges.Badge, error) {
	out := map[string]badges.Badge{}
	if len(studentIDs) == 0 {
		return out, nil
	}
	rows, err := b.DB.q(ctx).Query(ctx, `select student_id::text, badge_code, issued_at, last_used_at
		from student_badges where student_id = any($1::uuid[]) and revoked_at is null`, studentIDs)
	if err != nil {
		return nil, fmt.Errorf("read badges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var bd badges.Badge
		var used *time.Time
		if err := rows.Scan(&id, &bd.Code, &bd.IssuedAt, &used); err != nil {
			return nil, fmt.Errorf("read badge: %w", err)
		}
		if used != nil {
			bd.LastUsedAt = *used
		}
		out[id] = bd
	}
	return out, rows.Err()
}

// VoidSchool ends every live badge of the school's students as voided.
func (b *Badges) VoidSchool(ctx context.Context, schoolID string, at time.Time) (int, error) {
	tag, err := b.DB.q(ctx).Exec(ctx, `update student_badges b set revoked_at = $2, revoke_reason = 'voided'
		from students s where s.id = b.student_id and s.school_id = $1 and b.revoked_at is null`, schoolID, at)
	if err != nil {
		return 0, fmt.Errorf("void badges: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// SchoolDisplayCode reads a school's display code.
func (b *Badges) SchoolDisplayCode(ctx context.Context, schoolID string) (string, error) {
	var code string
	if err := b.DB.q(ctx).QueryRow(ctx, `select display_code from schools where id = $1`, schoolID).Scan(&code); err != nil {
		return "", fmt.Errorf("read school display code: %w", err)
	}
	return code, nil
}

// Use records the use of the live badge with digest whose student is in grades -5..maxGrade
// and reads the student, in one statement: a sign-in's lookup is one round trip.
func (b *Badges) Use(ctx context.Context, digest []byte, maxGrade int, at time.Time) (accounts.Student, bool, error) {
	st, err := scanStudent(b.DB.q(ctx).QueryRow(ctx, `with used as (
			update student_badges b set last_used_at = $2
			from students s where b.token_digest = $1 and b.revoked_at is null and s.id = b.student_id
				and s.grade between -5 and $3 and s.retired_at is null
			returning b.student_id)
		select`+studentColumns+studentFrom+`where s.id = (select student_id from used)`, digest, at, maxGrade))
	if errors.Is(err, accounts.ErrNotFound) {
		return accounts.Student{}, false, nil
	}
	if err != nil {
		return accounts.Student{}, false, fmt.Errorf("use badge: %w", err)
	}
	return st, true, nil
}

// ClaimTry counts a try at key in one upsert: a window over since its first try starts
// again at 1; one under limit counts on; a full one is left as it is and refuses. The
// upsert's row lock makes simultaneous tries take turns, so no more than limit pass.
func (b *Badges) ClaimTry(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (bool, time.Time, error) {
	var start time.Time
	err := b.DB.q(ctx).QueryRow(ctx, `insert into badge_attempts as a (attempt_key, tries, window_start)
		values ($1, 1, $2) on conflict (attempt_key) do update
		set tries = case when a.window_start <= $4 then 1 else a.tries + 1 end,
			window_start = case when a.window_start <= $4 then excluded.window_start else a.window_start end
		where a.window_start <= $4 or a.tries < $3
		returning window_start`, key, at, limit, at.Add(-window)).Scan(&start)
	if err == nil {
		return true, start.Add(window), nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return false, time.Time{}, fmt.Errorf("claim badge try: %w", err)
	}
	// Refused: read the window that refused it for the time of the next try. A purge in
	// between leaves none, and the next try may come at once.
	err = b.DB.q(ctx).QueryRow(ctx, `select window_start from badge_attempts where attempt_key = $1`, key).Scan(&start)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, at, nil
	}
	if err != nil {
		return false, time.Time{}, fmt.Errorf("read badge tries: %w", err)
	}
	return false, start.Add(window), nil
}

// PurgeBadgeAttempts deletes try counters whose window ended before before.
func (b *Badges) PurgeBadgeAttempts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := b.DB.q(ctx).Exec(ctx, `delete from badge_attempts where window_start < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge badge tries: %w", err)
	}
	return tag.RowsAffected(), nil
}
