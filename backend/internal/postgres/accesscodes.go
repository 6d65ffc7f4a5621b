package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// codeColumns add to a student's row ($5: the time codes are weighed at) whether a live
// access code (unused, unexpired) stands, and the family letter's language: the first
// linked guardian's, else the student's.
const codeColumns = `,
	exists (select 1 from parent_access_codes p where p.student_id = s.id and p.used_at is null and p.expires_at > $5),
	coalesce((select g.locale from guardian_links l join guardians g on g.id = l.guardian_id
		where l.student_id = s.id order by l.created_at, g.email limit 1), s.locale)`

// ClassCodeStudents reads the students enrolled in a class, in id order (locked when lock
// is set, so two bulk issues cannot deadlock), with their relation to m, live-code state at
// at and letter locale.
func (r *SchoolReset) ClassCodeStudents(ctx context.Context, m accounts.Staff, classID string, at time.Time, lock bool) ([]schoolreset.CodeStudent, error) {
	if !isUUID(classID) || !isUUID(m.ID) {
		return nil, nil
	}
	suffix := ""
	if lock {
		if _, err := r.tx(ctx); err != nil {
			return nil, err
		}
		suffix = " for update of s"
	}
	return r.codeStudents(ctx, `select`+studentColumns+relationColumns+codeColumns+studentFrom+`
		where s.id in (select student_id from class_enrollments where class_id = $1)
		order by s.id`+suffix, classID, m.DistrictID, nullString(m.SchoolID), m.ID, at)
}

// codeStudents runs a query of students with relationColumns and codeColumns.
func (r *SchoolReset) codeStudents(ctx context.Context, sql string, args ...any) ([]schoolreset.CodeStudent, error) {
	rows, err := r.q(ctx).Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("read students for access codes: %w", err)
	}
	defer rows.Close()
	var out []schoolreset.CodeStudent
	for rows.Next() {
		var cs schoolreset.CodeStudent
		var issued *time.Time
		st, err := scanStudent(extraRow{Row: rows, extra: []any{&issued, &cs.Relation.SameDistrict,
			&cs.Relation.SameSchool, &cs.Relation.InClass, &cs.LiveCode, &cs.Locale}})
		if err != nil {
			return nil, fmt.Errorf("read students for access codes: %w", err)
		}
		cs.Student, cs.Relation.Exists, cs.DefaultIssuedAt = st, true, deref(issued)
		out = append(out, cs)
	}
	return out, rows.Err()
}

// SchoolFacts reads a school's name and contact and its district's name.
func (r *SchoolReset) SchoolFacts(ctx context.Context, schoolID string) (schoolreset.SchoolFacts, error) {
	var f schoolreset.SchoolFacts
	if !isUUID(schoolID) {
		return f, accounts.ErrNotFound
	}
	err := r.q(ctx).QueryRow(ctx, `select sc.name, sc.contact, d.name from schools sc
		join districts d on d.id = sc.district_id where sc.id = $1`, schoolID).Scan(&f.Name, &f.Contact, &f.DistrictName)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, accounts.ErrNotFound
	}
	if err != nil {
		return f, fmt.Errorf("read school facts: %w", err)
	}
	return f, nil
}
