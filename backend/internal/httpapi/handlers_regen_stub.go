package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// DryRunStaffRegeneration is district regeneration's dry run (issue 13): the contract is in
// place, the handler lands next.
func (s *Server) DryRunStaffRegeneration(c echo.Context) error {
	return c.JSON(http.StatusNotImplemented, Error{Code: "not_implemented", Message: "District regeneration is not built yet."})
}
