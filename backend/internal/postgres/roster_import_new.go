package postgres

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// newStudentBatch is how many new students get their ids and default passwords at a time:
// a batch is read, drawn, sealed and copied before the next, so a first import of a million
// students never holds a million sealed passwords.
const newStudentBatch = 20000

// rosterFreshIDs gives the set's new schools, staff, guardians' mappings and classes their
// ids (the database draws them).
var rosterFreshIDs = []string{
	`update r_schools set id = gen_random_uuid(), fresh = true where id is null`,
	`update r_staff set id = gen_random_uuid(), fresh = true where id is null`,
	// A new class's id is a UUIDv7 (RFC 9562: the time in milliseconds, then a 30-bit counter
	// in order of school, then random bits): the enrolments are inserted in order of class,
	// so their primary key grows at its end, and the classes' students are a school's.
	`update r_classes r set id = (lpad(to_hex((extract(epoch from statement_timestamp()) * 1000)::bigint), 12, '0') || '7'
			|| lpad(to_hex(o.n >> 18), 3, '0') || to_hex(8 + ((o.n >> 16) & 3)) || lpad(to_hex(o.n & 65535), 4, '0')
			|| substr(md5(gen_random_uuid()::text), 1, 11))::uuid, fresh = true
		from (select i, row_number() over (order by school_sid, i) as n from r_classes where id is null) o
		where o.i = r.i`,
}

// newIDs gives every new row of the set its id. A new student's id is drawn here, because
// it seals the student's school-issued default password (the associated data, as a
// regeneration seals it): each gets policy.GenerateDefaultPassword's password, sealed, and
// a date of birth (the roster's, else policy.EstimatedDateOfBirth).
func (r *rosterRun) newIDs(ctx context.Context, sealer *accounts.Sealer, random io.Reader) error {
	if err := r.exec(ctx, "new ids", rosterFreshIDs...); err != nil {
		return err
	}
	if _, err := r.tx.Exec(ctx, `create temp table r_new (i int primary key, id uuid not null, sealed bytea not null,
		key_id text not null, birth date not null) on commit drop`); err != nil {
		return fmt.Errorf("roster import: new students: %w", err)
	}
	// Each batch reads the next new students in order of school: a range of this index, not
	// a sort of the whole set (50 sorts of 1,000,000 rows took 8 s).
	if _, err := r.tx.Exec(ctx, `create index on r_students (school_sid, i) where id is null`); err != nil {
		return fmt.Errorf("roster import: new students: %w", err)
	}
	random = bufio.NewReaderSize(random, 4096)
	var mu sync.Mutex // bufio.Reader is not safe for concurrent use
	draw := lockedReaderFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return io.ReadFull(random, p)
	})
	defer r.timed("new students", time.Now())
	afterSchool, after := "", int32(-1)
	for {
		batch, err := r.newStudents(ctx, afterSchool, after)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		// Ids in order of school (then the set's order), increasing (UUIDv7, drawn one after
		// the other): the students are inserted in id order and the enrolments in order of
		// class then student, so the students' primary key and school indexes, the
		// enrolments' indexes and their foreign-key checks each walk their pages a school
		// at a time instead of touching a random page a row.
		for k := range batch {
			id, err := uuid.NewV7()
			if err != nil {
				return fmt.Errorf("roster import: new student id: %w", err)
			}
			batch[k].id = id.String()
		}
		if err := r.secure(batch, sealer, draw); err != nil {
			return err
		}
		if _, err := r.tx.CopyFrom(ctx, pgx.Identifier{"r_new"}, []string{"i", "id", "sealed", "key_id", "birth"},
			pgx.CopyFromSlice(len(batch), func(k int) ([]any, error) {
				s := &batch[k]
				return []any{s.i, s.id, s.sealed, s.keyID, s.birth}, nil
			})); err != nil {
			return fmt.Errorf("roster import: copy new students: %w", err)
		}
		afterSchool, after = batch[len(batch)-1].school, batch[len(batch)-1].i
	}
	if _, err := r.tx.Exec(ctx, `update r_students r set id = n.id, fresh = true, birth = coalesce(r.birth, n.birth)
		from r_new n where n.i = r.i`); err != nil {
		return fmt.Errorf("roster import: new students: %w", err)
	}
	// The statistics of load's ANALYZE say no row is fresh: the merge's inserts (where
	// r.fresh) then expected one row and joined each new row to the schools by scanning
	// them all, 1,000,000 × 1,000 comparisons, 166 s of a first import of a million
	// students. Fresh statistics make those joins hashes.
	if _, err := r.tx.Exec(ctx, `analyze r_schools, r_students, r_staff, r_classes, r_new`); err != nil {
		return fmt.Errorf("roster import: new students: %w", err)
	}
	return nil
}

// newStudent is a new student of the set while it gets its id and password.
type newStudent struct {
	i        int32
	school   string
	username string
	names    []string
	grade    int
	id       string
	sealed   []byte
	keyID    string
	birth    any
}

func (r *rosterRun) newStudents(ctx context.Context, afterSchool string, after int32) ([]newStudent, error) {
	rows, err := r.tx.Query(ctx, `select i, school_sid, username, first, last, grade from r_students
		where id is null and (school_sid, i) > ($1, $2) order by school_sid, i limit $3`, afterSchool, after, newStudentBatch)
	if err != nil {
		return nil, fmt.Errorf("roster import: read new students: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (newStudent, error) {
		var s newStudent
		var first, last string
		var grade int16
		err := row.Scan(&s.i, &s.school, &s.username, &first, &last, &grade)
		s.names, s.grade = []string{first, last}, int(grade)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("roster import: read new students: %w", err)
	}
	return out, nil
}

// secure draws passwords and seals them, on every core: drawing a password checks it
// against the username and names, and a first import has a million of them.
func (r *rosterRun) secure(batch []newStudent, sealer *accounts.Sealer, random io.Reader) error {
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < len(batch); k += workers {
				s := &batch[k]
				pw, err := policy.GenerateDefaultPassword(s.username, s.names, s.grade, random)
				if err != nil {
					errs[w] = fmt.Errorf("roster import: default password of %s: %w", s.username, err)
					return
				}
				if s.sealed, s.keyID, err = sealer.Seal(pw, []byte(s.id)); err != nil {
					errs[w] = fmt.Errorf("roster import: seal default password: %w", err)
					return
				}
				s.birth = policy.EstimatedDateOfBirth(s.grade, r.at)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// lockedReaderFunc is a shared random source behind a mutex.
type lockedReaderFunc func(p []byte) (int, error)

func (f lockedReaderFunc) Read(p []byte) (int, error) { return f(p) }
