package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/roster"
)

// RosterImport implements roster.Importer. A set is copied into temporary tables (COPY),
// its rows are matched to the district's by sourcedId, or once by natural key, and the
// district is made to match with a few set-wise statements, in one transaction: a plan is
// the same work rolled back before the writes.
type RosterImport struct {
	DB     *DB
	Sealer *accounts.Sealer
	// Random draws new students' default passwords (crypto/rand when nil).
	Random io.Reader
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Trace, when set, is told how long each step took (the benchmark prints it).
	Trace func(step string, took time.Duration)
}

var _ roster.Importer = (*RosterImport)(nil)

// errPlanOnly ends a plan's transaction: a plan changes nothing.
var errPlanOnly = errors.New("plan only")

// Plan says what Apply would do.
func (ri *RosterImport) Plan(ctx context.Context, districtID string, set *roster.Set) (roster.Plan, error) {
	var plan roster.Plan
	err := ri.DB.InTx(ctx, func(ctx context.Context) error {
		tx, err := ri.DB.tx(ctx)
		if err != nil {
			return err
		}
		imp := &rosterRun{tx: tx, district: districtID, set: set, trace: ri.Trace}
		if err := imp.load(ctx); err != nil {
			return err
		}
		if plan, err = imp.count(ctx); err != nil {
			return err
		}
		return errPlanOnly
	})
	if errors.Is(err, errPlanOnly) {
		return plan, nil
	}
	return roster.Plan{}, err
}

// Apply makes the district match set, in one transaction, and returns what it did.
func (ri *RosterImport) Apply(ctx context.Context, districtID string, set *roster.Set) (roster.Plan, error) {
	var plan roster.Plan
	err := ri.DB.InTx(ctx, func(ctx context.Context) error {
		tx, err := ri.DB.tx(ctx)
		if err != nil {
			return err
		}
		imp := &rosterRun{tx: tx, district: districtID, set: set, at: ri.now(), actor: roster.ActorFrom(ctx), trace: ri.Trace}
		if err := imp.load(ctx); err != nil {
			return err
		}
		if err := imp.newIDs(ctx, ri.Sealer, ri.random()); err != nil {
			return err
		}
		if plan, err = imp.count(ctx); err != nil {
			return err
		}
		return imp.merge(ctx, plan)
	})
	if err != nil {
		return roster.Plan{}, rosterConflict(err)
	}
	return plan, nil
}

func (ri *RosterImport) now() time.Time {
	if ri.Now != nil {
		return ri.Now()
	}
	return time.Now()
}

func (ri *RosterImport) random() io.Reader {
	if ri.Random != nil {
		return ri.Random
	}
	return rand.Reader
}

// rosterConflict words a unique violation of an import: the set brings a username, an
// email, a student number or a campus code another account or school outside the roster's
// rows already has (another district's, or one made by hand under another natural key).
func rosterConflict(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "23505" {
		return err
	}
	what := map[string]string{
		"students_username_key":              "a student username",
		"students_email_key":                 "a student email",
		"students_student_number_key":        "a student number",
		"staff_email_key":                    "a staff email",
		"schools_campus_code_key":            "a campus code",
		"classes_school_id_class_number_key": "a class code of a school",
	}[pgErr.ConstraintName]
	if what == "" {
		what = "a unique value"
	}
	return fmt.Errorf("%w: %s of the set already belongs to an account or school the roster does not know (%s)",
		roster.ErrConflict, what, pgErr.Detail)
}

// rosterRun is one plan or apply of a set to a district, in tx.
type rosterRun struct {
	tx       pgx.Tx
	district string
	set      *roster.Set
	at       time.Time
	actor    roster.Actor
	trace    func(string, time.Duration)
}

// timed tells the trace how long a step took since start.
func (r *rosterRun) timed(step string, start time.Time) {
	if r.trace != nil {
		r.trace(step, time.Since(start))
	}
}

// tempTables are the set as the import reads it. i is the row's index in the set's slice
// (users: Set.Users), so enrolments and agents join by integer; id is the matched or new
// row's id, matched marks a row matched by natural key (it gets its sourcedId), fresh a new
// one.
const tempTables = `
create temp table r_schools (i int primary key, sid text not null, campus text not null, name text not null,
	id uuid, matched boolean not null default false, fresh boolean not null default false) on commit drop;
create temp table r_students (i int primary key, sid text not null, number text not null, username text not null,
	email text not null, first text not null, last text not null, grade smallint not null, school_sid text not null,
	birth date, id uuid, matched boolean not null default false, fresh boolean not null default false) on commit drop;
create temp table r_staff (i int primary key, sid text not null, email text not null, first text not null, last text not null,
	role text not null, school_sid text, id uuid, matched boolean not null default false, fresh boolean not null default false) on commit drop;
create temp table r_guardians (i int primary key, sid text not null, email text not null, name text not null,
	id uuid, mapped boolean not null default false) on commit drop;
create temp table r_classes (i int primary key, sid text not null, number text not null, name text not null,
	school_sid text not null, id uuid, matched boolean not null default false, fresh boolean not null default false) on commit drop;
create temp table r_enrol (class_i int not null, user_i int not null, teacher boolean not null) on commit drop;
create temp table r_agents (user_i int not null, agent_sid text not null) on commit drop`

// load locks the district, checks the set is its, copies the set into the temporary tables
// and matches its rows to the district's.
func (r *rosterRun) load(ctx context.Context) error {
	if !isUUID(r.district) {
		return fmt.Errorf("roster import: %w", accounts.ErrNotFound)
	}
	// "No key update" serialises two imports of a district, and leaves alone the key-share
	// locks that inserts of rows referring to the district take meanwhile.
	var psu string
	err := r.tx.QueryRow(ctx, `select psu_code from districts where id = $1 for no key update`, r.district).Scan(&psu)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("roster import: %w", accounts.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("roster import: lock district: %w", err)
	}
	if r.set.District < 0 || r.set.Orgs[r.set.District].Identifier != psu {
		got := ""
		if r.set.District >= 0 {
			got = r.set.Orgs[r.set.District].Identifier
		}
		return fmt.Errorf("%w: orgs.csv names district %q, and this district's PSU code is %s", roster.ErrDistrictMismatch, got, psu)
	}
	// The comparisons hash hundreds of thousands of rows: in memory, not on disk.
	if _, err := r.tx.Exec(ctx, `set local work_mem = '128MB'`); err != nil {
		return fmt.Errorf("roster import: work_mem: %w", err)
	}
	if _, err := r.tx.Exec(ctx, tempTables); err != nil {
		return fmt.Errorf("roster import: temporary tables: %w", err)
	}
	start := time.Now()
	if err := r.copySet(ctx); err != nil {
		return err
	}
	r.timed("copy", start)
	return r.exec(ctx, "match", rosterMatch...)
}

// exec runs statements of the import with the district as $1.
func (r *rosterRun) exec(ctx context.Context, step string, statements ...string) error {
	for _, sql := range statements {
		start := time.Now()
		if _, err := r.tx.Exec(ctx, sql, []any{r.district}[:maxArg(sql)]...); err != nil {
			return fmt.Errorf("roster import: %s: %w", step, err)
		}
		r.timed(step+": "+firstLine(sql), start)
	}
	return nil
}

// rosterMatch finds the district's rows of the set: by sourcedId, then rows without one by
// natural key. Temporary tables are never analysed by autovacuum, hence the ANALYZEs.
var rosterMatch = []string{
	`analyze r_schools, r_students, r_staff, r_guardians, r_classes, r_enrol, r_agents`,
	`update r_schools r set id = s.id from schools s where s.district_id = $1 and s.sourced_id = r.sid`,
	`update r_schools r set id = s.id, matched = true from schools s
		where r.id is null and s.district_id = $1 and s.sourced_id is null and upper(s.campus_code) = upper(r.campus)`,
	`update r_students r set id = s.id from students s where s.roster_district_id = $1 and s.sourced_id = r.sid`,
	`update r_students r set id = s.id, matched = true from students s join schools sc on sc.id = s.school_id
		where r.id is null and s.sourced_id is null and sc.district_id = $1 and s.student_number = r.number`,
	`update r_staff r set id = s.id from staff s where s.district_id = $1 and s.sourced_id = r.sid`,
	`update r_staff r set id = s.id, matched = true from staff s
		where r.id is null and s.district_id = $1 and s.sourced_id is null and lower(s.email) = lower(r.email)`,
	`update r_classes r set id = c.id from classes c where c.roster_district_id = $1 and c.sourced_id = r.sid`,
	`update r_classes r set id = c.id, matched = true from classes c join r_schools sch on sch.id = c.school_id
		where r.id is null and c.sourced_id is null and sch.sid = r.school_sid and c.class_number = r.number`,
	`update r_guardians r set id = g.guardian_id, mapped = true from roster_guardians g
		where g.district_id = $1 and g.sourced_id = r.sid`,
	`create index on r_students (id)`,
	`create index on r_staff (id)`,
	`create index on r_classes (id)`,
	`create index on r_guardians (sid)`,
	`analyze r_schools, r_students, r_staff, r_guardians, r_classes`,
}

// firstLine is a statement's first line, to name it in a trace.
func firstLine(sql string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(sql), "\n")
	return line
}
