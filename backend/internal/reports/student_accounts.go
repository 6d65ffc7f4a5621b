package reports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Password statuses of the Student Accounts report, worded as the contract words them.
const (
	// StatusDefault: the student's current password is a school-issued default, shown.
	StatusDefault = "default, not changed yet"
	// StatusDefaultOnFile: a regeneration without "also reset" left a district default the
	// student has not needed, shown; the student signs in with their own password.
	StatusDefaultOnFile = "new default on file, own password in use"
	// StatusOwn: the student chose their own password; nothing to show.
	StatusOwn = "own password"
)

// ErrNotAllowed refuses the Student Accounts report to a teacher: it holds passwords, and
// is for the school's and the district's administrators.
var ErrNotAllowed = errors.New("reports: the Student Accounts report is for school and district admins")

// AccountRecord is one row of the Student Accounts report as stored: a student and one of
// the student's classes, the default passwords still sealed.
type AccountRecord struct {
	// ClassNumber and ClassName are empty for a student without a class; Teachers names
	// the class's teachers.
	ClassNumber, ClassName, Teachers string
	// StudentID is the student's id, which the sealed passwords are bound to.
	StudentID                                    string
	StudentNumber, LastName, FirstName, Username string
	Grade                                        int
	// CurrentSealed is the student's current password while it is a school-issued default
	// (nil once the student chose their own), sealed under CurrentKeyID.
	CurrentSealed []byte
	CurrentKeyID  string
	// OnFileSealed is the district default on file for the student (nil when none), sealed
	// under OnFileKeyID.
	OnFileSealed []byte
	OnFileKeyID  string
}

// AccountStore reads the Student Accounts report of a school.
type AccountStore interface {
	// StudentAccounts calls fn for each student of schoolID and each class of the student at
	// the school (once, with no class, for a student without one), by class number, then
	// last name and first name (as search folds them) and student ID, as the rows arrive;
	// fn's error stops the reading.
	StudentAccounts(ctx context.Context, schoolID string, fn func(AccountRecord) error) error
}

// SchoolFinder finds a school in a staff member's scope (RosterStore is one).
type SchoolFinder interface {
	// School returns the school with id when it is in m's scope, else accounts.ErrNotFound.
	School(ctx context.Context, m accounts.Staff, id string) (School, error)
}

// Opener opens sealed default passwords (package accounts' Sealer).
type Opener interface {
	Open(sealed []byte, keyID string, associatedData []byte) (string, error)
}

// StudentAccounts serves the Student Accounts report: by class, each student's username
// and default password while the student has not replaced it, so a school can check a
// regeneration and hand passwords out.
type StudentAccounts struct {
	Schools SchoolFinder
	Store   AccountStore
	Sealer  Opener
	// Exports writes, audits and bounds the downloads, with every other school file's.
	Exports *Exports
}

// accountsHeader names the report's columns, in the files' order.
var accountsHeader = []string{"Class", "Teacher", "Student ID", "Last name", "First name", "Grade",
	"Username", "Default password", "Password status"}

// accountsFile is the Student Accounts download.
var accountsFile = fileKind{
	subject: "student_accounts", action: "student_accounts_exported",
	contents: "student accounts and default passwords", sheet: "Student Accounts",
	header: accountsHeader, numberColumn: 5,
}

// School finds the school whose report m asks for in format: a school admin's own school,
// any school of a district admin's district (scope as the roster draws it); another is
// accounts.ErrNotFound. A teacher is refused with ErrNotAllowed, and the refusal audited,
// whatever the school.
func (s *StudentAccounts) School(ctx context.Context, m accounts.Staff, id string, format Format) (School, error) {
	if !policy.MayExportStudentAccounts(m.Role) {
		if err := s.Exports.refused(ctx, m, accountsFile, fmt.Sprintf("school=%s format=%s", id, format), "not_allowed"); err != nil {
			return School{}, err
		}
		return School{}, ErrNotAllowed
	}
	return s.Schools.School(ctx, m, id)
}

// Export writes school's Student Accounts report to w in format, streamed as read, after a
// line marking it confidential; cells formula-safe, Grade a number cell in the workbook.
// The download is audited when it ends with its row count, and beyond MaxExports
// downloads at once refused with ErrExportsBusy. school comes from School.
func (s *StudentAccounts) Export(ctx context.Context, m accounts.Staff, school School, format Format, w io.Writer) error {
	return s.Exports.write(ctx, m, school, accountsFile, format, w, func(emit func([]string, int) error) error {
		cells := make([]string, 0, len(accountsHeader))
		return s.Store.StudentAccounts(ctx, school.ID, func(rec AccountRecord) error {
			password, status, err := s.password(rec)
			if err != nil {
				return err
			}
			cells = append(cells[:0], classCell(rec.ClassNumber, rec.ClassName), rec.Teachers, rec.StudentNumber,
				rec.LastName, rec.FirstName, strconv.Itoa(rec.Grade), rec.Username, password, status)
			return emit(cells, rec.Grade)
		})
	})
}

// password opens the default password a row shows, with its status: the current one while
// the student still signs in with a school-issued default, else the district default on
// file, else none.
func (s *StudentAccounts) password(rec AccountRecord) (string, string, error) {
	sealed, keyID, status := rec.CurrentSealed, rec.CurrentKeyID, StatusDefault
	if len(sealed) == 0 {
		sealed, keyID, status = rec.OnFileSealed, rec.OnFileKeyID, StatusDefaultOnFile
	}
	if len(sealed) == 0 {
		return "", StatusOwn, nil
	}
	pw, err := s.Sealer.Open(sealed, keyID, []byte(rec.StudentID))
	if err != nil {
		return "", "", fmt.Errorf("open default password of student %s: %w", rec.StudentID, err)
	}
	return pw, status, nil
}

// classCell names a class by its number, and its name when it has one: "K-1 (Homeroom)".
func classCell(number, name string) string {
	if name = strings.TrimSpace(name); name == "" || name == number {
		return number
	}
	return number + " (" + name + ")"
}
