package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Family implements family.Store: guardians, their emailed links, links to students,
// access codes and attempt counters, in transactions of one DB.
type Family struct {
	*DB
	*Students
}

// NewFamily returns the family-portal store on db.
func NewFamily(db *DB) *Family { return &Family{DB: db, Students: &Students{DB: db}} }

var _ family.Store = (*Family)(nil)

const guardianColumns = `id, email, name, locale, password_hash, email_verified_at, token_version,
	verification_sent_at`

func scanGuardian(row pgx.Row) (family.Guardian, error) {
	var g family.Guardian
	var verified, sent *time.Time
	err := row.Scan(&g.ID, &g.Email, &g.Name, &g.Locale, &g.PasswordHash, &verified, &g.TokenVersion, &sent)
	if errors.Is(err, pgx.ErrNoRows) {
		return family.Guardian{}, accounts.ErrNotFound
	}
	if err != nil {
		return family.Guardian{}, fmt.Errorf("scan guardian: %w", err)
	}
	g.EmailVerifiedAt, g.VerificationSentAt = deref(verified), deref(sent)
	return g, nil
}

// CreateGuardian stores a new guardian, or returns family.ErrEmailTaken without aborting
// the transaction.
func (f *Family) CreateGuardian(ctx context.Context, g family.Guardian) (string, error) {
	var id string
	err := f.q(ctx).QueryRow(ctx, `insert into guardians (email, name, locale, password_hash)
		values ($1, $2, $3, $4) on conflict ((lower(email))) do nothing returning id`,
		g.Email, g.Name, g.Locale, g.PasswordHash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", family.ErrEmailTaken
	}
	if err != nil {
		return "", fmt.Errorf("create guardian: %w", err)
	}
	return id, nil
}

// GuardianByEmail finds a guardian by email, case-insensitively.
func (f *Family) GuardianByEmail(ctx context.Context, email string) (family.Guardian, error) {
	return scanGuardian(f.q(ctx).QueryRow(ctx, `select `+guardianColumns+` from guardians
		where lower(email) = lower($1)`, email))
}

// GuardianByID finds a guardian by id.
func (f *Family) GuardianByID(ctx context.Context, id string) (family.Guardian, error) {
	if !isUUID(id) {
		return family.Guardian{}, accounts.ErrNotFound
	}
	return scanGuardian(f.q(ctx).QueryRow(ctx, `select `+guardianColumns+` from guardians where id = $1`, id))
}

// LockGuardian reads a guardian and locks the row for the transaction in ctx.
func (f *Family) LockGuardian(ctx context.Context, id string) (family.Guardian, error) {
	tx, err := f.tx(ctx)
	if err != nil {
		return family.Guardian{}, err
	}
	if !isUUID(id) {
		return family.Guardian{}, accounts.ErrNotFound
	}
	return scanGuardian(tx.QueryRow(ctx, `select `+guardianColumns+` from guardians where id = $1 for update`, id))
}

// SetGuardianPassword stores a new hash, ends every session of the guardian and clears the
// sign-in throttle's counter.
func (f *Family) SetGuardianPassword(ctx context.Context, id, hash string) (int, error) {
	return tokenVersion(f.q(ctx).QueryRow(ctx, `with cleared as (delete from sign_in_attempts where attempt_key = $3)
		update guardians set password_hash = $2, token_version = token_version + 1
		where id = $1 returning token_version`, id, hash, accounts.SignInKey("guardian", id)), "guardians")
}

// ReplaceGuardianPasswordHash swaps a guardian's password hash for a new hash of the same
// password, unless the hash changed since it was read.
func (f *Family) ReplaceGuardianPasswordHash(ctx context.Context, id, oldHash, newHash string) error {
	return replacePasswordHash(ctx, f.q(ctx), "guardians", id, oldHash, newHash)
}

// MarkEmailVerified records that the guardian proved to read the address.
func (f *Family) MarkEmailVerified(ctx context.Context, id string, at time.Time) error {
	return f.execOne(ctx, "mark email verified",
		`update guardians set email_verified_at = coalesce(email_verified_at, $2) where id = $1`, id, at)
}

// SetVerificationSentAt records when the guardian was last sent a verification email.
func (f *Family) SetVerificationSentAt(ctx context.Context, id string, at time.Time) error {
	return f.execOne(ctx, "set verification time", `update guardians set verification_sent_at = $2 where id = $1`, id, at)
}

// SetGuardianLocale sets the language of the guardian's emails.
func (f *Family) SetGuardianLocale(ctx context.Context, id, locale string) error {
	return f.execOne(ctx, "set guardian locale", `update guardians set locale = $2 where id = $1`, id, locale)
}

// execOne runs an update of one row by id; no row is accounts.ErrNotFound.
func (f *Family) execOne(ctx context.Context, what, sql string, args ...any) error {
	if id, ok := args[0].(string); ok && !isUUID(id) {
		return accounts.ErrNotFound
	}
	tag, err := f.q(ctx).Exec(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return accounts.ErrNotFound
	}
	return nil
}

// SaveLinkToken stores a new link's digest and retires the guardian's earlier unused links
// of the same purpose.
func (f *Family) SaveLinkToken(ctx context.Context, digest []byte, guardianID, purpose string, expires time.Time) error {
	return guardianLinks.save(ctx, f.q(ctx), digest, guardianID, purpose, expires)
}

// LinkTokenGuardian returns the guardian of a live link.
func (f *Family) LinkTokenGuardian(ctx context.Context, digest []byte, purpose string, now time.Time) (string, error) {
	return guardianLinks.ownerOf(ctx, f.q(ctx), digest, purpose, now)
}

// UseLinkToken spends a live link; of two concurrent uses exactly one succeeds.
func (f *Family) UseLinkToken(ctx context.Context, digest []byte, purpose string, now time.Time) (string, error) {
	return guardianLinks.use(ctx, f.q(ctx), digest, purpose, now)
}

// RecentLinkTokens counts the links of a purpose sent to a guardian since a moment.
func (f *Family) RecentLinkTokens(ctx context.Context, guardianID, purpose string, since time.Time) (int, error) {
	return guardianLinks.recent(ctx, f.q(ctx), guardianID, purpose, since)
}

// StudentByNumber finds a student by student ID.
func (f *Family) StudentByNumber(ctx context.Context, number string) (accounts.Student, error) {
	return scanStudent(f.q(ctx).QueryRow(ctx, `select`+studentColumns+studentFrom+`
		where s.student_number = $1`, number))
}

// RecentAccessCodes returns every live access code of a student (unused, unexpired), newest
// first, then its ten newest used or expired ones.
func (f *Family) RecentAccessCodes(ctx context.Context, studentID string) ([]family.AccessCode, error) {
	rows, err := f.q(ctx).Query(ctx, `select id, code_hash, expires_at, used_at from (
			(select id, code_hash, expires_at, used_at, true as live, created_at from parent_access_codes
				where student_id = $1 and used_at is null and expires_at > now())
			union all
			(select id, code_hash, expires_at, used_at, false, created_at from parent_access_codes
				where student_id = $1 and (used_at is not null or expires_at <= now())
				order by created_at desc limit 10)
		) codes order by live desc, created_at desc`, studentID)
	if err != nil {
		return nil, fmt.Errorf("read access codes: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (family.AccessCode, error) {
		var c family.AccessCode
		var used *time.Time
		err := row.Scan(&c.ID, &c.Hash, &c.ExpiresAt, &used)
		c.UsedAt = deref(used)
		return c, err
	})
}

// SaveAccessCode stores a new access code for a student.
func (f *Family) SaveAccessCode(ctx context.Context, studentID, hash string, at, expires time.Time) error {
	if _, err := f.q(ctx).Exec(ctx, `insert into parent_access_codes (student_id, code_hash, expires_at, created_at)
		values ($1, $2, $3, $4)`, studentID, hash, expires, at); err != nil {
		return fmt.Errorf("save access code: %w", err)
	}
	return nil
}

// UseAccessCode marks a code used; false when another guardian used it first.
func (f *Family) UseAccessCode(ctx context.Context, codeID, guardianID string, at time.Time) (bool, error) {
	tag, err := f.q(ctx).Exec(ctx, `update parent_access_codes set used_at = $2, used_by = $3
		where id = $1 and used_at is null`, codeID, at, guardianID)
	if err != nil {
		return false, fmt.Errorf("use access code: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// LockLinkAttempts reads a failed-attempt counter (zero when none) and locks it until the
// transaction ends; a missing counter is created so the lock has a row to hold.
func (f *Family) LockLinkAttempts(ctx context.Context, key string) (policy.LinkAttempts, error) {
	tx, err := f.tx(ctx)
	if err != nil {
		return policy.LinkAttempts{}, err
	}
	if _, err := tx.Exec(ctx, `insert into link_attempts (attempt_key, failures, window_start)
		values ($1, 0, now()) on conflict do nothing`, key); err != nil {
		return policy.LinkAttempts{}, fmt.Errorf("create link attempts: %w", err)
	}
	var a policy.LinkAttempts
	err = tx.QueryRow(ctx, `select failures, window_start from link_attempts where attempt_key = $1 for update`,
		key).Scan(&a.Failures, &a.WindowStart)
	if err != nil {
		return policy.LinkAttempts{}, fmt.Errorf("lock link attempts: %w", err)
	}
	return a, nil
}

// SaveLinkAttempts stores a counter.
func (f *Family) SaveLinkAttempts(ctx context.Context, key string, a policy.LinkAttempts) error {
	_, err := f.q(ctx).Exec(ctx, `update link_attempts set failures = $2, window_start = $3 where attempt_key = $1`,
		key, a.Failures, a.WindowStart)
	if err != nil {
		return fmt.Errorf("save link attempts: %w", err)
	}
	return nil
}

// GuardianLink reads the link between a guardian and a student.
func (f *Family) GuardianLink(ctx context.Context, guardianID, studentID string) (policy.GuardianLink, error) {
	if !isUUID(guardianID) || !isUUID(studentID) {
		return policy.GuardianLink{}, nil
	}
	var l policy.GuardianLink
	// A retired student is no longer the family's to reset: not linked.
	err := f.q(ctx).QueryRow(ctx, `select l.keep_after_adult from guardian_links l join students s on s.id = l.student_id
		where l.guardian_id = $1 and l.student_id = $2 and s.retired_at is null`, guardianID, studentID).Scan(&l.KeepAfterAdult)
	if errors.Is(err, pgx.ErrNoRows) {
		return policy.GuardianLink{}, nil
	}
	if err != nil {
		return policy.GuardianLink{}, fmt.Errorf("read guardian link: %w", err)
	}
	l.Linked = true
	return l, nil
}

// LinkedChildren lists the students linked to a guardian.
func (f *Family) LinkedChildren(ctx context.Context, guardianID string) ([]family.LinkedChild, error) {
	rows, err := f.q(ctx).Query(ctx, `select`+studentColumns+`, l.keep_after_adult`+studentFrom+`
		join guardian_links l on l.student_id = s.id where l.guardian_id = $1 and s.retired_at is null
		order by s.first_name, s.id`, guardianID)
	if err != nil {
		return nil, fmt.Errorf("read linked children: %w", err)
	}
	defer rows.Close()
	var out []family.LinkedChild
	for rows.Next() {
		var keep bool
		st, err := scanStudent(keepScanner{rows, &keep})
		if err != nil {
			return nil, err
		}
		out = append(out, family.LinkedChild{Student: st, KeepAfterAdult: keep})
	}
	return out, rows.Err()
}

// keepScanner appends one more destination to a row scan, for queries that select a
// student and one column more.
type keepScanner struct {
	rows  pgx.Rows
	extra *bool
}

func (k keepScanner) Scan(dest ...any) error { return k.rows.Scan(append(dest, k.extra)...) }

// CreateLink links a guardian to a student.
func (f *Family) CreateLink(ctx context.Context, guardianID, studentID string, at time.Time) error {
	tag, err := f.q(ctx).Exec(ctx, `insert into guardian_links (guardian_id, student_id, created_at)
		values ($1, $2, $3) on conflict do nothing`, guardianID, studentID, at)
	if err != nil {
		return fmt.Errorf("create link: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return family.ErrAlreadyLinked
	}
	return nil
}

// DeleteLink removes a link.
func (f *Family) DeleteLink(ctx context.Context, guardianID, studentID string) (bool, error) {
	if !isUUID(guardianID) || !isUUID(studentID) {
		return false, nil
	}
	tag, err := f.q(ctx).Exec(ctx, `delete from guardian_links where guardian_id = $1 and student_id = $2`,
		guardianID, studentID)
	if err != nil {
		return false, fmt.Errorf("delete link: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// GuardiansOf lists every guardian linked to a student.
func (f *Family) GuardiansOf(ctx context.Context, studentID string) ([]family.Guardian, error) {
	out, err := collect(ctx, f.q(ctx), `select `+guardianColumns+` from guardians
		where id in (select guardian_id from guardian_links where student_id = $1) order by created_at`, studentID, scanGuardian)
	if err != nil {
		return nil, fmt.Errorf("read guardians of student: %w", err)
	}
	return out, nil
}

// GuardianResetTimes lists the successful guardian resets of a student since a moment,
// from the audit trail (the partial index audit_events_guardian_resets serves it).
func (f *Family) GuardianResetTimes(ctx context.Context, studentID string, since time.Time) ([]time.Time, error) {
	rows, err := f.q(ctx).Query(ctx, `select occurred_at from audit_events
		where subject_kind = 'student' and subject_id = $1 and occurred_at > $2
			and path = 'guardian' and action = 'password_changed' and outcome = 'succeeded'
		order by occurred_at`, studentID, since)
	if err != nil {
		return nil, fmt.Errorf("read guardian resets: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[time.Time])
}

// PurgeFamilyData deletes link-attempt counters whose window started before attemptsBefore
// and emailed links that expired before linksBefore.
func (f *Family) PurgeFamilyData(ctx context.Context, attemptsBefore, linksBefore time.Time) (int64, error) {
	a, err := f.q(ctx).Exec(ctx, `delete from link_attempts where window_start < $1`, attemptsBefore)
	if err != nil {
		return 0, fmt.Errorf("purge link attempts: %w", err)
	}
	l, err := guardianLinks.purge(ctx, f.q(ctx), linksBefore)
	if err != nil {
		return 0, err
	}
	return a.RowsAffected() + l, nil
}

// Housekeeping is the clean-up job's store: the forgot-password counters, the sign-in
// throttle's counters, the family portal's counters and links, revoked sessions, and the
// staff's emailed links and passkey challenges.
type Housekeeping struct {
	*Recovery
	*SignInAttempts
	*Family
	*Sessions
	Staff  *Staff
	Jobs   *BulkJobs
	Badges *Badges
	Regen  *Regen
	Roster *RosterImports
}

// PurgeRosterDrafts wipes the zips of expired roster drafts and deletes old ones.
func (h Housekeeping) PurgeRosterDrafts(ctx context.Context, now, before time.Time) (int64, error) {
	return h.Roster.PurgeRosterDrafts(ctx, now, before)
}

// PurgeRegenDrafts deletes regeneration drafts created before before.
func (h Housekeeping) PurgeRegenDrafts(ctx context.Context, before time.Time) (int64, error) {
	return h.Regen.PurgeRegenDrafts(ctx, before)
}

// PurgeBadgeAttempts deletes badge sign-in counters whose window started before before.
func (h Housekeeping) PurgeBadgeAttempts(ctx context.Context, before time.Time) (int64, error) {
	return h.Badges.PurgeBadgeAttempts(ctx, before)
}

// PurgeStaffData deletes expired staff links and passkey challenges.
func (h Housekeeping) PurgeStaffData(ctx context.Context, linksBefore, challengesBefore time.Time) (int64, error) {
	return h.Staff.PurgeStaffData(ctx, linksBefore, challengesBefore)
}

// PurgeBulkJobs deletes grade and school jobs that finished before before.
func (h Housekeeping) PurgeBulkJobs(ctx context.Context, before time.Time) (int64, error) {
	return h.Jobs.PurgeBulkJobs(ctx, before)
}

// NewHousekeeping returns the clean-up store on db.
func NewHousekeeping(db *DB) Housekeeping {
	return Housekeeping{
		Recovery: &Recovery{DB: db}, SignInAttempts: &SignInAttempts{DB: db}, Family: NewFamily(db),
		Sessions: &Sessions{DB: db}, Staff: &Staff{DB: db}, Jobs: &BulkJobs{DB: db},
		Badges: &Badges{DB: db}, Regen: &Regen{DB: db}, Roster: &RosterImports{DB: db},
	}
}
