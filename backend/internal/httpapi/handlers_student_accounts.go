package httpapi

import (
	"context"
	"io"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// ExportStaffStudentAccountsCsv streams a school's Student Accounts report as CSV.
func (s *Server) ExportStaffStudentAccountsCsv(c echo.Context, schoolID SchoolId) error {
	return s.exportStudentAccounts(c, schoolID, reports.CSV)
}

// ExportStaffStudentAccountsXlsx streams a school's Student Accounts report as XLSX.
func (s *Server) ExportStaffStudentAccountsXlsx(c echo.Context, schoolID SchoolId) error {
	return s.exportStudentAccounts(c, schoolID, reports.XLSX)
}

// exportStudentAccounts refuses a teacher (403), finds the school in the admin's scope
// (404 outside it), then streams its report as a download.
func (s *Server) exportStudentAccounts(c echo.Context, schoolID string, format reports.Format) error {
	return s.exportSchoolFile(c, "student-accounts", format,
		func(ctx context.Context, m accounts.Staff) (reports.School, error) {
			return s.studentAccounts.School(ctx, m, schoolID, format)
		},
		func(ctx context.Context, m accounts.Staff, school reports.School, w io.Writer) error {
			return s.studentAccounts.Export(ctx, m, school, format, w)
		})
}
