package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// StaffAudit implements reports.Store: the audit trail as staff read it.
type StaffAudit struct{ DB *DB }

var _ reports.Store = (*StaffAudit)(nil)

// uuidText matches the text of a uuid, so a CASE casts only ids that are one: the trail
// also names typed values and commands ("admin-command").
const uuidText = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`

// personByID reads a column of table for an audit id held as text, or null.
func personByID(column, table, idExpr string) string {
	return `case when ` + idExpr + ` ~ ` + uuidText + ` then (select x.` + column + ` from ` + table +
		` x where x.id = ` + idExpr + `::uuid) end`
}

// auditColumns name the people of an event (email, username, name) instead of their ids.
var auditColumns = `a.id, a.occurred_at, a.actor_kind,
	coalesce(case a.actor_kind
		when 'staff' then ` + personByID("email", "staff", "a.actor_id") + `
		when 'guardian' then ` + personByID("email", "guardians", "a.actor_id") + `
		when 'student' then ` + personByID("username", "students", "a.actor_id") + `
	end, a.actor_id),
	a.subject_kind,
	coalesce(case a.subject_kind
		when 'student' then s.first_name || ' ' || s.last_name || ' (' || s.username || ')'
		when 'staff' then ` + personByID("email", "staff", "a.subject_id") + `
	end, a.subject_id),
	coalesce(s.student_number, ''), a.action, a.path, a.outcome, a.reason, a.ip`

// AuditEvents reads the events of m's scope that pass f, newest first: events about
// students in the scope (as search draws it) and, for a district admin, events by or about
// the district's staff.
func (a *StaffAudit) AuditEvents(ctx context.Context, m accounts.Staff, f reports.Filter, limit int, fn func(reports.Entry) error) error {
	var args searchArgs
	scope, ok := searchScope(m, &args)
	if !ok {
		return nil
	}
	if m.Role == policy.RoleDistrictAdmin {
		staff := `(select x.id::text from staff x where x.district_id = ` + args.add(m.DistrictID) + `)`
		scope = `(` + scope + `) or (a.actor_kind = 'staff' and a.actor_id in ` + staff +
			`) or (a.subject_kind = 'staff' and a.subject_id in ` + staff + `)`
	}
	where := []string{`(` + scope + `)`}
	if f.StudentID != "" {
		where = append(where, `a.student_id = `+args.add(f.StudentID))
	}
	if f.StudentNumber != "" {
		where = append(where, `a.student_id = (select x.id from students x where x.student_number = `+args.add(f.StudentNumber)+`)`)
	}
	if f.StaffEmail != "" {
		where = append(where, `a.actor_kind = 'staff' and a.actor_id in (select x.id::text from staff x
			where lower(x.email) = lower(`+args.add(f.StaffEmail)+`))`)
	}
	if f.Action != "" {
		where = append(where, `a.action = `+args.add(f.Action))
	}
	if f.Path != "" {
		where = append(where, `a.path = `+args.add(f.Path))
	}
	if !f.From.IsZero() {
		where = append(where, `a.occurred_at >= `+args.add(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `a.occurred_at < `+args.add(f.To))
	}
	if f.Before > 0 {
		where = append(where, `a.id < `+args.add(f.Before))
	}
	sql := `select ` + auditColumns + ` from audit_events a
		left join students s on s.id = a.student_id left join schools sc on sc.id = s.school_id
		where ` + strings.Join(where, " and ") + ` order by a.id desc`
	if limit > 0 {
		sql += ` limit ` + args.add(limit)
	}
	rows, err := a.DB.q(ctx).Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("query audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e reports.Entry
		if err := rows.Scan(&e.ID, &e.OccurredAt, &e.ActorKind, &e.Actor, &e.SubjectKind, &e.Subject,
			&e.StudentNumber, &e.Action, &e.Path, &e.Outcome, &e.Reason, &e.IP); err != nil {
			return fmt.Errorf("scan audit event: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
