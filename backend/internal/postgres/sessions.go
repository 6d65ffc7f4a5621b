package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/family"
)

// Sessions keeps the sessions ended by a sign-out and reads a session's account together
// with whether the session is one of them.
type Sessions struct{ DB *DB }

// revokedColumn says whether the session id $2 was signed out; it rides along the account
// read, so a signed-in request still makes one query.
const revokedColumn = `, exists(select 1 from revoked_sessions where session_id = $2)`

// withColumn scans one more column after the ones a scanner of the row asks for, so the
// account scanners serve reads that carry an extra column too.
type withColumn struct {
	pgx.Row
	dest any
}

func (r withColumn) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.dest)...) }

// StudentSession reads the student of a session and whether sessionID was revoked, in one
// query.
func (s *Sessions) StudentSession(ctx context.Context, studentID, sessionID string) (accounts.Student, bool, error) {
	if !isUUID(studentID) {
		return accounts.Student{}, false, accounts.ErrNotFound
	}
	var revoked bool
	st, err := scanStudent(withColumn{s.DB.q(ctx).QueryRow(ctx, `select`+studentColumns+revokedColumn+studentFrom+`
		where s.id = $1`, studentID, sessionID), &revoked})
	return st, revoked, err
}

// GuardianSession reads the guardian of a family session and whether sessionID was
// revoked, in one query.
func (s *Sessions) GuardianSession(ctx context.Context, guardianID, sessionID string) (family.Guardian, bool, error) {
	if !isUUID(guardianID) {
		return family.Guardian{}, false, accounts.ErrNotFound
	}
	var revoked bool
	g, err := scanGuardian(withColumn{s.DB.q(ctx).QueryRow(ctx, `select `+guardianColumns+revokedColumn+`
		from guardians where id = $1`, guardianID, sessionID), &revoked})
	return g, revoked, err
}

// RevokeSession records that sessionID was signed out; it is kept until expires, when the
// session's token expires anyway. Revoking twice is no error.
func (s *Sessions) RevokeSession(ctx context.Context, sessionID string, expires time.Time) error {
	_, err := s.DB.q(ctx).Exec(ctx, `insert into revoked_sessions (session_id, expires_at) values ($1, $2)
		on conflict (session_id) do nothing`, sessionID, expires)
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// PurgeRevokedSessions deletes the revocations of sessions that expired before before:
// their tokens are refused for their expiry now.
func (s *Sessions) PurgeRevokedSessions(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.DB.q(ctx).Exec(ctx, `delete from revoked_sessions where expires_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge revoked sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}
