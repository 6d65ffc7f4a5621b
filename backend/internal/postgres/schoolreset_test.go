package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestPortalFoldIsSearchKey holds the SQL fold of the stored search keys (migration 007)
// and policy.SearchKey, which folds what staff type, together.
func TestPortalFoldIsSearchKey(t *testing.T) {
	pool := testdb.New(t)
	for _, s := range []string{
		"Peña", "PEÑA", "Zoe\u0308", "Zoë", "  Inés   María\tPeña ", "O’Brien", "Ødegård", "Straße", "Łukasz Đorđević",
		"ＡＢＣ", "ﬁona", "José@Students.Example", "Ωmega", "Çağrı Şahin", "Nguyễn Thị Minh Khai", "Ærøskøbing",
		"Œuvre", "Þórr", "Dvořák", "Ångström", "ıi", "Mary-Ann D'Souza", "  Given12\tFAMILY 7 ", "Stu0001234@Students.Synthetic.EXAMPLE", "李小龙", "محمد", "", "A\u00a0B", "x\r\ny",
	} {
		var got string
		if err := pool.QueryRow(context.Background(), `select portal_fold($1)`, s).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := policy.SearchKey(s); got != want {
			t.Errorf("portal_fold(%q) = %q, policy.SearchKey = %q", s, got, want)
		}
	}
}

// TestSearchUsesIndexes: with sequential scans priced out, every search kind of every role
// is planned on indexes, never a scan of the students table.
func TestSearchUsesIndexes(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	var district, school, teacher, admin, schoolAdmin string
	err := pool.QueryRow(ctx, `with d as (insert into districts (psu_code, name) values ('301', 'Plan') returning id),
			s as (insert into schools (district_id, campus_code, display_code, name) select id, '30P001', 'P001', 'Plan School' from d returning id, district_id),
			t as (insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
				select district_id, id, 'teacher', 'pt@staff.test.example', 'P', 'T', 'x' from s returning id),
			sa as (insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
				select district_id, id, 'school_admin', 'psa@staff.test.example', 'P', 'S', 'x' from s returning id),
			a as (insert into staff (district_id, role, email, first_name, last_name, password_hash)
				select district_id, 'district_admin', 'pa@staff.test.example', 'P', 'A', 'x' from s returning id)
		select s.district_id, s.id, t.id, a.id, sa.id from s, t, a, sa`).Scan(&district, &school, &teacher, &admin, &schoolAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `insert into students (school_id, student_number, username, email, first_name, last_name,
			grade, date_of_birth, password_hash)
		select $1, lpad(i::text, 9, '0'), 'kid' || i, 'kid' || i || '@students.test.example', 'First' || i, 'Last' || i, 5,
			'2015-01-01', 'x' from generate_series(1, 2000) i`, school); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `analyze students`); err != nil {
		t.Fatal(err)
	}
	staff := []accounts.Staff{
		{ID: admin, DistrictID: district, Role: policy.RoleDistrictAdmin},
		{ID: schoolAdmin, DistrictID: district, SchoolID: school, Role: policy.RoleSchoolAdmin},
		{ID: teacher, DistrictID: district, SchoolID: school, Role: policy.RoleTeacher},
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `set enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	for _, m := range staff {
		for _, q := range []string{"000000123", "00012", "kid12", "kid1@stu", "first12", "last12", "first1 last", "last12, first"} {
			query, err := schoolreset.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			sql, args, err := postgres.SearchSQL(m, query, 26)
			if err != nil {
				t.Fatal(err)
			}
			var plan strings.Builder
			rows, err := conn.Query(ctx, `explain `+sql, args...)
			if err != nil {
				t.Fatalf("%s %q: %v", m.Role, q, err)
			}
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan.WriteString(line + "\n")
			}
			if rows.Err() != nil {
				t.Fatal(rows.Err())
			}
			if strings.Contains(plan.String(), "Seq Scan on students") {
				t.Errorf("%s searching %q scans the students table:\n%s", m.Role, q, plan.String())
			}
		}
	}
}
