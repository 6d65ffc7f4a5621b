package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/regen"
)

// Regen stores district regeneration (package regen): requests, their selections, the
// students' district defaults, and the requests' jobs on River.
type Regen struct {
	DB    *DB
	River *river.Client[pgx.Tx]
}

// InTx runs fn in one transaction of DB.
func (g *Regen) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return g.DB.InTx(ctx, fn)
}

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

// CreateDraft stores a draft and its selection in the transaction in ctx: the request row,
// then the district's students of the campuses and grades (empty: all) with one
// insert … select, then the selection's counts by school and grade, read back from the
// stored rows so they are exactly what a confirm runs.
func (g *Regen) CreateDraft(ctx context.Context, d regen.Draft) (string, time.Time, []regen.Count, error) {
	tx, err := g.DB.tx(ctx)
	if err != nil {
		return "", time.Time{}, nil, err
	}
	campuses, grades := d.Selection.CampusCodes, d.Selection.Grades
	if campuses == nil {
		campuses = []string{}
	}
	if grades == nil {
		grades = []int{}
	}
	// The admin's drafts past their lifetime go first: each holds a selection (100,000 rows
	// for a whole district), and an admin who previews again and again should not wait for
	// the daily purge to have them gone.
	if _, err := tx.Exec(ctx, `delete from regen_requests where requested_by = $1 and state = 'draft'
		and created_at < now() - $2::interval`, d.RequestedBy, regen.DraftLifetime.String()); err != nil {
		return "", time.Time{}, nil, fmt.Errorf("drop expired regeneration drafts: %w", err)
	}
	var id string
	var created time.Time
	if err := tx.QueryRow(ctx, `insert into regen_requests (district_id, requested_by, psu_code, campus_codes, grades,
			also_reset, force_change, comments, dry_run, total)
		values ($1, $2, $3, $4, $5, $6, $7, $8, '{}', 0) returning id, created_at`,
		d.DistrictID, d.RequestedBy, d.Selection.PSUCode, campuses, grades, d.AlsoReset, d.ForceChange, d.Comments).
		Scan(&id, &created); err != nil {
		return "", time.Time{}, nil, fmt.Errorf("store regeneration draft: %w", err)
	}
	if _, err := tx.Exec(ctx, `insert into regen_request_students (request_id, student_id)
		select $1, st.id from students st join schools sc on sc.id = st.school_id
		where sc.district_id = $2
			and (cardinality($3::text[]) = 0 or upper(sc.campus_code) = any($3::text[]))
			and (cardinality($4::int[]) = 0 or st.grade = any($4::int[]))`, id, d.DistrictID, campuses, grades); err != nil {
		return "", time.Time{}, nil, fmt.Errorf("store regeneration selection: %w", err)
	}
	rows, err := tx.Query(ctx, `select sc.campus_code, sc.name, st.grade, count(*)
		from regen_request_students r join students st on st.id = r.student_id join schools sc on sc.id = st.school_id
		where r.request_id = $1
		group by sc.campus_code, sc.name, st.grade
		order by sc.campus_code, st.grade = -9, st.grade`, id)
	if err != nil {
		return "", time.Time{}, nil, fmt.Errorf("count regeneration students: %w", err)
	}
	counts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (regen.Count, error) {
		var c regen.Count
		err := r.Scan(&c.CampusCode, &c.SchoolName, &c.Grade, &c.Students)
		return c, err
	})
	if err != nil {
		return "", time.Time{}, nil, fmt.Errorf("count regeneration students: %w", err)
	}
	return id, created, counts, nil
}

// SetDryRun stores a draft's counts as the API shows them, and their total.
func (g *Regen) SetDryRun(ctx context.Context, id string, run regen.DryRun) error {
	doc, err := json.Marshal(run)
	if err != nil {
		return fmt.Errorf("encode dry run: %w", err)
	}
	if _, err := g.DB.q(ctx).Exec(ctx, `update regen_requests set dry_run = $2, total = $3 where id = $1`,
		id, doc, run.Total); err != nil {
		return fmt.Errorf("store dry run: %w", err)
	}
	return nil
}
