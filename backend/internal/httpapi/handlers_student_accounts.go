package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// ExportStaffStudentAccountsCsv streams a school's Student Accounts report as CSV.
func (s *Server) ExportStaffStudentAccountsCsv(c echo.Context, schoolID SchoolId) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

// ExportStaffStudentAccountsXlsx streams a school's Student Accounts report as XLSX.
func (s *Server) ExportStaffStudentAccountsXlsx(c echo.Context, schoolID SchoolId) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}
