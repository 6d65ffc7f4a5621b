package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ListStaffSchools lists the schools whose roster the staff member may view.
func (s *Server) ListStaffSchools(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	schools, err := s.rosters.Schools(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	out := make([]StaffSchool, len(schools))
	for i, sc := range schools {
		out[i] = StaffSchool{Id: sc.ID, Name: sc.Name, DisplayCode: sc.DisplayCode, Grades: sc.Grades}
		if out[i].Grades == nil {
			out[i].Grades = []int{}
		}
	}
	return c.JSON(http.StatusOK, out)
}

// GetStaffRoster streams the school's roster as a JSON array, one student encoded at a
// time, so a school of any size costs the server one row.
func (s *Server) GetStaffRoster(c echo.Context, schoolID SchoolId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	school, err := s.rosters.School(ctx, sess.member, schoolID)
	if err != nil {
		return err
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	enc := json.NewEncoder(res)
	sep := "["
	err = s.rosters.Each(ctx, sess.member, school, func(r reports.RosterRow) error {
		if _, err := io.WriteString(res, sep); err != nil {
			return err
		}
		sep = ","
		return enc.Encode(rosterEntry(r))
	})
	if err != nil {
		if !res.Committed {
			res.Header().Del(echo.HeaderContentType)
		}
		return err
	}
	if sep == "[" {
		_, err = io.WriteString(res, "[]\n")
	} else {
		_, err = io.WriteString(res, "]\n")
	}
	return err
}

// ExportStaffRosterCsv streams the school's roster as CSV.
func (s *Server) ExportStaffRosterCsv(c echo.Context, schoolID SchoolId) error {
	return s.exportRoster(c, schoolID, reports.CSV, s.rosters.ExportCSV)
}

// ExportStaffRosterXlsx streams the school's roster as an Excel workbook.
func (s *Server) ExportStaffRosterXlsx(c echo.Context, schoolID SchoolId) error {
	return s.exportRoster(c, schoolID, reports.XLSX, s.rosters.ExportXLSX)
}

// schoolExport writes one file about a school in one format.
type schoolExport func(ctx context.Context, m accounts.Staff, school reports.School, w io.Writer) error

// exportRoster finds the school in the staff member's scope (404 outside it), then streams
// its roster.
func (s *Server) exportRoster(c echo.Context, schoolID string, format reports.Format, export schoolExport) error {
	return s.exportSchoolFile(c, "roster", format,
		func(ctx context.Context, m accounts.Staff) (reports.School, error) {
			return s.rosters.School(ctx, m, schoolID)
		},
		export)
}

// exportSchoolFile finds a school with find, then streams export's file about it as a
// download named after the file and the school's display code. An export that fails
// before its first byte leaves no download headers behind for the error's JSON.
func (s *Server) exportSchoolFile(c echo.Context, name string, format reports.Format,
	find func(context.Context, accounts.Staff) (reports.School, error), export schoolExport,
) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	school, err := find(ctx, sess.member)
	if err != nil {
		return err
	}
	mediaType := "text/csv; charset=utf-8"
	if format == reports.XLSX {
		mediaType = xlsxType
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, mediaType)
	res.Header().Set(echo.HeaderContentDisposition,
		`attachment; filename="`+name+`-`+fileCode(school.DisplayCode)+`.`+string(format)+`"`)
	res.Header().Set(echo.HeaderCacheControl, "no-store")
	if err := export(ctx, sess.member, school, res); err != nil {
		if !res.Committed {
			res.Header().Del(echo.HeaderContentType)
			res.Header().Del(echo.HeaderContentDisposition)
		}
		return err
	}
	return nil
}

// fileCode keeps the letters, digits and dashes of a display code, so a file name needs no
// quoting.
func fileCode(code string) string {
	out := strings.Map(func(r rune) rune {
		if r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, code)
	if out == "" {
		return "school"
	}
	return out
}

// rosterEntry is a roster row in the contract's shape.
func rosterEntry(r reports.RosterRow) RosterEntry {
	return RosterEntry{StudentNumber: r.StudentNumber, LastName: r.LastName, FirstName: r.FirstName, Grade: r.Grade,
		Email: r.Email, PinSet: r.PINSet, QuestionsSet: r.QuestionsSet, PasswordChangedAt: timePtr(r.PasswordChangedAt),
		MustChangePassword: r.MustChange}
}
