package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// ListStaffRegenerations answers the district's regeneration history.
func (s *Server) ListStaffRegenerations(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

// ExportStaffRegenerationsCsv streams the district's regeneration history as CSV.
func (s *Server) ExportStaffRegenerationsCsv(c echo.Context) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

// GetStaffRegeneration answers one request with its live progress.
func (s *Server) GetStaffRegeneration(c echo.Context, requestID RequestId) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

// RunStaffRegeneration confirms a dry run's draft and queues it.
func (s *Server) RunStaffRegeneration(c echo.Context, requestID RequestId) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}

// CancelStaffRegeneration stops a queued or running request.
func (s *Server) CancelStaffRegeneration(c echo.Context, requestID RequestId) error {
	return echo.NewHTTPError(http.StatusNotImplemented)
}
