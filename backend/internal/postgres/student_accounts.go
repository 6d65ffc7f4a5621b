package postgres

import (
	"context"
	"fmt"

	"github.com/schoolpass/portal/backend/internal/reports"
)

// StudentAccounts implements reports.AccountStore: the Student Accounts report of a school.
type StudentAccounts struct{ DB *DB }

var _ reports.AccountStore = (*StudentAccounts)(nil)

// studentAccountsSQL reads a school's students, each once per class of theirs at the school
// (once with no class when they have none), with the class's teachers named once per class
// rather than once per row, the current sealed default and the district default on file.
// Classes come in class-number order, the students of no class last; within a class the
// folded last-first key of search, as the roster sorts.
const studentAccountsSQL = `with cls as (
		select c.id, c.class_number, c.name, coalesce((
			select string_agg(m.first_name || ' ' || m.last_name, ', ' order by m.last_name, m.first_name, m.id)
			from class_teachers t join staff m on m.id = t.staff_id where t.class_id = c.id), '') as teachers
		from classes c where c.school_id = $1)
	select coalesce(cls.class_number, ''), coalesce(cls.name, ''), coalesce(cls.teachers, ''),
		s.id, s.student_number, s.last_name, s.first_name, s.grade, s.username,
		s.default_password_sealed, coalesce(s.default_password_key_id, ''), d.sealed, coalesce(d.key_id, '')
	from students s
	left join (class_enrollments e join cls on cls.id = e.class_id) on e.student_id = s.id
	left join student_defaults d on d.student_id = s.id
	where s.school_id = $1 and s.retired_at is null
	order by cls.class_number nulls last, cls.id, s.search_lf, s.student_number`

// StudentAccounts streams the report's rows of schoolID as they arrive: the school is never
// held in memory.
func (r *StudentAccounts) StudentAccounts(ctx context.Context, schoolID string, fn func(reports.AccountRecord) error) error {
	if !isUUID(schoolID) {
		return nil
	}
	// As for the roster: the sort of a large school fits in 32 MB instead of spilling to
	// disk; set local ends with the transaction.
	return r.DB.InTx(ctx, func(ctx context.Context) error {
		if _, err := r.DB.q(ctx).Exec(ctx, `set local work_mem = '32MB'`); err != nil {
			return fmt.Errorf("student accounts work_mem: %w", err)
		}
		rows, err := r.DB.q(ctx).Query(ctx, studentAccountsSQL, schoolID)
		if err != nil {
			return fmt.Errorf("query student accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var rec reports.AccountRecord
			if err := rows.Scan(&rec.ClassNumber, &rec.ClassName, &rec.Teachers, &rec.StudentID, &rec.StudentNumber,
				&rec.LastName, &rec.FirstName, &rec.Grade, &rec.Username, &rec.CurrentSealed, &rec.CurrentKeyID,
				&rec.OnFileSealed, &rec.OnFileKeyID); err != nil {
				return fmt.Errorf("scan student accounts row: %w", err)
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
