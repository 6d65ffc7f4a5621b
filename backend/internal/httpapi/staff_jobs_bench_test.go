package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// benchSchoolSize is the school of the target: a reset of 5,000 students in at most
// 15 s, with progress, emails queued in the same transactions.
const benchSchoolSize = 5000

// BenchmarkSchoolReset measures whole school resets of 5,000 students (each with a
// guardian, so 10,000 emails queued in the chunks' transactions) through the HTTP API with
// the production hash and sealing settings: from the start request to the job's "done", as
// the page polling its progress sees it. The students are written with SQL (one hash for
// all), so setting up does not take 5,000 hashes.
func BenchmarkSchoolReset(b *testing.B) {
	params := accounts.ProductionHashParams()
	h := apitest.New(b, apitest.WithConfig(func(c *config.Config) {
		c.HashTime, c.HashMemoryKiB = params.Time, params.MemoryKiB
	}))
	ctx := context.Background()
	seed := h.Student(apitest.StudentOpts{})
	var school string
	if err := h.Pool.QueryRow(ctx, `select school_id from students where id = $1`, seed.ID).Scan(&school); err != nil {
		b.Fatal(err)
	}
	hash, err := h.Portal.Hasher.Hash(ctx, policy.NormalizePassword("Lantern-Moss-47"))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`insert into students (school_id, student_number, username, email, first_name, last_name, grade, date_of_birth,
				password_hash, password_changed_at)
			select $1, lpad((500000000 + g)::text, 9, '0'), 'bench' || g, 'bench' || g || '@students.test.example',
				'Kid' || g, 'Bench' || (g % 97), 1 + g % 12, '2012-05-01', $2, now()
			from generate_series(2, $3) g`, []any{school, hash, benchSchoolSize}},
		{`with g as (insert into guardians (email, name, locale, password_hash, email_verified_at)
				select 'parent-' || s.username || '@family.test.example', 'Parent ' || s.last_name, 'en', 'x', now()
				from students s where s.school_id = $1 returning id, email)
			insert into guardian_links (guardian_id, student_id)
			select g.id, s.id from g join students s on 'parent-' || s.username || '@family.test.example' = g.email`, []any{school}},
	} {
		if _, err := h.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			b.Fatalf("%s: %v", q.sql, err)
		}
	}
	admin := h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin, SchoolID: school})
	c := h.Client()
	c.SignInStaff(admin)
	for b.Loop() {
		r := c.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/reset", map[string]any{"mode": "generated", "mustChange": true})
		if r.Status != http.StatusAccepted || r.Body["total"] != float64(benchSchoolSize) {
			b.Fatalf("start: %d %s", r.Status, r.Raw)
		}
		id := r.String("id")
		for {
			j := c.Do(http.MethodGet, "/api/v1/staff/jobs/"+id, nil)
			if s := j.String("state"); s == "done" {
				break
			} else if s != "queued" && s != "running" {
				b.Fatalf("job: %d %s", j.Status, j.Raw)
			}
			time.Sleep(100 * time.Millisecond)
		}
		// The result, as the page takes it, is part of the round trip.
		if t := c.Do(http.MethodPost, "/api/v1/staff/jobs/"+id+"/result", nil); t.Status != http.StatusOK {
			b.Fatalf("take: %d", t.Status)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/school")
}
