package postgres_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// rosterBenchStudents is the size of the benchmark's one school: PORTAL_BENCH_ROSTER,
// 100,000 by default (the target's size).
func rosterBenchStudents(b *testing.B) int {
	n := 100000
	if v := os.Getenv("PORTAL_BENCH_ROSTER"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("PORTAL_BENCH_ROSTER=%q: want a positive number", v)
		}
	}
	return n
}

// BenchmarkRosterExport reads one school of rosterBenchStudents students (the query alone),
// then exports it as CSV and as XLSX, as the server does (query, stream, audit), to the last byte, one at a time. It
// reports the time of an export (targets: CSV ≤ 1 s, XLSX ≤ 2 s) and the process's peak Go
// heap and peak RSS while exporting (target ≤ 150 MB), sampled every 5 ms; it checks that
// the file holds every student, and fails when the peak RSS passes the target.
func BenchmarkRosterExport(b *testing.B) {
	pool := testdb.New(b)
	ctx := context.Background()
	n := rosterBenchStudents(b)
	var district, school string
	if err := pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('502', 'Roster') returning id`).Scan(&district); err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `insert into schools (district_id, campus_code, display_code, name)
		values ($1, 'R00001', 'R001', 'Roster High') returning id`, district).Scan(&school); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `insert into students (school_id, student_number, username, email, first_name,
			last_name, grade, date_of_birth, password_hash, password_changed_at, pin_hash)
		select $1, lpad(i::text, 9, '0'), 'kid' || i, 'kid' || i || '@students.bench.example',
			($3::text[])[1 + i % cardinality($3::text[])], ($4::text[])[1 + (i / 7) % cardinality($4::text[])],
			i % 14 - 1, '2012-01-01', 'x', now() - i * interval '1 minute', case when i % 3 = 0 then 'x' end
		from generate_series(1, $2::int) i`, school, n, benchFirst, benchLast); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `vacuum analyze students`); err != nil {
		b.Fatal(err)
	}
	admin := accounts.Staff{DistrictID: district, SchoolID: school, Role: policy.RoleSchoolAdmin, Email: "office@bench.example"}
	if err := pool.QueryRow(ctx, `insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
		values ($1, $2, 'school_admin', $3, 'B', 'S', 'x') returning id`, district, school, admin.Email).Scan(&admin.ID); err != nil {
		b.Fatal(err)
	}
	db := &postgres.DB{Pool: pool}
	rosters := &reports.Rosters{Store: &postgres.Rosters{DB: db}, Exports: &reports.Exports{Recorder: &postgres.AuditLog{DB: db}}}
	sc, err := rosters.School(ctx, admin, school)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("query", func(b *testing.B) {
		var took time.Duration
		for b.Loop() {
			start, rows := time.Now(), 0
			if err := rosters.Each(ctx, admin, sc, func(reports.RosterRow) error { rows++; return nil }); err != nil || rows != n {
				b.Fatalf("read %d rows of %d: %v", rows, n, err)
			}
			took += time.Since(start)
		}
		b.ReportMetric(took.Seconds()/float64(b.N), "s/read")
	})
	for _, format := range []reports.Format{reports.CSV, reports.XLSX} {
		export := rosters.ExportCSV
		if format == reports.XLSX {
			export = rosters.ExportXLSX
		}
		b.Run(string(format), func(b *testing.B) {
			last := benchExportFile(b, "roster", format, func(w io.Writer) error { return export(ctx, admin, sc, w) })
			if rows := countRows(b, format, last); rows != n+2 {
				b.Fatalf("%s holds %d rows, want %d students, the marker and the header", format, rows, n)
			}
		})
	}
	var audited int
	if err := pool.QueryRow(ctx, `select count(*) from audit_events where action = 'roster_exported' and outcome = $1`,
		string(audit.Succeeded)).Scan(&audited); err != nil || audited == 0 {
		b.Fatalf("exports audited: %d, %v", audited, err)
	}
}

// benchExportFile measures export, run once per b.Loop into a file named name.format of
// b.TempDir (on disk, as a server's goes to a socket: never held in memory), truncated before
// each run. It reports the time of an export (s/export), the peak Go heap and resident set
// while exporting (peak-heap-MB, peak-rss-MB, see watchMemory) and the file's size (file-MB),
// fails the benchmark when the peak RSS passes the 150 MB target, and returns the last file.
func benchExportFile(b *testing.B, name string, format reports.Format, export func(io.Writer) error) []byte {
	b.Helper()
	out, err := os.Create(filepath.Join(b.TempDir(), name+"."+string(format)))
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	var took time.Duration
	peak := watchMemory()
	for b.Loop() {
		if err := out.Truncate(0); err != nil {
			b.Fatal(err)
		}
		if _, err := out.Seek(0, io.SeekStart); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := export(out); err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
	}
	heap, rss := peak()
	last, err := os.ReadFile(out.Name())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(took.Seconds()/float64(b.N), "s/export")
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MB")
	b.ReportMetric(float64(len(last))/(1<<20), "file-MB")
	if rss > 150<<20 {
		b.Errorf("peak RSS %d MB during the %s export, target 150 MB", rss>>20, format)
	}
	return last
}

// watchMemory samples the Go heap and the process's resident set every 5 ms until the
// returned function is called, which returns their peaks. The file being written counts:
// a real server writes to the socket instead.
func watchMemory() func() (heap, rss uint64) {
	runtime.GC()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var heap, rss uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			heap = max(heap, sample[0].Value.Uint64())
			rss = max(rss, residentSet())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(stop)
		wg.Wait()
		return heap, rss
	}
}

// residentSet reads the process's resident set (VmRSS) from /proc, 0 where there is none.
func residentSet() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// countRows counts the rows of an exported file.
func countRows(b *testing.B, format reports.Format, file []byte) int {
	if format == reports.CSV {
		return bytes.Count(file, []byte("\n"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	count := 0
	for rows.Next() {
		count++
	}
	return count
}
