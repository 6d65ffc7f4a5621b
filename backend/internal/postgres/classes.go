package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

var _ schoolreset.ClassStore = (*SchoolReset)(nil)

// classColumns read a class (c) of a school (sc) with its number of students.
const (
	classColumns = ` c.id, c.class_number, c.name, c.school_id, sc.name,
	(select count(*) from class_enrollments e where e.class_id = c.id)::int`
	classFrom = ` from classes c join schools sc on sc.id = c.school_id `
)

func scanClass(row pgx.Row, extra ...any) (schoolreset.ClassSummary, error) {
	var c schoolreset.ClassSummary
	err := row.Scan(append([]any{&c.ID, &c.Number, &c.Name, &c.SchoolID, &c.SchoolName, &c.Students}, extra...)...)
	return c, err
}

// ClassesFor lists the classes in m's scope, as searchScope draws it for students.
func (r *SchoolReset) ClassesFor(ctx context.Context, m accounts.Staff) ([]schoolreset.ClassSummary, error) {
	if !isUUID(m.DistrictID) {
		return nil, nil
	}
	where := `sc.district_id = $1`
	args := []any{m.DistrictID}
	switch m.Role {
	case policy.RoleDistrictAdmin:
	case policy.RoleSchoolAdmin:
		if !isUUID(m.SchoolID) {
			return nil, nil
		}
		where, args = where+` and c.school_id = $2`, append(args, m.SchoolID)
	case policy.RoleTeacher:
		if !isUUID(m.ID) {
			return nil, nil
		}
		where, args = where+` and c.id in (select t.class_id from class_teachers t where t.staff_id = $2)`, append(args, m.ID)
	default:
		return nil, nil
	}
	rows, err := r.q(ctx).Query(ctx, `select`+classColumns+classFrom+`where `+where+` order by sc.name, sc.id, c.class_number`, args...)
	if err != nil {
		return nil, fmt.Errorf("list classes: %w", err)
	}
	defer rows.Close()
	var out []schoolreset.ClassSummary
	for rows.Next() {
		c, err := scanClass(rows)
		if err != nil {
			return nil, fmt.Errorf("list classes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClassFor reads a class with its relation to m ($2 district, $3 school or null, $4 staff
// id): InClass is "m teaches it".
func (r *SchoolReset) ClassFor(ctx context.Context, m accounts.Staff, id string) (schoolreset.ClassRecord, error) {
	if !isUUID(id) || !isUUID(m.ID) {
		return schoolreset.ClassRecord{}, nil
	}
	var rec schoolreset.ClassRecord
	var err error
	rec.Class, err = scanClass(r.q(ctx).QueryRow(ctx, `select`+classColumns+`, sc.district_id = $2,
			coalesce(c.school_id = $3, false),
			exists (select 1 from class_teachers t where t.class_id = c.id and t.staff_id = $4)`+classFrom+`
		where c.id = $1`, id, m.DistrictID, nullString(m.SchoolID), m.ID),
		&rec.Relation.SameDistrict, &rec.Relation.SameSchool, &rec.Relation.InClass)
	if errors.Is(err, pgx.ErrNoRows) {
		return schoolreset.ClassRecord{}, nil
	}
	if err != nil {
		return schoolreset.ClassRecord{}, fmt.Errorf("read class: %w", err)
	}
	rec.Relation.Exists = true
	return rec, nil
}

// Roster lists the students of a class with their status, by last and first name.
func (r *SchoolReset) Roster(ctx context.Context, classID string) ([]schoolreset.RosterEntry, error) {
	out, err := collect(ctx, r.q(ctx), `select s.id, s.student_number, s.username, s.first_name, s.last_name, s.grade,
			coalesce(s.pin_hash, '') <> '', s.questions_set_at is not null, s.must_change_password,
			s.default_password_sealed is not null, ra.consecutive_failures, ra.locked_until, ra.disabled,
			exists (select 1 from student_badges b where b.student_id = s.id and b.revoked_at is null),
			sp.failed_tries
		from class_enrollments e join students s on s.id = e.student_id
			left join recovery_attempts ra on ra.username_key = `+recoveryKey("s.username")+`
			left join student_pictures sp on sp.student_id = s.id
		where e.class_id = $1 and s.retired_at is null order by s.last_name, s.first_name, s.username`, classID,
		func(row pgx.Row) (e schoolreset.RosterEntry, err error) {
			var failures, pictureTries *int
			var lockedUntil *time.Time
			var disabled *bool
			err = row.Scan(&e.ID, &e.StudentNumber, &e.Username, &e.FirstName, &e.LastName, &e.Grade,
				&e.PINSet, &e.QuestionsSet, &e.MustChange, &e.SchoolIssued, &failures, &lockedUntil, &disabled,
				&e.Badge, &pictureTries)
			if failures != nil {
				e.Recovery = policy.RecoveryState{ConsecutiveFailures: *failures, LockedUntil: deref(lockedUntil), Disabled: *disabled}
			}
			e.Pictures = badges.PicturesNone
			if pictureTries != nil {
				e.Pictures = pictureState(*pictureTries)
			}
			return e, err
		})
	if err != nil {
		return nil, fmt.Errorf("read roster: %w", err)
	}
	return out, nil
}

// LockMembers reads and locks the selected students of a bulk reset (every student of the
// class when ids is nil), in id order so two bulk resets of one class cannot deadlock, each
// with its relation to m (relationColumns) and whether it is enrolled in the class.
func (r *SchoolReset) LockMembers(ctx context.Context, m accounts.Staff, classID string, ids []string) ([]schoolreset.Member, error) {
	tx, err := r.tx(ctx)
	if err != nil {
		return nil, err
	}
	if !isUUID(m.ID) {
		return nil, nil
	}
	var valid []string // nil selects the whole class
	if ids != nil {
		valid = make([]string, 0, len(ids))
	}
	for _, id := range ids {
		if isUUID(id) {
			valid = append(valid, id)
		}
	}
	which := `s.id = any($1::uuid[])`
	if valid == nil {
		which = `$1::uuid[] is null and s.id in (select student_id from class_enrollments where class_id = $5)`
	}
	rows, err := tx.Query(ctx, `select`+studentColumns+relationColumns+`,
			exists (select 1 from class_enrollments e where e.class_id = $5 and e.student_id = s.id)`+studentFrom+`
		where `+which+` order by s.id for update of s`,
		valid, m.DistrictID, nullString(m.SchoolID), m.ID, classID)
	if err != nil {
		return nil, fmt.Errorf("lock class students: %w", err)
	}
	defer rows.Close()
	var out []schoolreset.Member
	for rows.Next() {
		var mb schoolreset.Member
		var issued *time.Time
		st, err := scanStudent(extraRow{Row: rows, extra: []any{&issued, &mb.Relation.SameDistrict,
			&mb.Relation.SameSchool, &mb.Relation.InClass, &mb.Enrolled}})
		if err != nil {
			return nil, fmt.Errorf("lock class students: %w", err)
		}
		mb.Student, mb.Relation.Exists, mb.DefaultIssuedAt = st, true, deref(issued)
		out = append(out, mb)
	}
	return out, rows.Err()
}
