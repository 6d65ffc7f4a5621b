package testapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Path is where the API creates students.
const Path = "/api/test/students"

// Register adds the test API's routes to e and logs a warning that they are on.
func Register(e *echo.Echo, cr *Creator, logger *slog.Logger) {
	logger.Warn("PORTAL_TEST_API is on: POST " + Path + " creates accounts for anyone who asks; never run it in production")
	e.POST(Path, func(c echo.Context) error {
		var req StudentRequest
		dec := json.NewDecoder(c.Request().Body)
		// A misspelt option would silently make a different student than the test meant.
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
			return c.JSON(http.StatusBadRequest, apiError{Code: "invalid_json", Message: "Send a JSON object of known fields: " + err.Error()})
		}
		st, err := cr.Create(c.Request().Context(), req)
		var inputErr *InputError
		switch {
		case errors.As(err, &inputErr):
			return c.JSON(http.StatusBadRequest, apiError{Code: "invalid_test_student", Message: inputErr.Message})
		case errors.Is(err, ErrNoSchool):
			return c.JSON(http.StatusConflict, apiError{Code: "no_school",
				Message: "The database has no school; start the portal with PORTAL_DEMO=1."})
		case err != nil:
			return err
		}
		return c.JSON(http.StatusCreated, st)
	})
}

// apiError has the shape of the portal's error body.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
