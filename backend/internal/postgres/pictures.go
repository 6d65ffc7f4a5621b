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
)

// Pictures stores picture passwords and class picture-sign-in codes (package badges).
type Pictures struct{ DB *DB }

var _ badges.PictureStore = (*Pictures)(nil)

// SetPictures stores the student's picture password, replacing any with its tries and lock.
func (p *Pictures) SetPictures(ctx context.Context, studentID, staffID, hash string, at time.Time) (bool, error) {
	var replaced bool
	// xmax is set on a row the upsert updated, and zero on one it inserted.
	err := p.DB.q(ctx).QueryRow(ctx, `insert into student_pictures (student_id, hash, set_by, set_at)
		values ($1, $2, $3, $4) on conflict (student_id) do update
		set hash = excluded.hash, set_by = excluded.set_by, set_at = excluded.set_at,
			failed_tries = 0, locked_at = null, last_used_at = null
		returning xmax <> 0`, studentID, hash, nullString(staffID), at).Scan(&replaced)
	if err != nil {
		return false, fmt.Errorf("store pictures: %w", err)
	}
	return replaced, nil
}

// RemovePictures deletes the student's picture password.
func (p *Pictures) RemovePictures(ctx context.Context, studentID string) (bool, error) {
	tag, err := p.DB.q(ctx).Exec(ctx, `delete from student_pictures where student_id = $1`, studentID)
	if err != nil {
		return false, fmt.Errorf("remove pictures: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// UnlockPictures clears the student's wrong tries and lock.
func (p *Pictures) UnlockPictures(ctx context.Context, studentID string) (bool, error) {
	tag, err := p.DB.q(ctx).Exec(ctx, `update student_pictures set failed_tries = 0, locked_at = null
		where student_id = $1`, studentID)
	if err != nil {
		return false, fmt.Errorf("unlock pictures: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// PictureStatuses reads the picture passwords of the students.
func (p *Pictures) PictureStatuses(ctx context.Context, studentIDs []string) (map[string]badges.PictureStatus, error) {
	out := map[string]badges.PictureStatus{}
	if len(studentIDs) == 0 {
		return out, nil
	}
	rows, err := p.DB.q(ctx).Query(ctx, `select student_id::text, set_at, failed_tries, locked_at, last_used_at
		from student_pictures where student_id = any($1::uuid[])`, studentIDs)
	if err != nil {
		return nil, fmt.Errorf("read pictures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var st badges.PictureStatus
		var tries int
		var locked, used *time.Time
		if err := rows.Scan(&id, &st.SetAt, &tries, &locked, &used); err != nil {
			return nil, fmt.Errorf("read pictures: %w", err)
		}
		st.State, st.LockedAt, st.LastUsedAt = pictureState(tries), deref(locked), deref(used)
		out[id] = st
	}
	return out, rows.Err()
}

// pictureState is the state of a stored picture password with tries counted: locked once
// policy.MaxPictureTries are (the last of them may still be in flight).
func pictureState(tries int) string {
	if tries >= policy.MaxPictureTries {
		return badges.PicturesLocked
	}
	return badges.PicturesActive
}

// PictureStudent finds the student of a picture sign-in in grades -5..maxGrade: by username,
// or by id among the students enrolled in classID when classID is set.
func (p *Pictures) PictureStudent(ctx context.Context, username, classID, studentID string, maxGrade int) (accounts.Student, error) {
	var row pgx.Row
	if classID == "" {
		row = p.DB.q(ctx).QueryRow(ctx, `select`+studentColumns+studentFrom+`
			where lower(s.username) = lower($1) and s.grade between -5 and $2 and s.retired_at is null`, username, maxGrade)
	} else {
		if !isUUID(classID) || !isUUID(studentID) {
			return accounts.Student{}, accounts.ErrNotFound
		}
		row = p.DB.q(ctx).QueryRow(ctx, `select`+studentColumns+studentFrom+`
			where s.id = $1 and s.grade between -5 and $3 and s.retired_at is null
				and exists (select 1 from class_enrollments e where e.class_id = $2 and e.student_id = s.id)`,
			studentID, classID, maxGrade)
	}
	st, err := scanStudent(row)
	if err != nil && !errors.Is(err, accounts.ErrNotFound) {
		return accounts.Student{}, fmt.Errorf("read picture student: %w", err)
	}
	return st, err
}

// ClaimPictureTry counts a try in one UPDATE while fewer than policy.MaxPictureTries are
// counted: its row lock makes simultaneous tries take turns, so no more than the limit pass.
func (p *Pictures) ClaimPictureTry(ctx context.Context, studentID string) (badges.PictureTry, bool, bool, error) {
	var try badges.PictureTry
	err := p.DB.q(ctx).QueryRow(ctx, `update student_pictures set failed_tries = failed_tries + 1
		where student_id = $1 and failed_tries < $2 returning hash, failed_tries`,
		studentID, policy.MaxPictureTries).Scan(&try.Hash, &try.Tries)
	if err == nil {
		return try, true, false, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return badges.PictureTry{}, false, false, fmt.Errorf("claim picture try: %w", err)
	}
	var locked bool
	err = p.DB.q(ctx).QueryRow(ctx, `select failed_tries >= $2 from student_pictures where student_id = $1`,
		studentID, policy.MaxPictureTries).Scan(&locked)
	if errors.Is(err, pgx.ErrNoRows) {
		return badges.PictureTry{}, false, false, nil
	}
	if err != nil {
		return badges.PictureTry{}, false, false, fmt.Errorf("read picture tries: %w", err)
	}
	return badges.PictureTry{}, false, locked, nil
}

// PicturesRight clears the count of tries and the lock, and records the use.
func (p *Pictures) PicturesRight(ctx context.Context, studentID string, at time.Time) error {
	if _, err := p.DB.q(ctx).Exec(ctx, `update student_pictures set failed_tries = 0, locked_at = null,
		last_used_at = $2 where student_id = $1`, studentID, at); err != nil {
		return fmt.Errorf("record picture sign-in: %w", err)
	}
	return nil
}

// LockPictures locks the pictures once every try is counted and they are not locked yet.
func (p *Pictures) LockPictures(ctx context.Context, studentID string, at time.Time) (bool, error) {
	tag, err := p.DB.q(ctx).Exec(ctx, `update student_pictures set locked_at = $2
		where student_id = $1 and failed_tries >= $3 and locked_at is null`, studentID, at, policy.MaxPictureTries)
	if err != nil {
		return false, fmt.Errorf("lock pictures: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// ClassByPictureCode finds the class of a picture-sign-in code (accounts.ErrNotFound when none).
func (p *Pictures) ClassByPictureCode(ctx context.Context, code string) (string, string, error) {
	var id, name string
	err := p.DB.q(ctx).QueryRow(ctx, `select c.id::text, coalesce(nullif(c.name, ''), c.class_number)
		from class_picture_codes pc join classes c on c.id = pc.class_id where pc.code = $1`, code).Scan(&id, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", accounts.ErrNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("read class picture code: %w", err)
	}
	return id, name, nil
}

// PictureClassStudents lists the class's students in the badge grades with pictures.
func (p *Pictures) PictureClassStudents(ctx context.Context, classID string, maxGrade int) ([]badges.PictureClassStudent, error) {
	rows, err := p.DB.q(ctx).Query(ctx, `select s.id::text, s.first_name, s.last_name
		from class_enrollments e join students s on s.id = e.student_id
			join student_pictures sp on sp.student_id = s.id
		where e.class_id = $1 and s.grade between -5 and $2 and s.retired_at is null
		order by s.first_name, s.last_name, s.id`, classID, maxGrade)
	if err != nil {
		return nil, fmt.Errorf("read picture class: %w", err)
	}
	defer rows.Close()
	out := []badges.PictureClassStudent{}
	for rows.Next() {
		var st badges.PictureClassStudent
		var first, last string
		if err := rows.Scan(&st.ID, &first, &last); err != nil {
			return nil, fmt.Errorf("read picture class: %w", err)
		}
		st.DisplayName = badges.DisplayName(first, last)
		out = append(out, st)
	}
	return out, rows.Err()
}

// ClassPictureCode reads the class's code ("" when none).
func (p *Pictures) ClassPictureCode(ctx context.Context, classID string) (string, error) {
	var code string
	err := p.DB.q(ctx).QueryRow(ctx, `select code from class_picture_codes where class_id = $1`, classID).Scan(&code)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read class picture code: %w", err)
	}
	return code, nil
}

// PutClassPictureCode stores code as the class's. A code another class holds (1 in 31^8 a
// draw) is badges.ErrCodeTaken, checked in the statement so the transaction goes on.
func (p *Pictures) PutClassPictureCode(ctx context.Context, classID, staffID, code string, at time.Time, replace bool) (string, error) {
	onConflict := `do nothing`
	if replace {
		onConflict = `do update set code = excluded.code, created_by = excluded.created_by, created_at = excluded.created_at`
	}
	var stored string
	err := p.DB.q(ctx).QueryRow(ctx, `insert into class_picture_codes (class_id, code, created_by, created_at)
		select $1, $2, $3, $4 where not exists (select 1 from class_picture_codes where code = $2)
		on conflict (class_id) `+onConflict+` returning code`, classID, code, nullString(staffID), at).Scan(&stored)
	if err == nil {
		return stored, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("store class picture code: %w", err)
	}
	// Nothing stored: the code is taken, or (without replace) the class got a code meanwhile.
	if replace {
		return "", badges.ErrCodeTaken
	}
	if stored, err = p.ClassPictureCode(ctx, classID); err != nil || stored != "" {
		return stored, err
	}
	return "", badges.ErrCodeTaken
}
