package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Placeholders of the contract's sso routes (issue 14), replaced as they are built.

// GetStaffSsoSettings answers 501 until it is built.
func (s *Server) GetStaffSsoSettings(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// TestStaffSso answers 501 until it is built.
func (s *Server) TestStaffSso(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// StartStaffSso answers 501 until it is built.
func (s *Server) StartStaffSso(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}

// FinishStaffSso answers 501 until it is built.
func (s *Server) FinishStaffSso(c echo.Context, _ FinishStaffSsoParams) error {
	return echo.NewHTTPError(http.StatusNotImplemented, "not built yet")
}
