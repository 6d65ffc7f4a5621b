package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/selfservice"
)

// Recovery stores security answers and the forgot-password attempt counters.
type Recovery struct{ DB *DB }

// Answers returns a student's three hashed answers in order, or none.
func (r *Recovery) Answers(ctx context.Context, studentID string) ([]selfservice.StoredAnswer, error) {
	rows, err := r.DB.q(ctx).Query(ctx, `select question_id, answer_hash from student_security_answers
		where student_id = $1 order by position`, studentID)
	if err != nil {
		return nil, fmt.Errorf("query answers: %w", err)
	}
	defer rows.Close()
	var answers []selfservice.StoredAnswer
	for rows.Next() {
		var a selfservice.StoredAnswer
		if err := rows.Scan(&a.QuestionID, &a.AnswerHash); err != nil {
			return nil, fmt.Errorf("scan answer: %w", err)
		}
		answers = append(answers, a)
	}
	return answers, rows.Err()
}

// ReplaceAnswers stores a student's three hashed answers in place of the old ones.
func (r *Recovery) ReplaceAnswers(ctx context.Context, studentID string, answers []selfservice.StoredAnswer, at time.Time) error {
	q := r.DB.q(ctx)
	if _, err := q.Exec(ctx, `delete from student_security_answers where student_id = $1`, studentID); err != nil {
		return fmt.Errorf("delete answers: %w", err)
	}
	for i, a := range answers {
		if _, err := q.Exec(ctx, `insert into student_security_answers (student_id, position, question_id, answer_hash)
			values ($1, $2, $3, $4)`, studentID, i, a.QuestionID, a.AnswerHash); err != nil {
			return fmt.Errorf("insert answer: %w", err)
		}
	}
	if _, err := q.Exec(ctx, `update students set questions_set_at = $2 where id = $1`, studentID, at); err != nil {
		return fmt.Errorf("stamp questions: %w", err)
	}
	return nil
}

// LockAttempts reads the attempt counters of a username key and locks them
// until the transaction in ctx ends, creating them when missing: concurrent
// guesses at one username are counted one after another, never lost.
func (r *Recovery) LockAttempts(ctx context.Context, usernameKey string) (policy.RecoveryState, error) {
	tx, err := r.DB.tx(ctx)
	if err != nil {
		return policy.RecoveryState{}, err
	}
	if _, err := tx.Exec(ctx, `insert into recovery_attempts (username_key) values ($1)
		on conflict (username_key) do nothing`, usernameKey); err != nil {
		return policy.RecoveryState{}, fmt.Errorf("create attempts: %w", err)
	}
	var st policy.RecoveryState
	var lockedUntil *time.Time
	err = tx.QueryRow(ctx, `select consecutive_failures, locked_until, disabled from recovery_attempts
		where username_key = $1 for update`, usernameKey).Scan(&st.ConsecutiveFailures, &lockedUntil, &st.Disabled)
	if err != nil {
		return policy.RecoveryState{}, fmt.Errorf("lock attempts: %w", err)
	}
	st.LockedUntil = deref(lockedUntil)
	return st, nil
}

// SaveAttempts writes the attempt counters of a username key.
func (r *Recovery) SaveAttempts(ctx context.Context, usernameKey string, st policy.RecoveryState, at time.Time) error {
	_, err := r.DB.q(ctx).Exec(ctx, `insert into recovery_attempts
			(username_key, consecutive_failures, locked_until, disabled, updated_at)
		values ($1, $2, $3, $4, $5)
		on conflict (username_key) do update set consecutive_failures = excluded.consecutive_failures,
			locked_until = excluded.locked_until, disabled = excluded.disabled, updated_at = excluded.updated_at`,
		usernameKey, st.ConsecutiveFailures, nullTime(st.LockedUntil), st.Disabled, at)
	if err != nil {
		return fmt.Errorf("save attempts: %w", err)
	}
	return nil
}

// PurgeRecoveryAttempts deletes attempt counters past retention: idle ones
// that lock nothing, and disabled ones of usernames that belong to no student.
func (r *Recovery) PurgeRecoveryAttempts(ctx context.Context, now, idleBefore, unknownBefore time.Time) (int64, error) {
	tag, err := r.DB.q(ctx).Exec(ctx, `delete from recovery_attempts a
		where (not a.disabled and a.updated_at < $2 and (a.locked_until is null or a.locked_until < $1))
		   or (a.disabled and a.updated_at < $3
		       and not exists (select 1 from students s where lower(s.username) = a.username_key))`,
		now, idleBefore, unknownBefore)
	if err != nil {
		return 0, fmt.Errorf("purge recovery attempts: %w", err)
	}
	return tag.RowsAffected(), nil
}
