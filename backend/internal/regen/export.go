package regen

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// historyHeader names the history export's columns, as the contract lists them.
var historyHeader = []string{"Requested at", "Requested by", "PSU code", "Campus codes", "Grades", "Also reset",
	"Force change", "Comments", "Dry-run total", "Status", "Done", "Total", "Started at", "Finished at",
	"Duration (seconds)"}

// ExportCSV writes the district's history (as History lists it) to w as CSV with
// formula-safe cells, for district admins only. The export is audited before the first
// byte, so an export that cannot be audited is an error instead of a file.
func (s *Service) ExportCSV(ctx context.Context, m accounts.Staff, w io.Writer) error {
	history, err := s.History(ctx, m)
	if err != nil {
		return err
	}
	now := s.now()
	if err := s.Audit.Record(ctx, audit.Event{
		OccurredAt: now, ActorKind: "staff", ActorID: m.ID, SubjectKind: "district", SubjectID: m.DistrictID,
		Action: actionExported, Path: string(policy.PathDistrict), Outcome: audit.Succeeded,
	}); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(historyHeader); err != nil {
		return err
	}
	for _, r := range history {
		if err := cw.Write(historyRow(r, now)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// historyRow is one request as a row of the export, every cell neutralised.
func historyRow(r Status, now time.Time) []string {
	grades := make([]string, len(r.Grades))
	for i, g := range r.Grades {
		grades[i] = strconv.Itoa(g)
	}
	duration := ""
	if p := r.Progress(now); p.Started {
		duration = strconv.FormatFloat(p.Duration.Seconds(), 'f', 1, 64)
	}
	row := []string{stamp(r.ConfirmedAt), r.RequesterName, r.PSUCode, strings.Join(r.CampusCodes, ","),
		strings.Join(grades, ","), yesNo(r.AlsoReset), yesNo(r.ForceChange), r.Comments, strconv.Itoa(r.DryRun.Total),
		r.State, strconv.Itoa(r.Done), strconv.Itoa(r.Total), stamp(r.StartedAt), stamp(r.FinishedAt), duration}
	for i := range row {
		row[i] = reports.SafeCell(row[i])
	}
	return row
}

// stamp is a time in UTC, ISO 8601; empty for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
