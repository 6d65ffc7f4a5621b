package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/roster"
)

// Audit actions of an import.
const (
	actionRosterImported = "roster_imported"
	actionRetired        = "retired"
	actionReinstated     = "reinstated"
	pathRoster           = "roster"
)

// rosterMerge makes the district match the set, after newIDs and count: $1 is the district,
// $2 the time, $3 and $4 the actor's kind and id. Each statement writes only the rows that
// differ (the guards of roster_import_count.go), so an unchanged set writes no row.
var rosterMerge = []struct{ step, sql string }{
	{"schools", `insert into schools (id, district_id, campus_code, display_code, name, sourced_id)
		select r.id, $1, r.campus, substr(r.campus, 3), r.name, r.sid from r_schools r where r.fresh`},
	{"schools", `update schools s set sourced_id = r.sid, name = r.name, campus_code = r.campus
		from r_schools r where s.id = r.id and not r.fresh and ` + schoolDiffers},

	// Staff: the people who reappear are reinstated (and audited), new staff have no usable
	// password (SSO, or "forgot password", gives them one), the others are updated.
	{"staff", `with back as (update staff s set retired_at = null from r_staff r
			where s.id = r.id and s.district_id = $1 and not r.fresh and s.retired_at is not null returning s.id)
		insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id, action, path, outcome)
		select $2, $3, $4, 'staff', id::text, '` + actionReinstated + `', '` + pathRoster + `', 'succeeded' from back`},
	{"staff", `insert into staff (id, district_id, school_id, role, email, first_name, last_name, password_hash, sourced_id)
		select r.id, $1, sch.id, r.role, r.email, r.first, r.last, '', r.sid
		from r_staff r left join r_schools sch on sch.sid = r.school_sid where r.fresh`},
	{"staff", `update staff s set sourced_id = r.sid, email = r.email, first_name = r.first, last_name = r.last,
			role = r.role, school_id = sch.id
		from r_staff r left join r_schools sch on sch.sid = r.school_sid
		where s.id = r.id and not r.fresh and ` + staffDiffers},
	{"staff", `with gone as (update staff s set retired_at = $2, token_version = token_version + 1
			where s.district_id = $1 and s.sourced_id is not null and s.retired_at is null
			and not exists (select 1 from r_staff r where r.id = s.id) returning s.id)
		insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id, action, path, outcome)
		select $2, $3, $4, 'staff', id::text, '` + actionRetired + `', '` + pathRoster + `', 'succeeded' from gone`},

	// Students: the same; a new one has a school-issued default password, sealed for them.
	{"students", `with back as (update students s set retired_at = null from r_students r
			where s.id = r.id and s.roster_district_id = $1 and not r.fresh and s.retired_at is not null returning s.id)
		insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id, action, path, outcome)
		select $2, $3, $4, 'student', id::text, '` + actionReinstated + `', '` + pathRoster + `', 'succeeded' from back`},
	{"students", `insert into students (id, school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, default_password_sealed, default_password_key_id, sourced_id, roster_district_id)
		select r.id, sch.id, r.number, r.username, r.email, r.first, r.last, r.grade, r.birth, n.sealed, n.key_id, r.sid, $1
		from r_students r join r_new n on n.i = r.i join r_schools sch on sch.sid = r.school_sid where r.fresh
		order by r.id`},
	{"students", `update students s set sourced_id = r.sid, roster_district_id = $1, student_number = r.number,
			username = r.username, email = r.email, first_name = r.first, last_name = r.last, grade = r.grade,
			school_id = sch.id, date_of_birth = coalesce(r.birth, s.date_of_birth)
		from r_students r join r_schools sch on sch.sid = r.school_sid
		where s.id = r.id and not r.fresh and ` + studentDiffers},
	{"students", `with gone as (update students s set retired_at = $2, token_version = token_version + 1
			where s.roster_district_id = $1 and s.retired_at is null
			and not exists (select 1 from r_students r where r.id = s.id) returning s.id)
		insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id, action, path, outcome)
		select $2, $3, $4, 'student', id::text, '` + actionRetired + `', '` + pathRoster + `', 'succeeded' from gone`},

	// Classes absent from the set are removed (with their enrolments and teachers): a class
	// holds no account and no audit trail.
	{"classes", `insert into classes (id, school_id, class_number, name, sourced_id, roster_district_id)
		select r.id, sch.id, r.number, r.name, r.sid, $1 from r_classes r join r_schools sch on sch.sid = r.school_sid
		where r.fresh`},
	{"classes", `update classes c set sourced_id = r.sid, roster_district_id = $1, class_number = r.number, name = r.name,
			school_id = sch.id
		from r_classes r join r_schools sch on sch.sid = r.school_sid where c.id = r.id and not r.fresh and ` + classDiffers},
	{"classes", `delete from classes c where c.roster_district_id = $1 and not exists (select 1 from r_classes r where r.id = c.id)`},

	// The set's classes get exactly the set's enrolments and teachers (the differences were
	// computed by count). Enrolments are inserted in key order: new classes' and students'
	// ids increase in order of school (newIDs), so the primary key grows at its end and each
	// row's foreign-key checks (which lock the class's and the student's rows) and its entry
	// in the index of students touch one school's pages at a time.
	{"enrolments", `delete from class_enrollments x using r_enrol_del d where x.class_id = d.class_id and x.student_id = d.student_id`},
	{"enrolments", `insert into class_enrollments (class_id, student_id) select class_id, student_id from r_enrol_add order by 1, 2`},
	{"teachers", `delete from class_teachers x using r_teach_del d where x.class_id = d.class_id and x.staff_id = d.staff_id`},
	{"teachers", `insert into class_teachers (class_id, staff_id) select class_id, staff_id from r_teach_add order by 1, 2`},

	// Guardians: an account with the email is linked; otherwise one is made without a usable
	// password (the family's "forgot password" link sets it). Links the roster made and no
	// longer lists are removed; links families made are never touched.
	{"guardians", `update r_guardians r set id = g.id from guardians g where r.id is null and lower(g.email) = lower(r.email)`},
	{"guardians", `insert into guardians (email, name, password_hash)
		select distinct on (lower(r.email)) r.email, r.name, '' from r_guardians r where r.id is null order by lower(r.email), r.i`},
	{"guardians", `update r_guardians r set id = g.id from guardians g where r.id is null and lower(g.email) = lower(r.email)`},
	{"guardians", `delete from roster_guardians x where x.district_id = $1
		and not exists (select 1 from r_guardians r where r.sid = x.sourced_id)`},
	{"guardians", `insert into roster_guardians (district_id, sourced_id, guardian_id)
		select $1, r.sid, r.id from r_guardians r where not r.mapped`},
	{"guardian links", `delete from guardian_links l where l.roster_district_id = $1 and not exists (
		select 1 from r_links k join r_guardians g on g.i = k.guardian_i join r_students s on s.i = k.student_i
		where g.id = l.guardian_id and s.id = l.student_id)`},
	{"guardian links", `insert into guardian_links (guardian_id, student_id, roster_district_id)
		select g.id, s.id, $1 from r_links k join r_guardians g on g.i = k.guardian_i join r_students s on s.i = k.student_i
		on conflict (guardian_id, student_id) do nothing`},
}

// merge runs rosterMerge, then audits the import with its counts.
func (r *rosterRun) merge(ctx context.Context, plan roster.Plan) error {
	for _, m := range rosterMerge {
		args := []any{r.district, r.at, r.actor.Kind, r.actor.ID}[:maxArg(m.sql)]
		start := time.Now()
		if _, err := r.tx.Exec(ctx, m.sql, args...); err != nil {
			return fmt.Errorf("roster import: %s: %w", m.step, err)
		}
		r.timed(m.step+": "+firstLine(m.sql), start)
	}
	_, err := r.tx.Exec(ctx, `insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id,
		action, path, outcome, reason) values ($1, $2, $3, 'district', $4, $5, $6, 'succeeded', $7)`,
		r.at, r.actor.Kind, r.actor.ID, r.district, actionRosterImported, pathRoster, planSummary(plan))
	if err != nil {
		return fmt.Errorf("roster import: audit: %w", err)
	}
	return nil
}

// maxArg is the highest $n a statement uses: pgx refuses arguments a statement lacks.
func maxArg(sql string) int {
	top := 0
	for i := 0; i < len(sql)-1; i++ {
		if sql[i] == '$' && sql[i+1] >= '1' && sql[i+1] <= '9' {
			top = max(top, int(sql[i+1]-'0'))
		}
	}
	return top
}

// planSummary words a plan for the audit trail: "orgs.csv +1 ~0 -0 =2; …" (added, changed,
// retired, unchanged).
func planSummary(p roster.Plan) string {
	parts := make([]string, len(p.Files))
	for i, f := range p.Files {
		parts[i] = fmt.Sprintf("%s +%d ~%d -%d =%d", f.File, f.Added, f.Changed, f.Retired, f.Unchanged)
	}
	return strings.Join(parts, "; ")
}
