package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Placeholders of the contract's directory routes (issue 14), replaced as they are built.

// GetStaffDirectoryStatus answers 501 until it is built.
func (s *Server) GetStaffDirectoryStatus(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// TestStaffDirectory answers 501 until it is built.
func (s *Server) TestStaffDirectory(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}
