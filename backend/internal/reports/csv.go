package reports

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// csvHeader names the export's columns.
var csvHeader = []string{"time", "actor kind", "actor", "subject kind", "subject", "student ID",
	"action", "path", "outcome", "reason", "IP"}

// plainNumber is a cell a spreadsheet reads as a number and nothing else, such as grade -1.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// SafeCell returns s as a cell a spreadsheet never runs: text starting with "=", "+", "-",
// "@", a tab or a carriage return gets a leading apostrophe (OWASP's rule against formula
// injection), unless it is a plain number, which stays a number.
func SafeCell(s string) string {
	if s == "" || plainNumber.MatchString(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// ExportCSV writes every event of m's scope that passes f to w as CSV, streamed as read,
// with formula-safe cells. The export itself is audited first, so even an export that fails
// halfway leaves its trace.
func (a *Audit) ExportCSV(ctx context.Context, m accounts.Staff, f Filter, w io.Writer) error {
	now := time.Now()
	if a.Now != nil {
		now = a.Now()
	}
	if err := a.Recorder.Record(ctx, audit.Event{
		OccurredAt: now, ActorKind: "staff", ActorID: m.ID, SubjectKind: "audit", SubjectID: f.summary(),
		Action: "audit_exported", Path: string(policy.PathStaff), Outcome: audit.Succeeded,
	}); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	err := a.Store.AuditEvents(ctx, m, f, 0, func(e Entry) error {
		row = append(row[:0], e.OccurredAt.UTC().Format(time.RFC3339), e.ActorKind, e.Actor, e.SubjectKind,
			e.Subject, e.StudentNumber, e.Action, e.Path, e.Outcome, e.Reason, e.IP)
		for i := range row {
			row[i] = SafeCell(row[i])
		}
		return cw.Write(row)
	})
	if err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

// summary names the filter in the export's audit event (its subject), so the trail says
// what was exported; it is bounded, as the filter comes from a request.
func (f Filter) summary() string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	add("student", f.StudentID+f.StudentNumber)
	add("staff", f.StaffEmail)
	add("action", f.Action)
	add("path", f.Path)
	if !f.From.IsZero() {
		add("from", f.From.Format(time.DateOnly))
	}
	if !f.To.IsZero() {
		add("to", f.To.AddDate(0, 0, -1).Format(time.DateOnly))
	}
	s := strings.Join(parts, " ")
	if r := []rune(s); len(r) > maxSummaryLength {
		s = string(r[:maxSummaryLength])
	}
	return s
}

// maxSummaryLength bounds the filter as written into the audit trail.
const maxSummaryLength = 200
