package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// Rosters implements reports.RosterStore: View Report's schools and rosters.
type Rosters struct{ DB *DB }

var _ reports.RosterStore = (*Rosters)(nil)

// schoolScope is the SQL condition on schools sc that keeps the schools of m's scope; false
// when m has none. A teacher's schools are those of the teacher's official classes.
func schoolScope(m accounts.Staff, args *searchArgs) (string, bool) {
	if !isUUID(m.DistrictID) {
		return "", false
	}
	district := `sc.district_id = ` + args.add(m.DistrictID)
	switch m.Role {
	case policy.RoleDistrictAdmin:
		return district, true
	case policy.RoleSchoolAdmin:
		return district + ` and sc.id = ` + args.add(m.SchoolID), isUUID(m.SchoolID)
	case policy.RoleTeacher:
		return district + ` and sc.id in (select c.school_id from class_teachers t
			join classes c on c.id = t.class_id where t.staff_id = ` + args.add(m.ID) + `)`, isUUID(m.ID)
	default:
		return "", false
	}
}

// Schools lists the schools of m's scope by name.
func (r *Rosters) Schools(ctx context.Context, m accounts.Staff) ([]reports.School, error) {
	var args searchArgs
	scope, ok := schoolScope(m, &args)
	if !ok {
		return []reports.School{}, nil
	}
	rows, err := r.DB.q(ctx).Query(ctx, `select sc.id, sc.name, sc.display_code, `+gradesInScope(m, &args)+
		` from schools sc where `+scope+` order by sc.name, sc.display_code`, args...)
	if err != nil {
		return nil, fmt.Errorf("query roster schools: %w", err)
	}
	return pgx.CollectRows(rows, scanSchool)
}

// School returns the school with id when it is in m's scope; an id that is no uuid is a
// school that does not exist.
func (r *Rosters) School(ctx context.Context, m accounts.Staff, id string) (reports.School, error) {
	parsed, err := uuid.Parse(id)
	if err != nil {
		return reports.School{}, accounts.ErrNotFound
	}
	var args searchArgs
	scope, ok := schoolScope(m, &args)
	if !ok {
		return reports.School{}, accounts.ErrNotFound
	}
	rows, err := r.DB.q(ctx).Query(ctx, `select sc.id, sc.name, sc.display_code, `+gradesInScope(m, &args)+
		` from schools sc where `+scope+` and sc.id = `+args.add(parsed.String()), args...)
	if err != nil {
		return reports.School{}, fmt.Errorf("query roster school: %w", err)
	}
	s, err := pgx.CollectExactlyOneRow(rows, scanSchool)
	if errors.Is(err, pgx.ErrNoRows) {
		return reports.School{}, accounts.ErrNotFound
	}
	return s, err
}

// gradesInScope is the SQL array of the grades of school sc with students in m's scope
// (searchScope), lowest first: one probe of the (school_id, grade) index per grade the
// portal knows, so a school of 100,000 students costs 20 index lookups, not a scan.
func gradesInScope(m accounts.Staff, args *searchArgs) string {
	scope, ok := searchScope(m, args)
	if !ok {
		return `'{}'::int[]`
	}
	return fmt.Sprintf(`array(select g from unnest(array[%d] || array(select generate_series(%d, %d))) g
		where exists (select 1 from students s where s.school_id = sc.id and s.grade = g and %s) order by g)`,
		policy.GradeUngraded, policy.MinGrade, policy.MaxGrade, scope)
}

func scanSchool(row pgx.CollectableRow) (reports.School, error) {
	var s reports.School
	err := row.Scan(&s.ID, &s.Name, &s.DisplayCode, &s.Grades)
	return s, err
}

// Roster streams the students of schoolID in m's scope, as search draws the scope, so a
// teacher reads only the students of the teacher's classes. pgx hands each row over as it
// arrives: the school is never held in memory. The order is the folded last-first key of
// search, accents aside ("Álvarez" among the A's), compared byte by byte, which sorts
// faster than a language's collation.
func (r *Rosters) Roster(ctx context.Context, m accounts.Staff, schoolID string, fn func(reports.RosterRow) error) error {
	var args searchArgs
	scope, ok := searchScope(m, &args)
	if !ok || !isUUID(schoolID) {
		return nil
	}
	// A school's sort fits in 32 MB, where the default 4 MB spills it to disk (a third of the
	// query's time for 100,000 students); set local ends with the transaction.
	return r.DB.InTx(ctx, func(ctx context.Context) error {
		if _, err := r.DB.q(ctx).Exec(ctx, `set local work_mem = '32MB'`); err != nil {
			return fmt.Errorf("roster work_mem: %w", err)
		}
		rows, err := r.DB.q(ctx).Query(ctx, `select s.student_number, s.last_name, s.first_name, s.grade, s.email,
				s.pin_hash is not null, s.questions_set_at is not null,
				s.password_changed_at, s.must_change_password
			from students s join schools sc on sc.id = s.school_id
			where `+scope+` and s.retired_at is null and s.school_id = `+args.add(schoolID)+`
			order by s.search_lf, s.student_number`, args...)
		if err != nil {
			return fmt.Errorf("query roster: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var (
				row     reports.RosterRow
				changed *time.Time
			)
			if err := rows.Scan(&row.StudentNumber, &row.LastName, &row.FirstName, &row.Grade, &row.Email,
				&row.PINSet, &row.QuestionsSet, &changed, &row.MustChange); err != nil {
				return fmt.Errorf("scan roster row: %w", err)
			}
			if changed != nil {
				row.PasswordChangedAt = *changed
			}
			if err := fn(row); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
