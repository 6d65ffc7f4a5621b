package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// notYet answers a route of the contract whose branch has not landed: 501.
func notYet(echo.Context) error { return echo.NewHTTPError(http.StatusNotImplemented) }
