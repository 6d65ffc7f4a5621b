package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/audit"
)

// AuditLog appends audit events.
type AuditLog struct{ DB *DB }

// Record appends e inside the transaction carried by ctx, if any.
func (a *AuditLog) Record(ctx context.Context, e audit.Event) error {
	if e.OccurredAt.IsZero() {
		e.OccurredAt = time.Now()
	}
	if e.IP == "" && e.UserAgent == "" {
		o := audit.OriginFrom(ctx)
		e.IP, e.UserAgent = o.IP, o.UserAgent
	}
	_, err := a.DB.q(ctx).Exec(ctx, `
		insert into audit_events (occurred_at, actor_kind, actor_id, subject_kind, subject_id,
			action, path, outcome, reason, ip, user_agent)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.OccurredAt, e.ActorKind, e.ActorID, e.SubjectKind, e.SubjectID,
		e.Action, e.Path, string(e.Outcome), e.Reason, e.IP, e.UserAgent)
	if err != nil {
		return fmt.Errorf("record audit event: %w", err)
	}
	return nil
}

// RecordMany appends events with one COPY inside the transaction carried by ctx, which it
// requires: a bulk change (district regeneration) records thousands of events a chunk, and
// a row-by-row insert would take longer than the change itself. Origins and zero times are
// filled in as Record fills them.
func (a *AuditLog) RecordMany(ctx context.Context, events []audit.Event) error {
	if len(events) == 0 {
		return nil
	}
	tx, err := a.DB.tx(ctx)
	if err != nil {
		return err
	}
	o, now := audit.OriginFrom(ctx), time.Now()
	rows := make([][]any, len(events))
	for i, e := range events {
		if e.OccurredAt.IsZero() {
			e.OccurredAt = now
		}
		if e.IP == "" && e.UserAgent == "" {
			e.IP, e.UserAgent = o.IP, o.UserAgent
		}
		rows[i] = []any{e.OccurredAt, e.ActorKind, e.ActorID, e.SubjectKind, e.SubjectID,
			e.Action, e.Path, string(e.Outcome), e.Reason, e.IP, e.UserAgent}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"audit_events"}, []string{"occurred_at", "actor_kind", "actor_id",
		"subject_kind", "subject_id", "action", "path", "outcome", "reason", "ip", "user_agent"},
		pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("record audit events: %w", err)
	}
	return nil
}

// SubjectEvents returns the events about one subject, newest first.
func (a *AuditLog) SubjectEvents(ctx context.Context, subjectKind, subjectID string) ([]audit.Event, error) {
	rows, err := a.DB.q(ctx).Query(ctx, `
		select occurred_at, actor_kind, actor_id, subject_kind, subject_id, action, path,
			outcome, reason, ip, user_agent
		from audit_events where subject_kind = $1 and subject_id = $2
		order by id desc`, subjectKind, subjectID)
	if err != nil {
		return nil, fmt.Errorf("query audit events: %w", err)
	}
	defer rows.Close()
	var events []audit.Event
	for rows.Next() {
		var e audit.Event
		var outcome string
		if err := rows.Scan(&e.OccurredAt, &e.ActorKind, &e.ActorID, &e.SubjectKind, &e.SubjectID,
			&e.Action, &e.Path, &outcome, &e.Reason, &e.IP, &e.UserAgent); err != nil {
			return nil, fmt.Errorf("scan audit event: %w", err)
		}
		e.Outcome = audit.Outcome(outcome)
		events = append(events, e)
	}
	return events, rows.Err()
}
