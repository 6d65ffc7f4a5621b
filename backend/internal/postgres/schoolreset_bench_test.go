package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// benchStudents is the size of the synthetic district: PORTAL_BENCH_STUDENTS, 1,000,000 in
// `make bench`; 20,000 by default, so a plain -bench run stays short.
func benchStudents(b *testing.B) int {
	n := 20000
	if v := os.Getenv("PORTAL_BENCH_STUDENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1000 {
			b.Fatalf("PORTAL_BENCH_STUDENTS=%q: want a number of at least 1000", v)
		}
	}
	return n
}

// Names of the synthetic district, accents included, so folded keys repeat as real ones do.
var (
	benchFirst = []string{"Sofía", "Mateo", "Valentina", "Liam", "Isabella", "Noah", "Camila", "Ethan", "Zoë", "Lucas",
		"Maya", "Daniel", "Inés", "Omar", "Aaliyah", "Jayden", "Chloé", "Santiago", "Amara", "Elijah", "Mía", "Andrés",
		"Harper", "Julián", "Nia", "Benjamín", "Aiden", "Ximena", "Kai", "Renée", "Mariana", "Marcus", "Lucía", "Malik"}
	benchLast = []string{"García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
		"Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales", "Ortiz", "Gutiérrez",
		"Chávez", "Ramos", "Ruiz", "Álvarez", "Mendoza", "Castillo", "Jiménez", "Vásquez", "Romero", "Herrera",
		"Medina", "Aguilar", "Vargas", "Castro", "Guzmán", "Fernández", "Peña", "Smith", "Johnson", "Williams",
		"Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
		"Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Nguyễn", "O’Brien"}
)

// benchDistrict loads a district of n students in 500-student schools, and one teacher with
// five classes of 30 of one school's students.
func benchDistrict(b *testing.B, pool *pgxpool.Pool, n int) (admin, teacher accounts.Staff, teacherStudents []string) {
	ctx := context.Background()
	var district, school string
	if err := pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('501', 'Bench') returning id`).Scan(&district); err != nil {
		b.Fatal(err)
	}
	schools := (n + 499) / 500
	if _, err := pool.Exec(ctx, `insert into schools (district_id, campus_code, display_code, name)
		select $1, 'B' || lpad(i::text, 5, '0'), lpad(i::text, 5, '0'), 'School ' || i from generate_series(1, $2::int) i`,
		district, schools); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	const batch = 100000
	for from := 1; from <= n; from += batch {
		to := min(from+batch-1, n)
		if _, err := pool.Exec(ctx, `insert into students (school_id, student_number, username, email, first_name,
				last_name, grade, date_of_birth, password_hash)
			select sc.id, lpad(i::text, 9, '0'), u.name || i, u.name || i || '@students.bench.example',
				f.name, l.name, i % 13, '2012-01-01', 'x'
			from generate_series($1::int, $2::int) i
			join lateral (select $3::text[] as first, $4::text[] as last) arr on true
			join lateral (select arr.first[1 + i % cardinality(arr.first)] as name) f on true
			join lateral (select arr.last[1 + (i / 7) % cardinality(arr.last)] as name) l on true
			join lateral (select portal_fold(f.name) || substr(portal_fold(l.name), 1, 1) as name) u on true
			join schools sc on sc.campus_code = 'B' || lpad((1 + (i - 1) / 500)::text, 5, '0')`,
			from, to, benchFirst, benchLast); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `vacuum analyze`); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d students in %d schools in %v", n, schools, time.Since(start).Round(time.Second))
	if err := pool.QueryRow(ctx, `select id from schools where campus_code = 'B00001'`).Scan(&school); err != nil {
		b.Fatal(err)
	}
	admin = accounts.Staff{DistrictID: district, Role: policy.RoleDistrictAdmin}
	teacher = accounts.Staff{DistrictID: district, SchoolID: school, Role: policy.RoleTeacher}
	for _, m := range []*accounts.Staff{&admin, &teacher} {
		var s any
		if m.SchoolID != "" {
			s = m.SchoolID
		}
		if err := pool.QueryRow(ctx, `insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
			values ($1, $2, $3, $4, 'B', 'S', 'x') returning id`, district, s, string(m.Role), string(m.Role)+"@bench.example").Scan(&m.ID); err != nil {
			b.Fatal(err)
		}
	}
	rows, err := pool.Query(ctx, `with c as (insert into classes (school_id, class_number)
			select $1, 'C' || k from generate_series(1, 5) k returning id, class_number),
		t as (insert into class_teachers select id, $2 from c),
		e as (insert into class_enrollments select c.id, s.id from c
			join lateral (select id from students where school_id = $1 order by student_number
				offset (substr(c.class_number, 2)::int - 1) * 30 limit 30) s on true returning student_id)
		select student_id::text from e`, school, teacher.ID)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		teacherStudents = append(teacherStudents, id)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return admin, teacher, teacherStudents
}

// BenchmarkStaffSearch measures staff search over a synthetic district (1,000,000 students
// in `make bench`): ID, username-prefix and name-prefix searches of a district admin and of
// a teacher, as the server runs them (query and scan, one at a time). It reports the p50 and
// p99 per search (target p99 ≤ 10 ms) and fails when a plan scans the students table.
func BenchmarkStaffSearch(b *testing.B) {
	pool := testdb.New(b)
	n := benchStudents(b)
	admin, teacher, mine := benchDistrict(b, pool, n)
	store := postgres.NewSchoolReset(&postgres.DB{Pool: pool})
	ctx := context.Background()
	var mineRows [][3]string
	rows, err := pool.Query(ctx, `select student_number, username, first_name || ' ' || last_name from students
		where id = any($1::uuid[])`, mine)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var r [3]string
		if err := rows.Scan(&r[0], &r[1], &r[2]); err != nil {
			b.Fatal(err)
		}
		mineRows = append(mineRows, r)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	queries := map[string]func(m accounts.Staff) string{
		"id": func(m accounts.Staff) string {
			if m.Role == policy.RoleTeacher {
				return mineRows[rng.IntN(len(mineRows))][0]
			}
			return fmt.Sprintf("%09d", 1+rng.IntN(n))
		},
		"username": func(m accounts.Staff) string {
			if m.Role == policy.RoleTeacher {
				u := mineRows[rng.IntN(len(mineRows))][1]
				return u[:min(len(u), 3+rng.IntN(4))]
			}
			u := policy.SearchKey(benchFirst[rng.IntN(len(benchFirst))]) + "g" + strconv.Itoa(rng.IntN(n))
			return u[:min(len(u), 4+rng.IntN(5))]
		},
		"name": func(accounts.Staff) string {
			first, last := benchFirst[rng.IntN(len(benchFirst))], benchLast[rng.IntN(len(benchLast))]
			switch rng.IntN(4) {
			case 0:
				return strings.ToLower(first[:2])
			case 1:
				return last[:min(len(last), 4)]
			case 2:
				return first + " " + last[:2]
			default:
				return last + ", " + first[:2]
			}
		},
	}
	for _, m := range []accounts.Staff{admin, teacher} {
		for _, kind := range []string{"id", "username", "name"} {
			b.Run(string(m.Role)+"/"+kind, func(b *testing.B) {
				assertIndexed(b, pool, m, queries[kind](m))
				var took []time.Duration
				for b.Loop() {
					q, err := schoolreset.ParseQuery(queries[kind](m))
					if err != nil {
						b.Fatal(err)
					}
					start := time.Now()
					if _, err := store.Search(ctx, m, q, schoolreset.MaxResults+1); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}

// assertIndexed fails when the plan of a search reads the students table from end to end.
func assertIndexed(b *testing.B, pool *pgxpool.Pool, m accounts.Staff, query string) {
	b.Helper()
	q, err := schoolreset.ParseQuery(query)
	if err != nil {
		b.Fatal(err)
	}
	sql, args, err := postgres.SearchSQL(m, q, schoolreset.MaxResults+1)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := pool.Query(context.Background(), `explain `+sql, args...)
	if err != nil {
		b.Fatal(err)
	}
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			b.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if strings.Contains(plan.String(), "Seq Scan on students") {
		b.Errorf("%s searching %q scans the students table:\n%s", m.Role, query, plan.String())
	}
}
