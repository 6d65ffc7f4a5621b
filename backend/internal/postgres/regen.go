package postgres

import (
	"context"
	"fmt"

	"github.com/schoolpass/portal/backend/internal/regen"
)

// Regen stores district regeneration (package regen).
type Regen struct{ DB *DB }

var _ regen.Store = (*Regen)(nil)

// DistrictPSU returns the district's PSU code.
func (g *Regen) DistrictPSU(ctx context.Context, districtID string) (string, error) {
	var psu string
	if err := g.DB.q(ctx).QueryRow(ctx, `select psu_code from districts where id = $1`, districtID).Scan(&psu); err != nil {
		return "", fmt.Errorf("district psu: %w", err)
	}
	return psu, nil
}

// DistrictCampuses returns which of codes (upper case) are the district's campus codes.
func (g *Regen) DistrictCampuses(ctx context.Context, districtID string, codes []string) ([]string, error) {
	rows, err := g.DB.q(ctx).Query(ctx, `select upper(campus_code) from schools
		where district_id = $1 and upper(campus_code) = any($2::text[])`, districtID, codes)
	if err != nil {
		return nil, fmt.Errorf("district campuses: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, fmt.Errorf("district campuses: %w", err)
		}
		out = append(out, code)
	}
	return out, rows.Err()
}

// CountStudents counts the district's students of the campuses and grades (empty: all) in
// one query grouped by school and grade.
func (g *Regen) CountStudents(ctx context.Context, districtID string, campuses []string, grades []int) ([]regen.Count, error) {
	if campuses == nil {
		campuses = []string{}
	}
	if grades == nil {
		grades = []int{}
	}
	rows, err := g.DB.q(ctx).Query(ctx, `select sc.campus_code, sc.name, st.grade, count(*)
		from students st join schools sc on sc.id = st.school_id
		where sc.district_id = $1
			and (cardinality($2::text[]) = 0 or upper(sc.campus_code) = any($2::text[]))
			and (cardinality($3::int[]) = 0 or st.grade = any($3::int[]))
		group by sc.campus_code, sc.name, st.grade
		order by sc.campus_code, st.grade = -9, st.grade`, districtID, campuses, grades)
	if err != nil {
		return nil, fmt.Errorf("count regeneration students: %w", err)
	}
	defer rows.Close()
	var out []regen.Count
	for rows.Next() {
		var c regen.Count
		if err := rows.Scan(&c.CampusCode, &c.SchoolName, &c.Grade, &c.Students); err != nil {
			return nil, fmt.Errorf("count regeneration students: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
