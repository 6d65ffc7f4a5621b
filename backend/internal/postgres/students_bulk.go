package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
)

// The set-wise forms change.Writer.Defaults finds on the stores it is given.
var (
	_ change.BulkStore    = (*Students)(nil)
	_ audit.BatchRecorder = (*AuditLog)(nil)
	_ change.BulkMailer   = (*Outbox)(nil)
)

// SetDefaults makes each sealed default of ds its student's current password, as
// SetPassword does for one student with selfReset false, in one statement for the whole
// chunk: the students updated from arrays (unnest), their sign-in throttle rows deleted by
// key. It fails with accounts.ErrNotFound unless every student was updated; the caller's
// transaction then rolls back. It implements change.BulkStore.
func (st *Students) SetDefaults(ctx context.Context, ds []change.StudentDefault, at time.Time, mustChange bool) error {
	ids, keys := make([]string, len(ds)), make([]string, len(ds))
	sealed, keyIDs := make([][]byte, len(ds)), make([]string, len(ds))
	for i, d := range ds {
		if !isUUID(d.Student.ID) {
			return accounts.ErrNotFound
		}
		ids[i], keys[i] = d.Student.ID, accounts.SignInKey("student", d.Student.ID)
		sealed[i], keyIDs[i] = d.Secret.Sealed, d.Secret.KeyID
	}
	tag, err := st.DB.q(ctx).Exec(ctx, `with cleared as (delete from sign_in_attempts where attempt_key = any($4::text[]))
		update students s set
			password_hash = null, default_password_sealed = u.sealed, default_password_key_id = nullif(u.key_id, ''),
			default_password_issued_at = now(),
			must_change_password = $3, password_changed_at = $2, token_version = s.token_version + 1
		from unnest($1::uuid[], $5::bytea[], $6::text[]) as u(id, sealed, key_id)
		where s.id = u.id`, ids, at, mustChange, keys, sealed, keyIDs)
	if err != nil {
		return fmt.Errorf("set default passwords: %w", err)
	}
	if tag.RowsAffected() != int64(len(ds)) {
		return accounts.ErrNotFound
	}
	return nil
}

// GuardiansOf lists the guardians linked to each of the students, by student id, in one
// query, each student's in GuardianRecipients' order. It implements change.BulkStore.
func (st *Students) GuardiansOf(ctx context.Context, studentIDs []string) (map[string][]change.Recipient, error) {
	rows, err := st.DB.q(ctx).Query(ctx, `select l.student_id::text, g.email, g.name, g.locale from guardians g
		join guardian_links l on l.guardian_id = g.id where l.student_id = any($1::uuid[])
		order by l.student_id, g.created_at, g.id`, studentIDs)
	if err != nil {
		return nil, fmt.Errorf("read guardians of students: %w", err)
	}
	out := make(map[string][]change.Recipient)
	var id string
	var g change.Recipient
	_, err = pgx.ForEachRow(rows, []any{&id, &g.Email, &g.Name, &g.Locale}, func() error {
		out[id] = append(out[id], g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read guardians of students: %w", err)
	}
	return out, nil
}
