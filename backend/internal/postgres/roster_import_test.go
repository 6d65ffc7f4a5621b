package postgres_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/demo"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// rosterFiles is a small district as a OneRoster set: two schools, a district admin, a
// school admin, two teachers, three students, a guardian (linked from both sides), two
// classes. The tests change one thing in it.
func rosterFiles() map[string]string {
	return map[string]string{
		"manifest.csv": "propertyName,value\noneroster.version,1.1\nfile.orgs,bulk\nfile.academicSessions,bulk\n" +
			"file.classes,bulk\nfile.users,bulk\nfile.enrollments,bulk\nfile.demographics,absent\n",
		"orgs.csv": "sourcedId,name,type,identifier,parentSourcedId\n" +
			"d1,Lakeside,district,317,\n" +
			"s1,North School,school,31A001,d1\n" +
			"s2,South School,school,31A002,d1\n",
		"academicSessions.csv": "sourcedId,title,type,startDate,endDate,schoolYear\ny1,2026-2027,schoolYear,2026-09-01,2027-06-30,2027\n",
		"classes.csv": "sourcedId,title,courseSourcedId,classCode,classType,schoolSourcedId,termSourcedIds\n" +
			"c1,Grade 5 Homeroom,k1,501,homeroom,s1,y1\n" +
			"c2,Grade 9 Homeroom,k2,901,homeroom,s2,y1\n",
		"users.csv": "sourcedId,enabledUser,orgSourcedIds,role,username,givenName,familyName,identifier,email,agentSourcedIds,grades\n" +
			"a1,true,d1,administrator,helen,Helen,Park,,hpark@lakeside.example,,\n" +
			"a2,true,s1,administrator,marcus,Marcus,Whitfield,,mwhitfield@lakeside.example,,\n" +
			"t1,true,s1,teacher,grace,Grace,Ivanova,,givanova@lakeside.example,,\n" +
			"t2,true,s2,teacher,omar,Omar,Haddad,,ohaddad@lakeside.example,,\n" +
			"u1,true,s1,student,leoc5001,Leo,Chen,100000001,leo@students.lakeside.example,g1,05\n" +
			"u2,true,s1,student,mayag5002,Maya,Gutierrez,100000002,,,05\n" +
			"u3,true,s2,student,samr9003,Sam,Reyes,100000003,sam@students.lakeside.example,,09\n" +
			"g1,true,d1,guardian,rchen,Rosa,Chen,,rosa@family.example,u1,\n",
		"enrollments.csv": "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\n" +
			"e1,c1,s1,t1,teacher\ne2,c1,s1,u1,student\ne3,c1,s1,u2,student\n" +
			"e4,c2,s2,t2,teacher\ne5,c2,s2,u3,student\n",
	}
}

// rosterSet checks files (the test fails on any error) and returns the set.
func rosterSet(t *testing.T, files map[string]string) *roster.Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, rep := roster.Check(fsys)
	if !rep.OK() {
		t.Fatalf("set: %v", rep.Errors)
	}
	return set
}

// edit returns files with one replacement in one file (which must change it).
func edit(t *testing.T, files map[string]string, file, old, new string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	if !strings.Contains(out[file], old) {
		t.Fatalf("%s has no %q", file, old)
	}
	out[file] = strings.Replace(out[file], old, new, 1)
	return out
}

// planCounts is a plan as file → [added, changed, retired, unchanged].
func planCounts(p roster.Plan) map[string][4]int {
	out := map[string][4]int{}
	for _, f := range p.Files {
		out[f.File] = [4]int{f.Added, f.Changed, f.Retired, f.Unchanged}
	}
	return out
}

type rosterEnv struct {
	pool     *pgxpool.Pool
	db       *postgres.DB
	importer *postgres.RosterImport
	district string
}

func newRosterEnv(t *testing.T) *rosterEnv {
	t.Helper()
	pool := testdb.New(t)
	sealer, err := accounts.NewSealer(map[string][]byte{"k1": make([]byte, 32)}, "k1")
	if err != nil {
		t.Fatal(err)
	}
	db := &postgres.DB{Pool: pool}
	env := &rosterEnv{pool: pool, db: db, importer: &postgres.RosterImport{DB: db, Sealer: sealer,
		Now: func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }}}
	if err := pool.QueryRow(context.Background(), `insert into districts (psu_code, name) values ('317', 'Lakeside')
		returning id`).Scan(&env.district); err != nil {
		t.Fatal(err)
	}
	return env
}

// apply plans then applies files, checking that the plan is what the apply did.
func (e *rosterEnv) apply(t *testing.T, files map[string]string) map[string][4]int {
	t.Helper()
	ctx := context.Background()
	set := rosterSet(t, files)
	plan, err := e.importer.Plan(ctx, e.district, set)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	done, err := e.importer.Apply(ctx, e.district, set)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if diff := cmp.Diff(planCounts(plan), planCounts(done)); diff != "" {
		t.Errorf("the plan is not what Apply did (-plan +apply):\n%s", diff)
	}
	return planCounts(done)
}

func (e *rosterEnv) value(t *testing.T, sql string, args ...any) any {
	t.Helper()
	var v any
	if err := e.pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// rowVersions is every imported table's rows and their xmin: a row a statement updated
// has a new xmin.
func (e *rosterEnv) rowVersions(t *testing.T) string {
	t.Helper()
	var s string
	err := e.pool.QueryRow(context.Background(), `select concat_ws('|',
		(select string_agg(id::text || xmin::text, ',' order by id) from schools),
		(select string_agg(id::text || xmin::text, ',' order by id) from students),
		(select string_agg(id::text || xmin::text, ',' order by id) from staff),
		(select string_agg(id::text || xmin::text, ',' order by id) from classes),
		(select string_agg(id::text || xmin::text, ',' order by id) from guardians),
		(select string_agg(class_id::text || student_id::text || xmin::text, ',' order by 1) from class_enrollments),
		(select string_agg(class_id::text || staff_id::text || xmin::text, ',' order by 1) from class_teachers),
		(select string_agg(guardian_id::text || student_id::text || xmin::text, ',' order by 1) from guardian_links))`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRosterImportFirstThenSameAgain(t *testing.T) {
	e := newRosterEnv(t)
	got := e.apply(t, rosterFiles())
	want := map[string][4]int{
		"orgs.csv": {2, 0, 0, 0}, "classes.csv": {2, 0, 0, 0},
		"users.csv": {8, 0, 0, 0}, "enrollments.csv": {5, 0, 0, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first import (-want +got):\n%s", diff)
	}
	// New students have a sealed default password, no hash, an estimated birth date (grade 5
	// in the school year 2026-27: 1 September 2015), and the roster's email or none.
	if n := e.value(t, `select count(*) from students where default_password_sealed is not null and password_hash is null
		and sourced_id is not null`); n != int64(3) {
		t.Errorf("students with a sealed default: %v, want 3", n)
	}
	if d := e.value(t, `select date_of_birth::text from students where sourced_id = 'u1'`); d != "2015-09-01" {
		t.Errorf("u1 date of birth %v, want the estimate 2015-09-01", d)
	}
	if m := e.value(t, `select email from students where sourced_id = 'u2'`); m != "" {
		t.Errorf("u2 email %q, want none", m)
	}
	if n := e.value(t, `select count(*) from audit_events where action = 'roster_imported'`); n != int64(1) {
		t.Errorf("import audit events: %v, want 1", n)
	}

	before := e.rowVersions(t)
	again := e.apply(t, rosterFiles())
	want = map[string][4]int{
		"orgs.csv": {0, 0, 0, 2}, "classes.csv": {0, 0, 0, 2},
		"users.csv": {0, 0, 0, 8}, "enrollments.csv": {0, 0, 0, 5},
	}
	if diff := cmp.Diff(want, again); diff != "" {
		t.Errorf("same set again (-want +got):\n%s", diff)
	}
	if after := e.rowVersions(t); after != before {
		t.Error("re-importing the same set updated rows")
	}
}

func TestRosterImportStaffRolesAndClasses(t *testing.T) {
	e := newRosterEnv(t)
	e.apply(t, rosterFiles())
	rows, err := e.pool.Query(context.Background(), `select s.email, s.role, coalesce(sc.campus_code, ''),
			coalesce((select string_agg(c.class_number, ',' order by c.class_number) from class_teachers t
				join classes c on c.id = t.class_id where t.staff_id = s.id), ''), s.password_hash
		from staff s left join schools sc on sc.id = s.school_id order by s.email`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var email, role, campus, classes, hash string
		if err := rows.Scan(&email, &role, &campus, &classes, &hash); err != nil {
			t.Fatal(err)
		}
		if hash != accounts.NoPassword {
			t.Errorf("%s has a password hash: new staff have no usable password", email)
		}
		got = append(got, strings.Join([]string{email, role, campus, classes}, " "))
	}
	want := []string{
		"givanova@lakeside.example teacher 31A001 501",
		"hpark@lakeside.example district_admin  ",
		"mwhitfield@lakeside.example school_admin 31A001 ",
		"ohaddad@lakeside.example teacher 31A002 901",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("staff (-want +got):\n%s", diff)
	}

	// A new staff member without a password is refused like a wrong password, not a 500.
	svc := &staff.Service{Store: &postgres.Staff{DB: e.db}, Audit: &postgres.AuditLog{DB: e.db},
		Attempts: &postgres.SignInAttempts{DB: e.db}, Hasher: accounts.NewHasher(accounts.TestHashParams(), 0)}
	if _, err := svc.SignIn(context.Background(), "givanova@lakeside.example", ""); !errors.Is(err, accounts.ErrInvalidCredentials) {
		t.Errorf("sign-in of a rostered teacher without a password: %v, want ErrInvalidCredentials", err)
	}

	// The teacher moves to the other class; the class changes school.
	files := edit(t, rosterFiles(), "enrollments.csv", "e1,c1,s1,t1,teacher", "e1,c2,s2,t1,teacher")
	files = edit(t, files, "classes.csv", "c1,Grade 5 Homeroom,k1,501,homeroom,s1,y1", "c1,Grade 5 Homeroom,k1,501,homeroom,s2,y1")
	got2 := e.apply(t, files)
	if got2["classes.csv"] != [4]int{0, 1, 0, 1} || got2["enrollments.csv"] != [4]int{1, 0, 1, 4} {
		t.Errorf("moved teacher: classes %v enrolments %v, want [0 1 0 1] and [1 0 1 4]", got2["classes.csv"], got2["enrollments.csv"])
	}
	if n := e.value(t, `select count(*) from class_teachers t join staff s on s.id = t.staff_id join classes c on c.id = t.class_id
		where s.sourced_id = 't1' and c.sourced_id = 'c2'`); n != int64(1) {
		t.Errorf("t1 teaches c2: %v", n)
	}
}

func TestRosterImportChangesRetiresAndReinstates(t *testing.T) {
	e := newRosterEnv(t)
	ctx := context.Background()
	e.apply(t, rosterFiles())

	// A name, a grade and a school change; a class changes name.
	files := edit(t, rosterFiles(), "users.csv", "u1,true,s1,student,leoc5001,Leo,Chen,100000001,leo@students.lakeside.example,g1,05",
		"u1,true,s1,student,leoc5001,Leon,Chen,100000001,leo@students.lakeside.example,g1,06")
	files = edit(t, files, "users.csv", "u3,true,s2,", "u3,true,s1,")
	files = edit(t, files, "classes.csv", "Grade 9 Homeroom", "Grade 9 Science")
	got := e.apply(t, files)
	if got["users.csv"] != [4]int{0, 2, 0, 6} || got["classes.csv"] != [4]int{0, 1, 0, 1} {
		t.Errorf("changes: users %v classes %v, want [0 2 0 6] and [0 1 0 1]", got["users.csv"], got["classes.csv"])
	}
	if v := e.value(t, `select first_name || ' ' || grade from students where sourced_id = 'u1'`); v != "Leon 6" {
		t.Errorf("u1: %v", v)
	}
	if v := e.value(t, `select sc.campus_code::text from students s join schools sc on sc.id = s.school_id where s.sourced_id = 'u3'`); v != "31A001" {
		t.Errorf("u3 school: %v", v)
	}
	if n := e.value(t, `select count(*) from audit_events where action = 'password_changed'`); n != int64(0) {
		t.Errorf("changes are not password changes: %v password_changed events", n)
	}

	// u2 and t2 leave: retired, not deleted; they cannot sign in; the trail is kept.
	students := &postgres.Students{DB: e.db}
	if _, err := students.StudentByLogin(ctx, "mayag5002"); err != nil {
		t.Fatalf("u2 before: %v", err)
	}
	gone := edit(t, files, "users.csv", "u2,true,s1,student,mayag5002,Maya,Gutierrez,100000002,,,05\n", "")
	gone = edit(t, gone, "users.csv", "t2,true,s2,teacher,omar,Omar,Haddad,,ohaddad@lakeside.example,,\n", "")
	gone = edit(t, gone, "enrollments.csv", "e3,c1,s1,u2,student\n", "")
	gone = edit(t, gone, "enrollments.csv", "e4,c2,s2,t2,teacher\n", "")
	got = e.apply(t, gone)
	if got["users.csv"] != [4]int{0, 0, 2, 6} || got["enrollments.csv"] != [4]int{0, 0, 2, 3} {
		t.Errorf("removals: users %v enrolments %v, want [0 0 2 6] and [0 0 2 3]", got["users.csv"], got["enrollments.csv"])
	}
	if n := e.value(t, `select count(*) from students where sourced_id = 'u2' and retired_at is not null`); n != int64(1) {
		t.Errorf("u2 is not retired: %v", n)
	}
	if _, err := students.StudentByLogin(ctx, "mayag5002"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("retired student signs in: %v", err)
	}
	if _, err := (&postgres.Staff{DB: e.db}).StaffByEmail(ctx, "ohaddad@lakeside.example"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("retired teacher found for sign-in: %v", err)
	}
	if list, err := (&postgres.Staff{DB: e.db}).DistrictStaff(ctx, e.district); err != nil || len(list) != 3 {
		t.Errorf("district staff list: %d, %v; want 3 (the retired teacher left out)", len(list), err)
	}
	if n := e.value(t, `select count(*) from audit_events where action = 'retired' and path = 'roster'`); n != int64(2) {
		t.Errorf("retirement events: %v, want 2", n)
	}
	again := e.apply(t, gone)
	if again["users.csv"] != [4]int{0, 0, 0, 6} {
		t.Errorf("the retired are retired once: %v", again["users.csv"])
	}

	// u2 comes back: reinstated.
	got = e.apply(t, files)
	if got["users.csv"] != [4]int{0, 2, 0, 6} {
		t.Errorf("reappearing: users %v, want [0 2 0 6]", got["users.csv"])
	}
	if _, err := students.StudentByLogin(ctx, "mayag5002"); err != nil {
		t.Errorf("reinstated student: %v", err)
	}
	if n := e.value(t, `select count(*) from audit_events where action = 'reinstated'`); n != int64(2) {
		t.Errorf("reinstatement events: %v, want 2", n)
	}
}

func TestRosterImportMatchesAndSparesHandMadeAccounts(t *testing.T) {
	e := newRosterEnv(t)
	ctx := context.Background()
	// A school, a student and a teacher made by hand (the seed, the test API): matched by
	// campus code, student number and email; another hand-made student is left alone.
	_, err := e.pool.Exec(ctx, `
		with sc as (insert into schools (district_id, campus_code, display_code, name) values ($1, '31A001', 'A001', 'North')
			returning id),
		st as (insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash) select id, '100000001', 'leoc5001', 'leo@students.lakeside.example', 'Leo', 'Chen', 5,
			'2016-02-01', 'x' from sc),
		other as (insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash) select id, '199999999', 'e2e-student', 'e2e@students.lakeside.example', 'E', 'Two', 5,
			'2016-02-01', 'x' from sc)
		insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash)
		select $1, id, 'teacher', 'GIvanova@lakeside.example', 'Grace', 'Ivanova', 'x' from sc`, e.district)
	if err != nil {
		t.Fatal(err)
	}
	got := e.apply(t, rosterFiles())
	want := map[string][4]int{
		"orgs.csv": {1, 1, 0, 0}, "classes.csv": {2, 0, 0, 0},
		"users.csv": {6, 2, 0, 0}, "enrollments.csv": {5, 0, 0, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first import over hand-made rows (-want +got):\n%s", diff)
	}
	if v := e.value(t, `select count(*) from students where student_number = '100000001'`); v != int64(1) {
		t.Errorf("the student was duplicated: %v", v)
	}
	// The hand-made password and date of birth stay; the unknown student stays active, even
	// after a later import.
	if v := e.value(t, `select password_hash || ' ' || date_of_birth::text from students where sourced_id = 'u1'`); v != "x 2016-02-01" {
		t.Errorf("matched student: %v", v)
	}
	e.apply(t, edit(t, edit(t, rosterFiles(), "users.csv", "u3,true,s2,student,samr9003,Sam,Reyes,100000003,sam@students.lakeside.example,,09\n", ""),
		"enrollments.csv", "e5,c2,s2,u3,student\n", ""))
	if v := e.value(t, `select retired_at is null from students where username = 'e2e-student'`); v != true {
		t.Error("an account the roster never brought was retired")
	}
}

func TestRosterImportGuardians(t *testing.T) {
	e := newRosterEnv(t)
	ctx := context.Background()
	// Rosa has a family account already; a link a family made to u3 by hand stays.
	var rosa string
	if err := e.pool.QueryRow(ctx, `insert into guardians (email, name, password_hash) values ('Rosa@Family.example', 'Rosa C', 'x')
		returning id`).Scan(&rosa); err != nil {
		t.Fatal(err)
	}
	files := edit(t, rosterFiles(), "users.csv", "u3,true,s2,student,samr9003,Sam,Reyes,100000003,sam@students.lakeside.example,,09",
		"u3,true,s2,student,samr9003,Sam,Reyes,100000003,sam@students.lakeside.example,g2,09")
	files["users.csv"] += "g2,true,d1,parent,areyes,Ana,Reyes,,ana@family.example,,\n"
	e.apply(t, files)
	links := func() string {
		v := e.value(t, `select string_agg(g.email || '>' || s.sourced_id || ':' || (l.roster_district_id is not null)::text, ' ' order by g.email, s.sourced_id)
			from guardian_links l join guardians g on g.id = l.guardian_id join students s on s.id = l.student_id`)
		if v == nil {
			return ""
		}
		return v.(string)
	}
	if got := links(); got != "Rosa@Family.example>u1:true ana@family.example>u3:true" {
		t.Errorf("links: %q", got)
	}
	if v := e.value(t, `select password_hash from guardians where email = 'ana@family.example'`); v != accounts.NoPassword {
		t.Errorf("a new guardian has a password: %v", v)
	}
	if _, err := e.pool.Exec(ctx, `insert into guardian_links (guardian_id, student_id) select $1, id from students where sourced_id = 'u3'`, rosa); err != nil {
		t.Fatal(err)
	}
	// The roster drops Rosa's link to u1 (and Ana): the roster's links go, the family's stays.
	files = edit(t, rosterFiles(), "users.csv", "leo@students.lakeside.example,g1,05", "leo@students.lakeside.example,,05")
	files = edit(t, files, "users.csv", "rosa@family.example,u1,", "rosa@family.example,,")
	got := e.apply(t, files)
	if got["users.csv"] != [4]int{0, 0, 1, 8} {
		t.Errorf("users %v, want [0 0 1 8] (Ana's roster entry removed)", got["users.csv"])
	}
	if got := links(); got != "Rosa@Family.example>u3:false" {
		t.Errorf("links after: %q", got)
	}
}

func TestRosterImportRefusals(t *testing.T) {
	e := newRosterEnv(t)
	ctx := context.Background()
	e.apply(t, rosterFiles())
	before := e.rowVersions(t)

	// A plan (a dry run) writes nothing, whatever it finds.
	changed := edit(t, rosterFiles(), "users.csv", "u2,true,s1,student,mayag5002,Maya,Gutierrez,100000002,,,05\n", "")
	changed = edit(t, changed, "enrollments.csv", "e3,c1,s1,u2,student\n", "")
	if plan, err := e.importer.Plan(ctx, e.district, rosterSet(t, changed)); err != nil || planCounts(plan)["users.csv"] != [4]int{0, 0, 1, 7} {
		t.Errorf("plan of a removal: %v, %v", planCounts(plan), err)
	}
	if after := e.rowVersions(t); after != before {
		t.Error("a plan changed rows")
	}

	other := rosterSet(t, edit(t, rosterFiles(), "orgs.csv", "d1,Lakeside,district,317,", "d1,Lakeside,district,318,"))
	if _, err := e.importer.Apply(ctx, e.district, other); !errors.Is(err, roster.ErrDistrictMismatch) {
		t.Errorf("another district's set: %v, want ErrDistrictMismatch", err)
	}
	if _, err := e.importer.Plan(ctx, e.district, other); !errors.Is(err, roster.ErrDistrictMismatch) {
		t.Errorf("plan of another district's set: %v, want ErrDistrictMismatch", err)
	}

	// A new student whose username another district's student has: the apply fails at its
	// last statements and nothing of it stays.
	if _, err := e.pool.Exec(ctx, `
		with d as (insert into districts (psu_code, name) values ('900', 'Other') returning id),
		sc as (insert into schools (district_id, campus_code, display_code, name) select id, '90A001', 'A001', 'X' from d returning id)
		insert into students (school_id, student_number, username, email, first_name, last_name, grade, date_of_birth, password_hash)
		select id, '900000001', 'taken', 'taken@other.example', 'T', 'K', 5, '2016-01-01', 'x' from sc`); err != nil {
		t.Fatal(err)
	}
	before = e.rowVersions(t)
	events := e.value(t, `select count(*) from audit_events`)
	files := edit(t, rosterFiles(), "users.csv", "Leo,Chen", "Leon,Chen")
	files["users.csv"] += "u9,true,s1,student,taken,New,Kid,100000009,,,05\n"
	files["enrollments.csv"] += "e9,c1,s1,u9,student\n"
	_, err := e.importer.Apply(ctx, e.district, rosterSet(t, files))
	if !errors.Is(err, roster.ErrConflict) || !strings.Contains(err.Error(), "a student username") {
		t.Errorf("conflicting username: %v, want ErrConflict naming it", err)
	}
	if after := e.rowVersions(t); after != before {
		t.Error("a failed apply changed rows")
	}
	if after := e.value(t, `select count(*) from audit_events`); after != events {
		t.Errorf("a failed apply left audit events: %v, then %v", events, after)
	}
}

// TestRosterImportDemoSetOntoDemoSeed: the demo district's OneRoster set
// (roster/testdata/demo) imported onto the seeded demo district changes nothing: the seed
// stores the set's sourcedIds.
func TestRosterImportDemoSetOntoDemoSeed(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	h := accounts.NewHasher(accounts.TestHashParams(), 0)
	sealer, err := accounts.NewSealer(map[string][]byte{"demo-1": make([]byte, 32)}, "demo-1")
	if err != nil {
		t.Fatal(err)
	}
	// The seed of `portal seed-demo` and of the demo set (roster's demoDistrict).
	if _, err := postgres.SeedDemo(ctx, pool, demo.Build(rand.New(rand.NewPCG(2026, 11))), h, sealer); err != nil {
		t.Fatal(err)
	}
	db := &postgres.DB{Pool: pool}
	e := &rosterEnv{pool: pool, db: db, importer: &postgres.RosterImport{DB: db, Sealer: sealer}}
	if err := pool.QueryRow(ctx, `select id from districts`).Scan(&e.district); err != nil {
		t.Fatal(err)
	}
	set, rep := roster.Check(os.DirFS(filepath.Join("..", "roster", "testdata", "demo")))
	if !rep.OK() {
		t.Fatalf("demo set: %v", rep.Errors)
	}
	before := e.rowVersions(t)
	plan, err := e.importer.Apply(ctx, e.district, set)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range plan.Files {
		if f.Added+f.Changed+f.Retired != 0 || f.Unchanged == 0 {
			t.Errorf("%s: %+v, want every row unchanged", f.File, f)
		}
	}
	if after := e.rowVersions(t); after != before {
		t.Error("importing the demo set onto the demo seed updated rows")
	}
}
