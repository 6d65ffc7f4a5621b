package testapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Paths of the test API.
const (
	// Path is where the API creates students.
	Path = "/api/test/students"
	// StaffPath is where it creates staff members (a teacher with a class of students).
	StaffPath = "/api/test/staff"
	// GuardiansPath is where it creates verified guardians linked to students.
	GuardiansPath = "/api/test/guardians"
	// SchoolsPath is where it creates empty schools, so a test acting on a whole school
	// touches only its own students.
	SchoolsPath = "/api/test/schools"
)

// Register adds the test API's routes to e and logs a warning that they are on.
func Register(e *echo.Echo, cr *Creator, logger *slog.Logger) {
	logger.Warn("PORTAL_TEST_API is on: POST /api/test/... creates accounts for anyone who asks; never run it in production")
	e.POST(Path, create(cr.Create))
	e.POST(StaffPath, create(cr.CreateStaff))
	e.POST(GuardiansPath, create(cr.CreateGuardian))
	e.POST(SchoolsPath, create(cr.CreateSchool))
}

// create answers a POST that makes one thing from a JSON request of known fields.
func create[Req, Resp any](build func(context.Context, Req) (Resp, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req Req
		dec := json.NewDecoder(c.Request().Body)
		// A misspelt option would silently make something else than the test meant.
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
			return c.JSON(http.StatusBadRequest, apiError{Code: "invalid_json", Message: "Send a JSON object of known fields: " + err.Error()})
		}
		out, err := build(c.Request().Context(), req)
		var inputErr *InputError
		switch {
		case errors.As(err, &inputErr):
			return c.JSON(http.StatusBadRequest, apiError{Code: "invalid_test_request", Message: inputErr.Message})
		case errors.Is(err, ErrUnknownStudent):
			return c.JSON(http.StatusBadRequest, apiError{Code: "invalid_test_request", Message: "A student id names no student."})
		case errors.Is(err, ErrUnknownSchool):
			return c.JSON(http.StatusBadRequest, apiError{Code: "invalid_test_request", Message: "The schoolId names no school."})
		case errors.Is(err, ErrNoSchool):
			return c.JSON(http.StatusConflict, apiError{Code: "no_school",
				Message: "The database has no school; start the portal with PORTAL_DEMO=1."})
		case err != nil:
			return err
		}
		return c.JSON(http.StatusCreated, out)
	}
}

// apiError has the shape of the portal's error body.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
