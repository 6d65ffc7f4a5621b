package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Placeholders of the contract's roster_import routes (issue 14), replaced as they are built.

// DryRunStaffRosterImport answers 501 until it is built.
func (s *Server) DryRunStaffRosterImport(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// ListStaffRosterImports answers 501 until it is built.
func (s *Server) ListStaffRosterImports(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// GetStaffRosterImport answers 501 until it is built.
func (s *Server) GetStaffRosterImport(c echo.Context, _ ImportId) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// ApplyStaffRosterImport answers 501 until it is built.
func (s *Server) ApplyStaffRosterImport(c echo.Context, _ ImportId) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}
