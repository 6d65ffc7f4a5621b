package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// requestError is a malformed request: the body is not JSON, a field has the
// wrong type, a field is unknown or missing. It answers 400 (or 415).
type requestError struct {
	status  int
	code    string
	message string
	rule    string
	field   string
}

func (e *requestError) Error() string { return e.message }

// decode reads a JSON body into dst strictly: unknown fields are refused, and
// every field named in required must be present and not null. Each failure
// says which field and which rule, in plain words.
func decode(c echo.Context, dst any, required ...string) error {
	req := c.Request()
	if mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); err != nil || mt != echo.MIMEApplicationJSON {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			message: "Send the request as JSON (Content-Type: application/json)."}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return fmt.Errorf("read body: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return jsonError(err)
	}
	for _, name := range required {
		if raw, ok := fields[name]; !ok || string(raw) == "null" {
			return missingField(name)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	return nil
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &requestError{status: http.StatusBadRequest, code: "invalid_json",
			message: "The request is not valid JSON."}
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return &requestError{status: http.StatusBadRequest, code: "invalid_json",
				message: "The request must be a JSON object."}
		}
		return &requestError{status: http.StatusBadRequest, code: "invalid_type", rule: "type", field: typeErr.Field,
			message: fmt.Sprintf("The field %q must be %s.", typeErr.Field, kindName(typeErr.Type.Kind().String()))}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &requestError{status: http.StatusBadRequest, code: "unknown_field", rule: "unknown_field", field: field,
			message: fmt.Sprintf("The field %q is not part of this request.", field)}
	default:
		return &requestError{status: http.StatusBadRequest, code: "invalid_json", message: "The request is not valid JSON."}
	}
}

func kindName(kind string) string {
	switch kind {
	case "string":
		return "text"
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	default:
		return "a number"
	}
}

// missingField is the refusal of a request without a field its other fields make required.
func missingField(name string) error {
	return &requestError{status: http.StatusBadRequest, code: "missing_field", rule: "required", field: name,
		message: fmt.Sprintf("The field %q is missing.", name)}
}

// badEnum is the refusal of a field outside its allowed values; message lists them.
func badEnum(field, message string) error {
	return &requestError{status: http.StatusBadRequest, code: "invalid_parameter", rule: "enum", field: field, message: message}
}

// passwordReset is a student's password reset by someone else, a guardian or a staff
// member, as decoded from a ChildResetRequest. Its fields are those of family.ChildReset and
// schoolreset.Reset, so it converts to either.
type passwordReset struct {
	Generate        bool
	NewPassword     string
	ConfirmPassword string
	MustChange      bool
}

// decodeReset reads a ChildResetRequest: a typed password needs both boxes, and a generated
// one must come with neither, since the portal chooses it.
func decodeReset(c echo.Context) (passwordReset, error) {
	var req ChildResetRequest
	if err := decode(c, &req, "mode", "mustChange"); err != nil {
		return passwordReset{}, err
	}
	reset := passwordReset{MustChange: req.MustChange}
	switch req.Mode {
	case ChildResetRequestModeTyped:
		if req.NewPassword == nil {
			return passwordReset{}, missingField("newPassword")
		}
		if req.ConfirmPassword == nil {
			return passwordReset{}, missingField("confirmPassword")
		}
		reset.NewPassword, reset.ConfirmPassword = *req.NewPassword, *req.ConfirmPassword
	case ChildResetRequestModeGenerated:
		if req.NewPassword != nil || req.ConfirmPassword != nil {
			field := "newPassword"
			if req.NewPassword == nil {
				field = "confirmPassword"
			}
			return passwordReset{}, &requestError{status: http.StatusBadRequest, code: "unexpected_field", rule: "unknown_field", field: field,
				message: `A generated password comes from the portal: leave out "newPassword" and "confirmPassword".`}
		}
		reset.Generate = true
	default:
		return passwordReset{}, badEnum("mode", `The mode must be "typed" or "generated".`)
	}
	return reset, nil
}
