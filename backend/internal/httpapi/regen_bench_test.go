package httpapi_test

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// benchRegenStudents is the target: 100,000 students regenerated with also-reset in
// at most 5 s from confirm to the last commit. PORTAL_BENCH_REGEN_STUDENTS sets another
// size for a quicker run.
const benchRegenStudents = 100_000

// benchRegenReaders is how many other users keep asking the API for their pages meanwhile,
// each once every benchRegenReadEvery (about 160 requests a second in all: a busy school
// morning, not a load test that would leave the regeneration no core of its own).
const (
	benchRegenReaders   = 4
	benchRegenReadEvery = 25 * time.Millisecond
)

// BenchmarkRegeneration measures a district regeneration with also-reset and force change
// through the HTTP API: confirm to the last chunk's commit (finished_at − confirmed_at, as
// ms/regen), with every confirmation email job queued in the chunks (one per student and
// one per linked guardian, every tenth student having one), while signed-in students keep
// reading their account page (p95-ms, the p95 of those requests meanwhile); ms/dry-run is
// the dry run that stores the selection, before the confirm. The students are written with
// SQL, in a school of their own. Two runs over the same students:
//   - queued: the bulk mail queue is paused for the run (as when the SMTP relay is slow
//     to take mail), so the figure is the regeneration's own work;
//   - delivering: the same emails of the run before and this run's are delivered at full
//     speed meanwhile (16 workers, ~2,000 a second to the in-process catcher), on the same
//     two cores and the same database, as a busy morning would have it.
func BenchmarkRegeneration(b *testing.B) {
	n := benchRegenStudents
	if v := os.Getenv("PORTAL_BENCH_REGEN_STUDENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("PORTAL_BENCH_REGEN_STUDENTS %q: want a whole number of students", v)
		}
	}
	h := apitest.New(b, apitest.WithPoolSize(16))
	ctx := context.Background()
	readers := make([]*apitest.Client, benchRegenReaders)
	for i := range readers {
		st := h.Student(apitest.StudentOpts{})
		readers[i] = h.Client()
		readers[i].SignIn(st.Username, st.Password)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`with sc as (insert into schools (district_id, campus_code, display_code, name)
				select district_id, 'BENCH1', 'BN1', 'Bench Academy' from schools where campus_code = '90T001' returning id)
			insert into students (school_id, student_number, username, email, first_name, last_name, grade, date_of_birth,
				password_hash, password_changed_at)
			select sc.id, lpad((500000000 + g)::text, 9, '0'), 'regenbench' || g, 'regenbench' || g || '@students.test.example',
				'Kid' || g, 'Bench' || (g % 97), 1 + g % 12, '2012-05-01', 'x', now()
			from sc, generate_series(1, $1) g`, []any{n}},
		{`with g as (insert into guardians (email, name, locale, password_hash, email_verified_at)
				select 'parent-' || s.username || '@family.test.example', 'Parent ' || s.last_name, 'en', 'x', now()
				from students s where s.username like 'regenbench%' and s.username ~ '0$' returning id, email)
			insert into guardian_links (guardian_id, student_id)
			select g.id, s.id from g join students s on 'parent-' || s.username || '@family.test.example' = g.email`, nil},
	} {
		if _, err := h.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			b.Fatalf("%s: %v", q.sql, err)
		}
	}
	wantEmails := n + h.Count(`select count(*) from guardian_links l join students s on s.id = l.student_id
		where s.username like 'regenbench%'`)
	admin := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
	for _, delivering := range []bool{false, true} {
		name := "queued"
		if delivering {
			name = "delivering"
		}
		b.Run(name, func(b *testing.B) {
			if !delivering {
				if err := h.Portal.River.QueuePause(ctx, mail.QueueMailBulk, nil); err != nil {
					b.Fatal(err)
				}
				defer func() {
					if err := h.Portal.River.QueueResume(ctx, mail.QueueMailBulk, nil); err != nil {
						b.Fatal(err)
					}
				}()
			}
			var regenMS, p95, dryMS []float64
			for b.Loop() {
				dry, regen, p := benchRegenOnce(b, h, admin, readers, n, wantEmails)
				dryMS, regenMS, p95 = append(dryMS, dry), append(regenMS, regen), append(p95, p)
			}
			b.ReportMetric(mean(dryMS), "ms/dry-run")
			b.ReportMetric(mean(regenMS), "ms/regen")
			b.ReportMetric(mean(p95), "p95-ms")
			b.ReportMetric(float64(wantEmails), "emails/regen")
		})
	}
}

// benchRegenOnce previews and runs one regeneration of the bench school and returns the dry
// run's ms, confirm to last commit in ms, and the readers' p95 meanwhile.
func benchRegenOnce(b *testing.B, h *apitest.Harness, admin *apitest.Client, readers []*apitest.Client, n, wantEmails int) (dryMS, regenMS, p95 float64) {
	start := time.Now()
	dry := admin.Do(http.MethodPost, regenDryRunPath, map[string]any{"psuCode": "901", "campusCodes": "BENCH1",
		"alsoReset": true, "forceChange": true})
	id := dry.String("requestId")
	if dry.Status != http.StatusOK || dry.Body["total"] != float64(n) {
		b.Fatalf("dry run: %d %s", dry.Status, dry.Raw)
	}
	dryMS = float64(time.Since(start).Milliseconds())
	stop := make(chan struct{})
	latencies := readLoad(readers, stop)
	if r := admin.Do(http.MethodPost, regenPath(id, "run"), nil); r.Status != http.StatusAccepted {
		b.Fatalf("confirm: %d %s", r.Status, r.Raw)
	}
	for {
		s := admin.Do(http.MethodGet, regenPath(id, ""), nil).String("status")
		if s == "done" {
			break
		}
		if s != "queued" && s != "running" {
			b.Fatalf("request %s: %s", id, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
	close(stop)
	all := latencies()
	regenMS = float64(h.Count(`select (extract(epoch from finished_at - confirmed_at) * 1000)::int
		from regen_requests where id = $1`, id))
	if got := h.Count(`select count(*) from river_job where kind = 'confirmation_email' and args->>'path' = 'district'
		and created_at >= (select confirmed_at from regen_requests where id = $1)`, id); got != wantEmails {
		b.Fatalf("confirmation emails queued: got %d, want %d", got, wantEmails)
	}
	return dryMS, regenMS, percentile(all, 0.95)
}

// readLoad has each reader read its account page again and again until stop closes, and
// returns a function that waits for them and gives every request's latency in ms.
func readLoad(readers []*apitest.Client, stop chan struct{}) func() []float64 {
	var mu sync.Mutex
	var out []float64
	var wg sync.WaitGroup
	for _, c := range readers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(benchRegenReadEvery):
				}
				start := time.Now()
				r := c.Do(http.MethodGet, "/api/v1/me/account", nil)
				ms := float64(time.Since(start).Microseconds()) / 1000
				if r.Status != http.StatusOK {
					continue
				}
				mu.Lock()
				out = append(out, ms)
				mu.Unlock()
			}
		})
	}
	return func() []float64 {
		wg.Wait()
		return out
	}
}

// percentile returns the p-th percentile of xs (0 for none).
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(max(len(xs), 1))
}
