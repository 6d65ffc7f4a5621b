package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schoolpass/portal/backend/internal/testapi"
)

// TestData implements testapi.Store: it writes the students the end-to-end suite creates.
type TestData struct{ DB *DB }

var _ testapi.Store = (*TestData)(nil)

// CreateTestStudent inserts s and its answers into the first school (by campus code) in
// one transaction, with the columns the seed and the self-service flows write.
func (t *TestData) CreateTestStudent(ctx context.Context, s testapi.NewStudent) error {
	return t.DB.InTx(ctx, func(ctx context.Context) error {
		q := t.DB.q(ctx)
		schoolID, _, err := testSchool(ctx, q, s.SchoolID)
		if err != nil {
			return err
		}
		var passwordHash, keyID any
		if s.PasswordHash != "" {
			passwordHash = s.PasswordHash
		}
		if s.DefaultPasswordKeyID != "" {
			keyID = s.DefaultPasswordKeyID
		}
		var pinHash any
		if s.PINHash != "" {
			pinHash = s.PINHash
		}
		_, err = q.Exec(ctx, `insert into students (id, school_id, student_number, username, email, first_name,
				last_name, grade, date_of_birth, locale, password_hash, default_password_sealed, default_password_key_id,
				must_change_password, password_changed_at, pin_hash, pin_set_at, questions_set_at)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
				case when $11::text is null then null else now() end,
				$15, case when $15::text is null then null else now() end,
				case when $16 then now() end)`,
			s.ID, schoolID, s.StudentNumber, s.Username, s.Email, s.FirstName, s.LastName, int16(s.Grade),
			s.DateOfBirth, s.Locale, passwordHash, s.DefaultPasswordSealed, keyID, s.MustChangePassword,
			pinHash, len(s.Answers) > 0)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return testapi.ErrConflict
		}
		if err != nil {
			return fmt.Errorf("test student: insert: %w", err)
		}
		for i, a := range s.Answers {
			if _, err := q.Exec(ctx, `insert into student_security_answers (student_id, position, question_id, answer_hash)
				values ($1, $2, $3, $4)`, s.ID, int16(i), a.QuestionID, a.Hash); err != nil {
				return fmt.Errorf("test student: insert answer: %w", err)
			}
		}
		return nil
	})
}

// CreateTestAccessCode stores a parent access code for a student.
func (t *TestData) CreateTestAccessCode(ctx context.Context, studentID, hash string, expires time.Time) error {
	_, err := t.DB.q(ctx).Exec(ctx, `insert into parent_access_codes (student_id, code_hash, expires_at)
		values ($1, $2, $3)`, studentID, hash, expires)
	if err != nil {
		return fmt.Errorf("test access code: %w", err)
	}
	return nil
}

// firstSchool reads the school test accounts go to, and its district.
func firstSchool(ctx context.Context, q querier) (schoolID, districtID string, err error) {
	err = q.QueryRow(ctx, `select id, district_id from schools order by campus_code limit 1`).Scan(&schoolID, &districtID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", testapi.ErrNoSchool
	}
	if err != nil {
		return "", "", fmt.Errorf("test data: find a school: %w", err)
	}
	return schoolID, districtID, nil
}

// testSchool reads the school with id and its district, or the first school when id is
// empty; testapi.ErrUnknownSchool when there is none with id.
func testSchool(ctx context.Context, q querier, id string) (schoolID, districtID string, err error) {
	if id == "" {
		return firstSchool(ctx, q)
	}
	err = q.QueryRow(ctx, `select id, district_id from schools where id = $1`, id).Scan(&schoolID, &districtID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", testapi.ErrUnknownSchool
	}
	if err != nil {
		return "", "", fmt.Errorf("test data: find school %s: %w", id, err)
	}
	return schoolID, districtID, nil
}

// CreateTestSchool inserts an empty school in the first school's district.
func (t *TestData) CreateTestSchool(ctx context.Context, campusCode, name string) (string, error) {
	var id string
	err := t.DB.InTx(ctx, func(ctx context.Context) error {
		q := t.DB.q(ctx)
		_, districtID, err := firstSchool(ctx, q)
		if err != nil {
			return err
		}
		err = q.QueryRow(ctx, `insert into schools (district_id, campus_code, display_code, name)
			values ($1, $2, $3, $4) returning id`, districtID, campusCode, campusCode[2:], name).Scan(&id)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return testapi.ErrConflict
		}
		if err != nil {
			return fmt.Errorf("test school: insert: %w", err)
		}
		return nil
	})
	return id, err
}

// CreateTestStaff inserts a staff member in the first school (a district admin in its
// district only), and a teacher's new official class with its students.
func (t *TestData) CreateTestStaff(ctx context.Context, s testapi.NewStaff) error {
	return t.DB.InTx(ctx, func(ctx context.Context) error {
		q := t.DB.q(ctx)
		schoolID, districtID, err := testSchool(ctx, q, s.SchoolID)
		if err != nil {
			return err
		}
		var school any = schoolID
		if s.Role == "district_admin" {
			school = nil
		}
		if _, err := q.Exec(ctx, `insert into staff (id, district_id, school_id, role, email, first_name, last_name, title, password_hash)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			s.ID, districtID, school, string(s.Role), s.Email, s.FirstName, s.LastName, s.Title, s.PasswordHash); err != nil {
			return fmt.Errorf("test staff: insert: %w", err)
		}
		if s.ClassNumber == "" {
			return nil
		}
		var classID string
		if err := q.QueryRow(ctx, `insert into classes (school_id, class_number, name) values ($1, $2, $3) returning id`,
			schoolID, s.ClassNumber, "Class "+s.ClassNumber).Scan(&classID); err != nil {
			return fmt.Errorf("test staff: insert class: %w", err)
		}
		if _, err := q.Exec(ctx, `insert into class_teachers (class_id, staff_id) values ($1, $2)`, classID, s.ID); err != nil {
			return fmt.Errorf("test staff: align teacher: %w", err)
		}
		tag, err := q.Exec(ctx, `insert into class_enrollments (class_id, student_id)
			select $1, id from students where id = any($2::uuid[])`, classID, s.Students)
		if err != nil {
			return fmt.Errorf("test staff: enrol students: %w", err)
		}
		if tag.RowsAffected() != int64(len(s.Students)) {
			return testapi.ErrUnknownStudent
		}
		return nil
	})
}

// CreateTestGuardian inserts a verified guardian linked to the students.
func (t *TestData) CreateTestGuardian(ctx context.Context, g testapi.NewGuardian) error {
	return t.DB.InTx(ctx, func(ctx context.Context) error {
		q := t.DB.q(ctx)
		if _, err := q.Exec(ctx, `insert into guardians (id, email, name, locale, password_hash, email_verified_at)
			values ($1, $2, $3, $4, $5, now())`, g.ID, g.Email, g.Name, g.Locale, g.PasswordHash); err != nil {
			return fmt.Errorf("test guardian: insert: %w", err)
		}
		tag, err := q.Exec(ctx, `insert into guardian_links (guardian_id, student_id)
			select $1, id from students where id = any($2::uuid[])`, g.ID, g.Students)
		if err != nil {
			return fmt.Errorf("test guardian: link: %w", err)
		}
		if tag.RowsAffected() != int64(len(g.Students)) {
			return testapi.ErrUnknownStudent
		}
		return nil
	})
}
