package reports

import (
	"archive/zip"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// ErrExportsBusy refuses a download while MaxExports others are running.
var ErrExportsBusy = errors.New("reports: too many exports at once")

// Exports writes the school files staff download (a roster, the Student Accounts report)
// the one way they share: streamed as read, headed by a line marking the file
// confidential, formula-safe, audited when it ends, and bounded together.
type Exports struct {
	Recorder audit.Recorder
	Now      func() time.Time
	// MaxExports bounds the downloads of every kind running at once (0: no bound). A
	// 100,000-student workbook costs a core for a second and some 70 MB of heap, so a burst
	// of them must wait its turn instead of taking the server's memory.
	MaxExports int

	slotsOnce sync.Once
	slots     chan struct{}
}

// Format is a download's file format.
type Format string

// Download formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// fileKind is one kind of school file: what the audit trail and the confidential line call
// it, its workbook sheet and its columns.
type fileKind struct {
	subject  string
	action   string
	contents string
	sheet    string
	header   []string
	// numberColumn is the index of the one number cell of a row (the grade).
	numberColumn int
}

// fileRows streams a file's rows to emit: each row's cells as text in the header's order,
// and the value of its number column. emit neutralises the cells in place.
type fileRows func(emit func(cells []string, number int) error) error

// write writes one file of kind about school to w in format, once a slot is free, and
// audits it: beyond MaxExports downloads at once it is refused (audited) with
// ErrExportsBusy, before a byte is written.
func (e *Exports) write(ctx context.Context, m accounts.Staff, school School, kind fileKind, format Format, w io.Writer, rows fileRows) error {
	release, err := e.acquire(ctx, m, school, kind, format)
	if err != nil {
		return err
	}
	defer release()
	marker := SafeCell(fmt.Sprintf("CONFIDENTIAL: %s of %s (%s), exported %s by %s. Do not share.",
		kind.contents, school.Name, school.DisplayCode, e.now().UTC().Format(time.RFC3339), m.Email))
	var n int
	if format == XLSX {
		n, err = writeXLSX(kind, marker, w, rows)
	} else {
		n, err = writeCSV(kind, marker, w, rows)
	}
	return e.audited(ctx, m, school, kind, format, n, err)
}

// writeCSV writes the marker line, the header and the rows as CSV; it returns the rows
// written.
func writeCSV(kind fileKind, marker string, w io.Writer, rows fileRows) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{marker}); err != nil {
		return 0, err
	}
	if err := cw.Write(kind.header); err != nil {
		return 0, err
	}
	n := 0
	err := rows(func(cells []string, _ int) error {
		for i := range cells {
			cells[i] = SafeCell(cells[i])
		}
		n++
		return cw.Write(cells)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// fastZip deflates a workbook at flate's best speed: for 100,000 students the default
// level takes a fifth more time (near the 2 s target on a busy server) for a file a
// fifth smaller (4.5 MB against 5.6 MB).
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return zw
}

// writeXLSX writes a workbook of one sheet: the marker row, the header, then the rows.
// excelize's StreamWriter keeps the sheet in a temporary file past a few megabytes, so a
// large school never sits in memory. The number column is a number cell; every other cell
// is text, neutralised as in the CSV: excelize never makes a formula of a string, but a
// workbook re-saved as CSV must stay as safe as the CSV.
func writeXLSX(kind fileKind, marker string, w io.Writer, rows fileRows) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	if err := f.SetSheetName("Sheet1", kind.sheet); err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(kind.sheet)
	if err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", []any{marker}); err != nil {
		return 0, err
	}
	values := make([]any, len(kind.header))
	for i, h := range kind.header {
		values[i] = h
	}
	if err := sw.SetRow("A2", values); err != nil {
		return 0, err
	}
	n := 0
	err = rows(func(cells []string, number int) error {
		for i, c := range cells {
			values[i] = SafeCell(c)
		}
		values[kind.numberColumn] = number
		n++
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, values)
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, f.Write(w)
}

// acquire takes one of the MaxExports slots, or refuses the download (audited) when none is
// free: the caller retries in a moment rather than queueing behind the running exports.
func (e *Exports) acquire(ctx context.Context, m accounts.Staff, school School, kind fileKind, format Format) (func(), error) {
	if e.MaxExports <= 0 {
		return func() {}, nil
	}
	e.slotsOnce.Do(func() { e.slots = make(chan struct{}, e.MaxExports) })
	select {
	case e.slots <- struct{}{}:
		return func() { <-e.slots }, nil
	default:
	}
	if err := e.refused(ctx, m, kind, fmt.Sprintf("school=%s format=%s", school.ID, format), "exports_busy"); err != nil {
		return nil, err
	}
	return nil, ErrExportsBusy
}

// refused records a download refused before it began.
func (e *Exports) refused(ctx context.Context, m accounts.Staff, kind fileKind, subject, reason string) error {
	return e.Recorder.Record(ctx, audit.Event{
		OccurredAt: e.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: kind.subject, SubjectID: subject,
		Action: kind.action, Path: string(policy.PathStaff), Outcome: audit.Refused, Reason: reason,
	})
}

// audited records a download with its format and row count; an export that failed is
// recorded as failed with the rows it wrote, and keeps its error. The record outlives a
// cancelled request, since a client that hangs up mid-file still took rows away.
func (e *Exports) audited(ctx context.Context, m accounts.Staff, school School, kind fileKind, format Format, rows int, exportErr error) error {
	outcome, reason := audit.Succeeded, ""
	if exportErr != nil {
		outcome, reason = audit.Failed, "export_failed"
	}
	err := e.Recorder.Record(context.WithoutCancel(ctx), audit.Event{
		OccurredAt: e.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: kind.subject,
		SubjectID: fmt.Sprintf("school=%s format=%s rows=%d", school.ID, format, rows),
		Action:    kind.action, Path: string(policy.PathStaff), Outcome: outcome, Reason: reason,
	})
	if exportErr != nil {
		return fmt.Errorf("export %s: %w", kind.subject, exportErr)
	}
	return err
}

func (e *Exports) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}
