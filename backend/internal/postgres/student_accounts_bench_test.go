package postgres_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// BenchmarkStudentAccountsExport exports the Student Accounts report of one school of
// PORTAL_BENCH_ROSTER students (100,000 by default), as a district checks a regeneration of
// that size: classes of 25 with a teacher each, and every second student still on a sealed
// school default, every fourth using their own password with a district default on file,
// so three quarters of the rows open a sealed password. It reports the time of an export
// as CSV and as XLSX (query, open, stream, audit, to the last byte) and the peak heap and
// resident set while exporting (target ≤ 150 MB, as the roster's), and checks the rows.
func BenchmarkStudentAccountsExport(b *testing.B) {
	pool := testdb.New(b)
	ctx := context.Background()
	n := rosterBenchStudents(b)
	sealer, err := accounts.NewSealer(map[string][]byte{"k1": bytes.Repeat([]byte{9}, 32)}, "k1")
	if err != nil {
		b.Fatal(err)
	}
	var district, school string
	if err := pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('503', 'Accounts') returning id`).Scan(&district); err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `insert into schools (district_id, campus_code, display_code, name)
		values ($1, 'A00001', 'A001', 'Accounts High') returning id`, district).Scan(&school); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `insert into students (school_id, student_number, username, email, first_name,
			last_name, grade, date_of_birth, password_hash)
		select $1, lpad(i::text, 9, '0'), 'kid' || i, 'kid' || i || '@students.bench.example',
			($3::text[])[1 + i % cardinality($3::text[])], ($4::text[])[1 + (i / 7) % cardinality($4::text[])],
			i % 14 - 1, '2012-01-01', 'x'
		from generate_series(1, $2::int) i`, school, n, benchFirst, benchLast); err != nil {
		b.Fatal(err)
	}
	sealAll(b, pool, sealer)
	if _, err := pool.Exec(ctx, `with t as (insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
			select $1, $2, 'teacher', 'teacher' || c || '@bench.example', 'Teacher', 'No. ' || c, 'x'
			from generate_series(0, ($3::int - 1) / 25) c returning id, email),
		c as (insert into classes (school_id, class_number, name)
			select $2, 'C' || lpad(substring(t.email from '[0-9]+'), 5, '0'), '' from t returning id, class_number),
		ct as (insert into class_teachers (class_id, staff_id)
			select c.id, t.id from c join t on 'C' || lpad(substring(t.email from '[0-9]+'), 5, '0') = c.class_number)
		insert into class_enrollments (class_id, student_id)
			select c.id, s.id from students s join c on c.class_number = 'C' || lpad(((s.student_number::int - 1) / 25)::text, 5, '0')
			where s.school_id = $2`, district, school, n); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `vacuum analyze`); err != nil {
		b.Fatal(err)
	}
	admin := accounts.Staff{DistrictID: district, SchoolID: school, Role: policy.RoleSchoolAdmin, Email: "office@bench.example"}
	if err := pool.QueryRow(ctx, `insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
		values ($1, $2, 'school_admin', $3, 'B', 'S', 'x') returning id`, district, school, admin.Email).Scan(&admin.ID); err != nil {
		b.Fatal(err)
	}
	db := &postgres.DB{Pool: pool}
	report := &reports.StudentAccounts{Schools: &postgres.Rosters{DB: db}, Store: &postgres.StudentAccounts{DB: db},
		Sealer: sealer, Exports: &reports.Exports{Recorder: &postgres.AuditLog{DB: db}}}
	sc, err := report.School(ctx, admin, school, reports.CSV)
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []reports.Format{reports.CSV, reports.XLSX} {
		b.Run(string(format), func(b *testing.B) {
			last := benchExportFile(b, "accounts", format, func(w io.Writer) error { return report.Export(ctx, admin, sc, format, w) })
			if rows := countRows(b, format, last); rows != n+2 {
				b.Fatalf("%s holds %d rows, want %d students, the marker and the header", format, rows, n)
			}
			if format == reports.CSV && (!bytes.Contains(last, []byte(reports.StatusDefault)) ||
				!bytes.Contains(last, []byte(reports.StatusDefaultOnFile)) || !bytes.Contains(last, []byte("\nC00000,Teacher No. 0,"))) {
				b.Fatal("the CSV lacks a password status or a class with its teacher")
			}
		})
	}
}

// sealAll gives every second student a sealed school default (no hash) and every fourth a
// district default on file, sealed as the portal seals them, bound to the student's id.
func sealAll(b *testing.B, pool *pgxpool.Pool, sealer *accounts.Sealer) {
	b.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `select id::text, student_number::int from students`)
	if err != nil {
		b.Fatal(err)
	}
	var current, onFile [][]any
	now := time.Now()
	for rows.Next() {
		var id string
		var number int
		if err := rows.Scan(&id, &number); err != nil {
			b.Fatal(err)
		}
		if number%2 == 1 && number%4 != 1 {
			continue
		}
		sealed, keyID, err := sealer.Seal("Bench-Default-"+id[:8], []byte(id))
		if err != nil {
			b.Fatal(err)
		}
		if number%2 == 0 {
			current = append(current, []any{id, sealed, keyID})
		} else {
			onFile = append(onFile, []any{id, sealed, keyID, now})
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `create temp table bench_sealed (id uuid, sealed bytea, key_id text) on commit drop`); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bench_sealed"}, []string{"id", "sealed", "key_id"}, pgx.CopyFromRows(current)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update students s set password_hash = null, default_password_sealed = b.sealed,
			default_password_key_id = b.key_id from bench_sealed b where s.id = b.id`); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"student_defaults"}, []string{"student_id", "sealed", "key_id", "issued_at"},
			pgx.CopyFromRows(onFile))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}
