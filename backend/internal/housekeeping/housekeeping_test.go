package housekeeping_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/housekeeping"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// runCleanup runs the clean-up job once, at now.
func runCleanup(t *testing.T, db *postgres.DB, now time.Time) {
	t.Helper()
	w := &housekeeping.CleanupWorker{Store: postgres.NewHousekeeping(db), Now: func() time.Time { return now }}
	if err := w.Work(context.Background(), nil); err != nil {
		t.Fatalf("clean-up: %v", err)
	}
}

// column reads the one text column query selects, row by row.
func column(t *testing.T, pool *pgxpool.Pool, query string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return kept
}

// TestCleanupPurgesExpiredRevocations runs the clean-up job on revoked sessions around
// their expiry: a revocation goes only once its token has expired (with a few minutes'
// margin for instances whose clocks lag), since until then it is what refuses the token.
func TestCleanupPurgesExpiredRevocations(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	revocations := []struct {
		id      string
		expires time.Time
	}{
		{"expired-an-hour-ago", now.Add(-time.Hour)},
		{"expired-ten-minutes-ago", now.Add(-10 * time.Minute)},
		{"expired-a-minute-ago", now.Add(-time.Minute)},
		{"expires-in-a-minute", now.Add(time.Minute)},
		{"expires-in-an-hour", now.Add(time.Hour)},
	}
	sessions := &postgres.Sessions{DB: db}
	for _, r := range revocations {
		if err := sessions.RevokeSession(ctx, r.id, r.expires); err != nil {
			t.Fatal(err)
		}
	}
	runCleanup(t, db, now)
	kept := column(t, pool, `select session_id from revoked_sessions order by expires_at`)
	want := []string{"expired-a-minute-ago", "expires-in-a-minute", "expires-in-an-hour"}
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("kept revocations (-want +got):\n%s", diff)
	}
}

// TestCleanupPurgesStaffLinksAndChallenges keeps a staff link for a day past its expiry
// (the hourly link limit counts only the last hour's) and a passkey challenge until it
// expires.
func TestCleanupPurgesStaffLinksAndChallenges(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var staffA, staffB string
	err := pool.QueryRow(ctx, `with d as (insert into districts (psu_code, name) values ('904', 'Clean') returning id),
		a as (insert into staff (district_id, role, email, first_name, last_name, password_hash)
			select id, 'district_admin', 'a@clean.example', 'A', 'A', 'x' from d returning id),
		b as (insert into staff (district_id, role, email, first_name, last_name, password_hash)
			select id, 'district_admin', 'b@clean.example', 'B', 'B', 'x' from d returning id)
		select a.id, b.id from a, b`).Scan(&staffA, &staffB)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]time.Time{
		"expired-two-days-ago": now.Add(-48 * time.Hour),
		"expired-an-hour-ago":  now.Add(-time.Hour),
		"live":                 now.Add(10 * time.Minute),
	}
	for name, expires := range links {
		if _, err := pool.Exec(ctx, `insert into staff_link_tokens (token_digest, staff_id, expires_at) values ($1, $2, $3)`,
			[]byte(name), staffA, expires); err != nil {
			t.Fatal(err)
		}
	}
	for staffID, expires := range map[string]time.Time{staffA: now.Add(-time.Minute), staffB: now.Add(time.Minute)} {
		if _, err := pool.Exec(ctx, `insert into staff_webauthn_sessions (staff_id, ceremony, data, expires_at)
			values ($1, 'assert', '{}', $2)`, staffID, expires); err != nil {
			t.Fatal(err)
		}
	}
	runCleanup(t, db, now)
	var keptLinks []string
	var keptChallenges int
	if err := pool.QueryRow(ctx, `select array(select convert_from(token_digest, 'UTF8') from staff_link_tokens order by expires_at),
		(select count(*) from staff_webauthn_sessions where staff_id = $1)`, staffB).Scan(&keptLinks, &keptChallenges); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"expired-an-hour-ago", "live"}, keptLinks); diff != "" {
		t.Errorf("kept staff links (-want +got):\n%s", diff)
	}
	var challenges int
	if err := pool.QueryRow(ctx, `select count(*) from staff_webauthn_sessions`).Scan(&challenges); err != nil {
		t.Fatal(err)
	}
	if challenges != 1 || keptChallenges != 1 {
		t.Errorf("kept %d challenges (%d of the live one), want only the live one", challenges, keptChallenges)
	}
}

// TestCleanupPurgesOldBulkJobs deletes a grade or school job a week after it finished, with
// its selection and the sealed result nobody took; a newer or unfinished job stays.
func TestCleanupPurgesOldBulkJobs(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	var district, school, staff, student string
	for _, q := range []struct {
		sql  string
		args []any
		dest *string
	}{
		{`insert into districts (psu_code, name) values ('301', 'D') returning id`, nil, &district},
		{`insert into schools (district_id, campus_code, display_code, name) values ($1, '30A001', 'A', 'S') returning id`, []any{&district}, &school},
		{`insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
			values ($1, $2, 'school_admin', 'a@x.example', 'A', 'B', 'x') returning id`, []any{&district, &school}, &staff},
		{`insert into students (school_id, student_number, username, email, first_name, last_name, grade, date_of_birth, password_hash)
			values ($1, '300000001', 'u1', 'u1@x.example', 'F', 'L', 5, '2015-01-01', 'x') returning id`, []any{&school}, &student},
	} {
		args := make([]any, len(q.args))
		for i, a := range q.args {
			args[i] = *(a.(*string))
		}
		if err := pool.QueryRow(ctx, q.sql, args...).Scan(q.dest); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	job := func(state string, finished *time.Time) string {
		var id string
		if err := pool.QueryRow(ctx, `insert into bulk_jobs (district_id, school_id, requested_by, kind, mode, state, total, done, finished_at)
			values ($1, $2, $3, 'reset', 'generated', $4, 1, case when $4 = 'running' then 0 else 1 end, $5) returning id`,
			district, school, staff, state, finished).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `insert into bulk_job_students (job_id, student_id, done_at, password_sealed, password_key_id)
			values ($1, $2, $3, '\x01', 'k')`, id, student, finished); err != nil {
			t.Fatal(err)
		}
		return id
	}
	old, recent := now.Add(-8*24*time.Hour), now.Add(-6*24*time.Hour)
	job("done", &old)
	keepRecent := job("done", &recent)
	keepRunning := job("running", nil)

	runCleanup(t, db, now)
	kept := column(t, pool, `select j.id::text from bulk_jobs j join bulk_job_students b on b.job_id = j.id order by j.created_at, j.id`)
	if n := len(kept); n != 2 || !(kept[0] == keepRecent || kept[1] == keepRecent) || !(kept[0] == keepRunning || kept[1] == keepRunning) {
		t.Errorf("kept jobs: got %v, want the recent %s and the running %s", kept, keepRecent, keepRunning)
	}
	var selections int
	if err := pool.QueryRow(ctx, `select count(*) from bulk_job_students`).Scan(&selections); err != nil || selections != 2 {
		t.Errorf("selection rows: got %d (%v), want 2", selections, err)
	}
}

// TestCleanupPurgesBadgeTries: a badge sign-in counter goes an hour after its window
// began (a window lasts a minute); a current one stays, so the clean-up never reopens a
// throttled address early.
func TestCleanupPurgesBadgeTries(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	badges := &postgres.Badges{DB: db}
	for key, at := range map[string]time.Time{"badge-ip:old": now.Add(-2 * time.Hour), "badge-ip:now": now.Add(-30 * time.Second)} {
		if ok, _, err := badges.ClaimTry(ctx, key, at, 30, time.Minute); err != nil || !ok {
			t.Fatalf("claim %s: %v %v", key, ok, err)
		}
	}
	runCleanup(t, db, now)
	kept := column(t, pool, `select attempt_key from badge_attempts order by attempt_key`)
	if diff := cmp.Diff([]string{"badge-ip:now"}, kept); diff != "" {
		t.Errorf("kept counters (-want +got):\n%s", diff)
	}
}
