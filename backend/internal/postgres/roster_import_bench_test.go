package postgres_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// Shape of the synthetic district of BenchmarkRosterImport, per 1,000 students: one school,
// 200 classes of 30, 60 teachers (each class has one), each student in 6 classes. At
// 1,000,000 students: 1,000 schools, 200,000 classes, 60,000 teachers, 6,000,000 student
// enrolments (and 200,000 teacher ones).
const (
	benchSchoolStudents = 1000
	benchSchoolClasses  = 200
	benchSchoolTeachers = 60
	benchStudentClasses = 6
)

// rosterImportBenchStudents is the synthetic district's size: PORTAL_BENCH_IMPORT_STUDENTS,
// 1,000,000 by default (the target's size), rounded up to whole schools.
func rosterImportBenchStudents(b *testing.B) int {
	n := 1_000_000
	if v := os.Getenv("PORTAL_BENCH_IMPORT_STUDENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("PORTAL_BENCH_IMPORT_STUDENTS=%q: want a positive number", v)
		}
	}
	return (n + benchSchoolStudents - 1) / benchSchoolStudents * benchSchoolStudents
}

// writeSyntheticRoster writes a OneRoster 1.1 bulk set of a district (PSU 317) of students
// students into dir, streaming each file.
func writeSyntheticRoster(dir string, students int) error {
	schools := students / benchSchoolStudents
	file := func(name, header string, rows func(w *bufio.Writer)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(header + "\n")
		rows(w)
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	steps := []error{
		file("manifest.csv", "propertyName,value", func(w *bufio.Writer) {
			w.WriteString("manifest.version,1.0\noneroster.version,1.1\nfile.orgs,bulk\nfile.academicSessions,bulk\n" +
				"file.classes,bulk\nfile.users,bulk\nfile.enrollments,bulk\nfile.demographics,absent\n")
		}),
		file("orgs.csv", "sourcedId,name,type,identifier,parentSourcedId", func(w *bufio.Writer) {
			w.WriteString("d,Synthetic Unified,district,317,\n")
			for s := range schools {
				fmt.Fprintf(w, "s%d,School %d,school,S%05d,d\n", s, s, s)
			}
		}),
		file("academicSessions.csv", "sourcedId,title,type,startDate,endDate,schoolYear", func(w *bufio.Writer) {
			w.WriteString("y,2026-2027,schoolYear,2026-09-01,2027-06-30,2027\n")
		}),
		file("classes.csv", "sourcedId,title,courseSourcedId,classCode,classType,schoolSourcedId,termSourcedIds", func(w *bufio.Writer) {
			for s := range schools {
				for c := range benchSchoolClasses {
					fmt.Fprintf(w, "c%d-%d,Class %d,k%d,%d,scheduled,s%d,y\n", s, c, c, c, 100+c, s)
				}
			}
		}),
		file("users.csv", "sourcedId,enabledUser,orgSourcedIds,role,username,givenName,familyName,identifier,email,grades", func(w *bufio.Writer) {
			for s := range schools {
				for t := range benchSchoolTeachers {
					fmt.Fprintf(w, "t%d-%d,true,s%d,teacher,t%d.%d,Tess,Teacher%d,,t%d.%d@synthetic.example,\n", s, t, s, s, t, t, s, t)
				}
			}
			for i := range students {
				fmt.Fprintf(w, "u%d,true,s%d,student,stu%07d,Given%d,Family%d,%09d,stu%07d@students.synthetic.example,%02d\n",
					i, i/benchSchoolStudents, i, i%997, i%1009, 100000000+i, i, 1+i%12)
			}
		}),
		file("enrollments.csv", "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role", func(w *bufio.Writer) {
			for s := range schools {
				for c := range benchSchoolClasses {
					fmt.Fprintf(w, "et%d-%d,c%d-%d,s%d,t%d-%d,teacher\n", s, c, s, c, s, s, c%benchSchoolTeachers)
				}
			}
			for i := range students {
				s, local := i/benchSchoolStudents, i%benchSchoolStudents
				for j := range benchStudentClasses {
					c := (local*benchStudentClasses + j) % benchSchoolClasses
					fmt.Fprintf(w, "e%d-%d,c%d-%d,s%d,u%d,student\n", i, j, s, c, s, i)
				}
			}
		}),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkRosterImport imports a synthetic OneRoster set of rosterImportBenchStudents
// students into an empty district, then the same set again. It reports the time of the check
// alone (roster.Check, and its peak Go heap and resident set), of the first import (targets:
// ≤ 120 s at 1,000,000 students) and of the unchanged re-import (≤ 60 s), each with the
// check, and the peak resident set of the process through check and import (≤ 500 MB; the
// database is another process). It fails when a count is wrong.
// PORTAL_BENCH_IMPORT_CHECK_ONLY=1 measures the check alone (no import).
func BenchmarkRosterImport(b *testing.B) {
	n := rosterImportBenchStudents(b)
	dir := b.TempDir()
	start := time.Now()
	if err := writeSyntheticRoster(dir, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d students: set written in %v", n, time.Since(start).Round(time.Millisecond))
	pool := testdb.NewWithConfig(b, explainSlowStatements(b))
	ctx := context.Background()
	var district string
	if err := pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('317', 'Synthetic') returning id`).Scan(&district); err != nil {
		b.Fatal(err)
	}
	sealer, err := accounts.NewSealer(map[string][]byte{"k1": make([]byte, 32)}, "k1")
	if err != nil {
		b.Fatal(err)
	}
	importer := &postgres.RosterImport{DB: &postgres.DB{Pool: pool}, Sealer: sealer}
	if os.Getenv("PORTAL_BENCH_IMPORT_TRACE") != "" {
		importer.Trace = func(step string, took time.Duration) {
			if took > 100*time.Millisecond {
				b.Logf("%8.2fs %s", took.Seconds(), step)
			}
		}
	}
	run := func(what string) (roster.Plan, time.Duration, time.Duration) {
		b.Helper()
		start := time.Now()
		set, rep := roster.Check(os.DirFS(dir))
		if !rep.OK() {
			b.Fatalf("synthetic set: %v", rep.Errors[:min(5, len(rep.Errors))])
		}
		checked := time.Since(start)
		plan, err := importer.Apply(ctx, district, set)
		if err != nil {
			b.Fatalf("%s: %v", what, err)
		}
		return plan, checked, time.Since(start)
	}
	users := n + n/benchSchoolStudents*benchSchoolTeachers
	enrolments := n*benchStudentClasses + n/benchSchoolStudents*benchSchoolClasses

	// As `portal roster import` and the upload page's job run it: under the import's soft
	// memory limit.
	defer roster.LimitMemory()()
	b.ResetTimer()
	for range b.N {
		stopCheck := watchMemory()
		start := time.Now()
		_, rep := roster.Check(os.DirFS(dir))
		checkTime := time.Since(start)
		checkHeap, checkRSS := stopCheck()
		if !rep.OK() {
			b.Fatalf("synthetic set: %v", rep.Errors[:min(5, len(rep.Errors))])
		}

		if os.Getenv("PORTAL_BENCH_IMPORT_CHECK_ONLY") != "" {
			b.Logf("%d students, %d users, %d enrolments: check %v (heap %.0f MB, RSS %.0f MB); import skipped",
				n, users, enrolments, checkTime.Round(time.Millisecond), float64(checkHeap)/(1<<20), float64(checkRSS)/(1<<20))
			b.ReportMetric(checkTime.Seconds(), "check-s")
			b.ReportMetric(float64(checkHeap)/(1<<20), "check-heap-MB")
			b.ReportMetric(float64(checkRSS)/(1<<20), "check-rss-MB")
			continue
		}
		stop := watchMemory()
		first, _, firstTime := run("first import")
		again, _, againTime := run("re-import")
		heap, rss := stop()

		if got := planCounts(first)["users.csv"]; got != [4]int{users, 0, 0, 0} {
			b.Errorf("first import users %v, want %d added", got, users)
		}
		if got := planCounts(first)["enrollments.csv"]; got != [4]int{enrolments, 0, 0, 0} {
			b.Errorf("first import enrolments %v, want %d added", got, enrolments)
		}
		for _, f := range again.Files {
			if f.Added+f.Changed+f.Retired != 0 {
				b.Errorf("re-import %s: %+v, want every row unchanged", f.File, f)
			}
		}
		b.ReportMetric(checkTime.Seconds(), "check-s")
		b.ReportMetric(float64(checkHeap)/(1<<20), "check-heap-MB")
		b.ReportMetric(float64(checkRSS)/(1<<20), "check-rss-MB")
		b.ReportMetric(firstTime.Seconds(), "first-import-s")
		b.ReportMetric(againTime.Seconds(), "reimport-s")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MB")
		b.Logf("%d students, %d users, %d enrolments: check %v (heap %.0f MB, RSS %.0f MB); first import %v "+
			"(target ≤ 120 s at 1,000,000), unchanged re-import %v (≤ 60 s); peak heap %.0f MB, peak RSS %.0f MB (≤ 500 MB)",
			n, users, enrolments, checkTime.Round(time.Millisecond), float64(checkHeap)/(1<<20), float64(checkRSS)/(1<<20),
			firstTime.Round(time.Millisecond), againTime.Round(time.Millisecond), float64(heap)/(1<<20), float64(rss)/(1<<20))
		if b.N > 1 {
			b.Fatal("run with -benchtime 1x: each run needs an empty district")
		}
	}
}

// explainSlowStatements, with PORTAL_BENCH_IMPORT_EXPLAIN=1, has the server explain every
// statement of the import that takes over 2 s (auto_explain: actual rows and times, buffers,
// WAL, triggers and foreign-key checks) and prints the plans: where a step's time goes.
func explainSlowStatements(b *testing.B) func(*pgxpool.Config) {
	if os.Getenv("PORTAL_BENCH_IMPORT_EXPLAIN") == "" {
		return nil
	}
	return func(cfg *pgxpool.Config) {
		cfg.ConnConfig.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { b.Logf("%s", n.Message) }
		cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
			_, err := conn.Exec(ctx, `load 'auto_explain'; set auto_explain.log_min_duration = '2s';
				set auto_explain.log_analyze = on; set auto_explain.log_buffers = on; set auto_explain.log_wal = on;
				set auto_explain.log_triggers = on; set auto_explain.log_nested_statements = on;
				set auto_explain.log_level = notice`)
			return err
		}
	}
}
