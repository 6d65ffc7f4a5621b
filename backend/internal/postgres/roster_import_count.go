package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/roster"
)

// What makes a row of the district differ from its row of the set; the counts and the
// updates' guards share them, so a row counted unchanged is a row no statement writes (and
// re-importing a set writes nothing). A row matched by natural key differs by its missing
// sourcedId; a retired person who reappears differs by retired_at. A new row is one with no
// id yet (a plan) or a fresh one (an apply).
const (
	isNew = `(r.id is null or r.fresh)`

	schoolDiffers = `(s.sourced_id is distinct from r.sid or s.name is distinct from r.name
		or s.campus_code is distinct from r.campus)`

	studentDiffers = `(s.sourced_id is distinct from r.sid or s.roster_district_id is distinct from $1::uuid
		or s.retired_at is not null or s.student_number is distinct from r.number
		or s.username is distinct from r.username or s.email is distinct from r.email
		or s.first_name is distinct from r.first or s.last_name is distinct from r.last
		or s.grade is distinct from r.grade or s.school_id is distinct from sch.id
		or (r.birth is not null and s.date_of_birth is distinct from r.birth))`

	staffDiffers = `(s.sourced_id is distinct from r.sid or s.retired_at is not null
		or s.email is distinct from r.email or s.first_name is distinct from r.first
		or s.last_name is distinct from r.last or s.role is distinct from r.role
		or s.school_id is distinct from sch.id)`

	classDiffers = `(c.sourced_id is distinct from r.sid or c.roster_district_id is distinct from $1::uuid
		or c.class_number is distinct from r.number or c.name is distinct from r.name
		or c.school_id is distinct from sch.id)`
)

// rosterPairs are the set's enrolments as pairs of ids, once each (a pair with a new side
// has a null id in a plan).
var rosterPairs = []string{
	`create temp table r_pairs on commit drop as
		select c.id as class_id, s.id as student_id from (select distinct class_i, user_i from r_enrol where not teacher) e
		join r_classes c on c.i = e.class_i join r_students s on s.i = e.user_i`,
	`create temp table r_tpairs on commit drop as
		select c.id as class_id, s.id as staff_id from (select distinct class_i, user_i from r_enrol where teacher) e
		join r_classes c on c.i = e.class_i join r_staff s on s.i = e.user_i`,
	`create temp table r_links on commit drop as
		select distinct x.gi as guardian_i, x.si as student_i from (
			select a.user_i as gi, s.i as si from r_agents a join r_students s on s.sid = a.agent_sid
			union
			select g.i, a.user_i from r_agents a join r_guardians g on g.sid = a.agent_sid) x
		join r_guardians g on g.i = x.gi join r_students s on s.i = x.si`,
	`analyze r_pairs, r_tpairs, r_links`,
	// What changes, computed once for the counts and the merge: the pairs to add (a pair
	// with a new side is new), and the pairs of the set's classes the set no longer has.
	// (A left join, not "null or not exists": an OR keeps PostgreSQL from hashing the
	// anti-join, and probing the index 6,000,000 times took 46 s.)
	`create temp table r_enrol_add on commit drop as select p.class_id, p.student_id from r_pairs p
		left join class_enrollments x on x.class_id = p.class_id and x.student_id = p.student_id where x.class_id is null`,
	`create temp table r_enrol_del on commit drop as select x.class_id, x.student_id from class_enrollments x
		join r_classes c on c.id = x.class_id
		where not exists (select 1 from r_pairs p where p.class_id = x.class_id and p.student_id = x.student_id)`,
	`create temp table r_teach_add on commit drop as select p.class_id, p.staff_id from r_tpairs p
		left join class_teachers x on x.class_id = p.class_id and x.staff_id = p.staff_id where x.class_id is null`,
	`create temp table r_teach_del on commit drop as select x.class_id, x.staff_id from class_teachers x
		join r_classes c on c.id = x.class_id
		where not exists (select 1 from r_tpairs p where p.class_id = x.class_id and p.staff_id = x.staff_id)`,
}

// rosterCounts count each file's rows: added, changed, retired, unchanged.
var rosterCounts = map[string][]string{
	"orgs.csv": {
		`select count(*) filter (where ` + isNew + `),
			count(*) filter (where not ` + isNew + ` and ` + schoolDiffers + `), 0,
			count(*) filter (where not ` + isNew + ` and not ` + schoolDiffers + `)
		from r_schools r left join schools s on s.id = r.id where $1::uuid is not null`,
	},
	"users.csv": {
		`select count(*) filter (where ` + isNew + `),
			count(*) filter (where not ` + isNew + ` and ` + studentDiffers + `),
			(select count(*) from students x where x.roster_district_id = $1 and x.retired_at is null
				and not exists (select 1 from r_students y where y.id = x.id)),
			count(*) filter (where not ` + isNew + ` and not ` + studentDiffers + `)
		from r_students r left join students s on s.id = r.id left join r_schools sch on sch.sid = r.school_sid`,
		`select count(*) filter (where ` + isNew + `),
			count(*) filter (where not ` + isNew + ` and ` + staffDiffers + `),
			(select count(*) from staff x where x.district_id = $1 and x.sourced_id is not null and x.retired_at is null
				and not exists (select 1 from r_staff y where y.id = x.id)),
			count(*) filter (where not ` + isNew + ` and not ` + staffDiffers + `)
		from r_staff r left join staff s on s.id = r.id left join r_schools sch on sch.sid = r.school_sid`,
		`select count(*) filter (where not mapped), 0,
			(select count(*) from roster_guardians x where x.district_id = $1
				and not exists (select 1 from r_guardians y where y.sid = x.sourced_id)),
			count(*) filter (where mapped)
		from r_guardians`,
	},
	"classes.csv": {
		`select count(*) filter (where ` + isNew + `),
			count(*) filter (where not ` + isNew + ` and ` + classDiffers + `),
			(select count(*) from classes x where x.roster_district_id = $1
				and not exists (select 1 from r_classes y where y.id = x.id)),
			count(*) filter (where not ` + isNew + ` and not ` + classDiffers + `)
		from r_classes r left join classes c on c.id = r.id left join r_schools sch on sch.sid = r.school_sid`,
	},
	"enrollments.csv": {
		`select (select count(*) from r_enrol_add), 0,
			(select count(*) from r_enrol_del) + (select count(*) from class_enrollments y join classes c on c.id = y.class_id
				where c.roster_district_id = $1 and not exists (select 1 from r_classes r where r.id = c.id)),
			(select count(*) from r_pairs) - (select count(*) from r_enrol_add)`,
		`select (select count(*) from r_teach_add), 0,
			(select count(*) from r_teach_del) + (select count(*) from class_teachers y join classes c on c.id = y.class_id
				where c.roster_district_id = $1 and not exists (select 1 from r_classes r where r.id = c.id)),
			(select count(*) from r_tpairs) - (select count(*) from r_teach_add)`,
	},
}

// count builds the enrolment pairs and counts what applying the set does, file by file.
func (r *rosterRun) count(ctx context.Context) (roster.Plan, error) {
	if err := r.exec(ctx, "pairs", rosterPairs...); err != nil {
		return roster.Plan{}, err
	}
	plan := roster.Plan{Files: make([]roster.FilePlan, 0, len(roster.PlanFiles))}
	for _, file := range roster.PlanFiles {
		fp := roster.FilePlan{File: file}
		for _, sql := range rosterCounts[file] {
			var added, changed, retired, unchanged int
			start := time.Now()
			if err := r.tx.QueryRow(ctx, sql, r.district).Scan(&added, &changed, &retired, &unchanged); err != nil {
				return roster.Plan{}, fmt.Errorf("roster import: count %s: %w", file, err)
			}
			r.timed("count "+file, start)
			fp.Added += added
			fp.Changed += changed
			fp.Retired += retired
			fp.Unchanged += unchanged
		}
		plan.Files = append(plan.Files, fp)
	}
	return plan, nil
}
