package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/demo"
	"github.com/schoolpass/portal/backend/internal/policy"
	staffpkg "github.com/schoolpass/portal/backend/internal/staff"
)

// SeedDemo inserts the demo district when the database holds no district yet and reports
// whether it did; a database with any district is left alone. Everything is written in one
// transaction.
//
// Only the named sign-ins' secrets are hashed (each hash costs ~30 ms with production
// parameters), concurrently and before the transaction starts. The other students get a
// generated school default password, sealed under the student's id as associated data,
// as a district regeneration would give them. Secrets nobody knows (the PINs and answers
// of generated students who set them, the passwords of unnamed staff) share one hash of a
// random value that is thrown away, so those accounts show as set up but cannot be
// opened.
func SeedDemo(ctx context.Context, pool *pgxpool.Pool, d demo.District, h *accounts.Hasher, s *accounts.Sealer) (seeded bool, err error) {
	if has, err := demoHasDistrict(ctx, pool); err != nil || has {
		return false, err
	}
	tables, hashes, err := demoTables(d, s, time.Now())
	if err != nil {
		return false, fmt.Errorf("seed demo: %w", err)
	}
	if err := hashes.run(ctx, h); err != nil {
		return false, fmt.Errorf("seed demo: hash secrets: %w", err)
	}

	tx, err := pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("seed demo: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after commit
	// Two instances starting together on an empty database: the second waits here, then
	// finds the first one's district.
	if _, err := tx.Exec(ctx, `lock table districts in exclusive mode`); err != nil {
		return false, fmt.Errorf("seed demo: lock districts: %w", err)
	}
	if has, err := demoHasDistrict(ctx, tx); err != nil || has {
		return false, err
	}
	for _, t := range tables {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromRows(t.rows)); err != nil {
			return false, fmt.Errorf("seed demo: copy %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("seed demo: commit: %w", err)
	}
	return true, nil
}

func demoHasDistrict(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}) (bool, error) {
	var has bool
	if err := q.QueryRow(ctx, `select exists (select 1 from districts)`).Scan(&has); err != nil {
		return false, fmt.Errorf("seed demo: look for a district: %w", err)
	}
	return has, nil
}

// demoTable is the rows SeedDemo copies into one table.
type demoTable struct {
	name    string
	columns []string
	rows    [][]any
}

func (t *demoTable) add(values ...any) { t.rows = append(t.rows, values) }

// demoTables turns d into rows, in an order that satisfies the foreign keys. Ids are made
// here rather than by the database because a student's id seals its default password.
// Hash columns hold *string values that hashes fills in before the rows are copied.
func demoTables(d demo.District, s *accounts.Sealer, now time.Time) ([]*demoTable, *demoHashes, error) {
	var (
		hashes    = &demoHashes{}
		districts = &demoTable{name: "districts", columns: []string{"id", "psu_code", "name"}}
		schools   = &demoTable{name: "schools", columns: []string{
			"id", "district_id", "campus_code", "display_code", "name", "contact", "sourced_id"}}
		staff = &demoTable{name: "staff", columns: []string{
			"id", "district_id", "school_id", "role", "email", "first_name", "last_name", "title", "password_hash",
			"totp_sealed", "totp_key_id", "totp_enrolled_at", "sourced_id"}}
		classes = &demoTable{name: "classes", columns: []string{"id", "school_id", "class_number", "name",
			"sourced_id", "roster_district_id"}}
		teachers = &demoTable{name: "class_teachers", columns: []string{"class_id", "staff_id"}}
		students = &demoTable{name: "students", columns: []string{
			"id", "school_id", "student_number", "username", "email", "first_name", "last_name", "grade",
			"date_of_birth", "locale", "password_hash", "default_password_sealed", "default_password_key_id",
			"must_change_password", "password_changed_at", "pin_hash", "pin_set_at", "questions_set_at",
			"sourced_id", "roster_district_id"}}
		enrollments = &demoTable{name: "class_enrollments", columns: []string{"class_id", "student_id"}}
		answers     = &demoTable{name: "student_security_answers", columns: []string{
			"student_id", "position", "question_id", "answer_hash"}}
		guardians = &demoTable{name: "guardians", columns: []string{
			"id", "email", "name", "locale", "password_hash", "email_verified_at"}}
		codes = &demoTable{name: "parent_access_codes", columns: []string{
			"student_id", "code_hash", "expires_at"}}
		pictures        = &demoTable{name: "student_pictures", columns: []string{"student_id", "hash", "set_at"}}
		rosterGuardians = &demoTable{name: "roster_guardians", columns: []string{"district_id", "sourced_id", "guardian_id"}}
		pictureCodes    = &demoTable{name: "class_picture_codes", columns: []string{"class_id", "code", "created_at"}}
	)
	var sealErr error
	addStaff := func(districtID, schoolID any, m demo.Staff) pgtype.UUID {
		id := newDemoID()
		var sealed, keyID, enrolled any
		if m.TOTPSecret != "" {
			b, kid, err := s.Seal(m.TOTPSecret, staffpkg.TOTPAD(id.String()))
			sealed, keyID, enrolled, sealErr = b, kid, now, errors.Join(sealErr, err)
		}
		staff.add(id, districtID, schoolID, m.Role, m.Email, m.FirstName, m.LastName, m.Title,
			hashes.password(m.Password), sealed, keyID, enrolled, demo.StaffSourcedID(m))
		return id
	}

	districtID := newDemoID()
	districts.add(districtID, d.PSUCode, d.Name)
	for _, a := range d.Admins {
		addStaff(districtID, nil, a)
	}
	studentIDs := make(map[string]pgtype.UUID)
	for _, sc := range d.Schools {
		schoolID := newDemoID()
		schools.add(schoolID, districtID, sc.CampusCode, sc.DisplayCode, sc.Name, sc.Contact, demo.SchoolSourcedID(sc))
		for _, a := range sc.Admins {
			addStaff(districtID, schoolID, a)
		}
		for _, c := range sc.Classes {
			classID := newDemoID()
			classes.add(classID, schoolID, c.Number, c.Name, demo.ClassSourcedID(sc, c), districtID)
			teachers.add(classID, addStaff(districtID, schoolID, c.Teacher))
			if c.PictureCode != "" {
				pictureCodes.add(classID, c.PictureCode, now)
			}
			for _, st := range c.Students {
				id := newDemoID()
				studentIDs[st.Number] = id
				row, err := demoStudentRow(id, schoolID, districtID, st, hashes, s, now)
				if err != nil {
					return nil, nil, fmt.Errorf("student %s: %w", st.Username, err)
				}
				students.add(row...)
				enrollments.add(classID, id)
				for i, a := range st.Questions {
					answers.add(id, int16(i), a.QuestionID, hashes.answer(a.Answer))
				}
				if st.Pictures != nil {
					pictures.add(id, hashes.add(badges.PictureSecret(st.Pictures)), now)
				}
			}
		}
	}
	for _, g := range d.Guardians {
		var verifiedAt any
		if g.EmailVerified {
			verifiedAt = now
		}
		guardianID := newDemoID()
		guardians.add(guardianID, g.Email, g.Name, g.Locale, hashes.password(g.Password), verifiedAt)
		rosterGuardians.add(districtID, demo.GuardianSourcedID(g), guardianID)
	}
	for _, ac := range d.AccessCodes {
		id, ok := studentIDs[ac.StudentNumber]
		if !ok {
			return nil, nil, fmt.Errorf("access code for unknown student %s", ac.StudentNumber)
		}
		codes.add(id, hashes.add(policy.NormalizeAccessCode(ac.Code)), now.Add(ac.ValidFor))
	}
	if sealErr != nil {
		return nil, nil, fmt.Errorf("seal demo totp secret: %w", sealErr)
	}
	return []*demoTable{districts, schools, staff, classes, teachers, students, enrollments, answers,
		guardians, rosterGuardians, codes, pictures, pictureCodes}, hashes, nil
}

// demoStudentRow returns the students row of st: a hashed password when the student chose
// one, else the school default password sealed under the student's id.
func demoStudentRow(id, schoolID, districtID pgtype.UUID, st demo.Student, hashes *demoHashes, s *accounts.Sealer, now time.Time) ([]any, error) {
	var passwordHash, sealed, keyID, changedAt, pinHash, pinSetAt, questionsSetAt any
	if st.Password != "" {
		passwordHash, changedAt = hashes.password(st.Password), now
	} else {
		pw := st.DefaultPassword
		if pw == "" {
			var err error
			if pw, err = policy.GeneratePassword(st.Grade, rand.Reader); err != nil {
				return nil, err
			}
		}
		b, kid, err := s.Seal(pw, []byte(id.String()))
		if err != nil {
			return nil, fmt.Errorf("seal default password: %w", err)
		}
		sealed, keyID = b, kid
	}
	if st.HasPIN {
		pinHash, pinSetAt = hashes.pin(st.PIN), now
	}
	if len(st.Questions) > 0 {
		questionsSetAt = now
	}
	return []any{id, schoolID, st.Number, st.Username, st.Email, st.FirstName, st.LastName, int16(st.Grade),
		st.DateOfBirth, st.Locale, passwordHash, sealed, keyID, st.MustChangePassword, changedAt,
		pinHash, pinSetAt, questionsSetAt, demo.StudentSourcedID(st), districtID}, nil
}

// demoHashes collects the secrets to hash so they can be hashed concurrently, outside the
// transaction. Each secret gets its own slot (and salt), except the unknown ones.
type demoHashes struct {
	secrets []string
	slots   []*string
	unknown *string
}

// add returns the slot that will hold the hash of secret.
func (q *demoHashes) add(secret string) *string {
	slot := new(string)
	q.secrets = append(q.secrets, secret)
	q.slots = append(q.slots, slot)
	return slot
}

// password returns the slot for a password (hashed in its NFKC form, as sign-in checks
// it), or the unknown slot when the password is empty.
func (q *demoHashes) password(pw string) *string {
	if pw == "" {
		return q.unknownSlot()
	}
	return q.add(policy.NormalizePassword(pw))
}

// pin returns the slot for a PIN, or the unknown slot when the PIN is empty.
func (q *demoHashes) pin(pin string) *string {
	if pin == "" {
		return q.unknownSlot()
	}
	return q.add(pin)
}

// answer returns the slot for a security answer (hashed folded), or the unknown slot when
// the answer is empty.
func (q *demoHashes) answer(a string) *string {
	if a == "" {
		return q.unknownSlot()
	}
	return q.add(policy.FoldAnswer(a))
}

func (q *demoHashes) unknownSlot() *string {
	if q.unknown == nil {
		q.unknown = q.add(rand.Text())
	}
	return q.unknown
}

// run hashes every secret; the Hasher's own limit bounds how many run at once.
func (q *demoHashes) run(ctx context.Context, h *accounts.Hasher) error {
	errs := make([]error, len(q.secrets))
	var wg sync.WaitGroup
	for i, secret := range q.secrets {
		wg.Go(func() { *q.slots[i], errs[i] = h.Hash(ctx, secret) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// newDemoID returns a random (version 4) UUID.
func newDemoID() pgtype.UUID {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return pgtype.UUID{Bytes: b, Valid: true}
}
