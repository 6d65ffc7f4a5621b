package reports

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// School is a school whose roster a staff member may view.
type School struct {
	ID          string
	Name        string
	DisplayCode string
	// Grades are the grades with students in the staff member's scope, lowest first.
	Grades []int
}

// RosterRow is a student of a roster with the account's status; never a password.
type RosterRow struct {
	StudentNumber string
	LastName      string
	FirstName     string
	Grade         int
	Email         string
	PINSet        bool
	QuestionsSet  bool
	// PasswordChangedAt is zero while the school-issued password stands.
	PasswordChangedAt time.Time
	MustChange        bool
}

// RosterStore reads rosters in a staff member's scope.
type RosterStore interface {
	// Schools lists the schools in m's scope by name: a district admin's district, a school
	// admin's school, the schools of a teacher's official classes.
	Schools(ctx context.Context, m accounts.Staff) ([]School, error)
	// School returns the school with id when it is in m's scope, else accounts.ErrNotFound.
	School(ctx context.Context, m accounts.Staff, id string) (School, error)
	// Roster calls fn for each student of school in m's scope, by last name, first name (as
	// search folds them: case and accents aside) and student ID, as the rows arrive; fn's
	// error stops the reading.
	Roster(ctx context.Context, m accounts.Staff, schoolID string, fn func(RosterRow) error) error
}

// Rosters serves View Report: the schools in scope, a school's roster and its downloads.
type Rosters struct {
	Store RosterStore
	// Exports writes, audits and bounds the downloads, with every other school file's.
	Exports *Exports
}

// rosterHeader names the roster's columns, in the files' order.
var rosterHeader = []string{"Student ID", "Last name", "First name", "Grade", "Email", "PIN set",
	"Questions set", "Last change", "Must change"}

// Schools lists the schools whose roster m may view.
func (r *Rosters) Schools(ctx context.Context, m accounts.Staff) ([]School, error) {
	return r.Store.Schools(ctx, m)
}

// School finds a school in m's scope; a school outside it is accounts.ErrNotFound, exactly
// as one that does not exist.
func (r *Rosters) School(ctx context.Context, m accounts.Staff, id string) (School, error) {
	return r.Store.School(ctx, m, id)
}

// Each calls fn for each student of school's roster in m's scope.
func (r *Rosters) Each(ctx context.Context, m accounts.Staff, school School, fn func(RosterRow) error) error {
	return r.Store.Roster(ctx, m, school.ID, fn)
}

// rosterFile is the roster download: no password in it, only the account's status.
var rosterFile = fileKind{
	subject: "roster", action: "roster_exported", contents: "student records", sheet: "Roster",
	header: rosterHeader, numberColumn: 3,
}

// ExportCSV writes school's roster in m's scope to w as CSV, streamed as read, with
// formula-safe cells, after a line marking the file confidential. The download is audited
// when it ends, with the rows written, whether it succeeded or failed; beyond MaxExports
// downloads at once it is refused with ErrExportsBusy.
func (r *Rosters) ExportCSV(ctx context.Context, m accounts.Staff, school School, w io.Writer) error {
	return r.Exports.write(ctx, m, school, rosterFile, CSV, w, r.rows(ctx, m, school))
}

// ExportXLSX writes school's roster in m's scope to w as a workbook of one sheet: the
// confidential marker row, the header, then the students as read, Grade a number cell. It
// is audited and bounded as ExportCSV is.
func (r *Rosters) ExportXLSX(ctx context.Context, m accounts.Staff, school School, w io.Writer) error {
	return r.Exports.write(ctx, m, school, rosterFile, XLSX, w, r.rows(ctx, m, school))
}

// rows streams school's roster in m's scope as file rows.
func (r *Rosters) rows(ctx context.Context, m accounts.Staff, school School) fileRows {
	return func(emit func([]string, int) error) error {
		cells := make([]string, 0, len(rosterHeader))
		return r.Store.Roster(ctx, m, school.ID, func(row RosterRow) error {
			cells = row.cells(cells[:0])
			return emit(cells, row.Grade)
		})
	}
}

// cells appends row's cells, in rosterHeader's order, to dst.
func (row RosterRow) cells(dst []string) []string {
	changed := ""
	if !row.PasswordChangedAt.IsZero() {
		changed = row.PasswordChangedAt.UTC().Format(time.RFC3339)
	}
	return append(dst, row.StudentNumber, row.LastName, row.FirstName, strconv.Itoa(row.Grade), row.Email,
		yesNo(row.PINSet), yesNo(row.QuestionsSet), changed, yesNo(row.MustChange))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
