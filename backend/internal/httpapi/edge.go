package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// apiPrefix is where the API answers; everything else is the SPA or operations.
const apiPrefix = "/api/"

// Rules of the edge refusals, reported in the error body's details.
const (
	ruleNUL       = "nul_character"
	ruleUTF8      = "invalid_utf8"
	ruleMaxLength = "maxLength"
)

// noStore forbids every cache to keep any API answer. Sessions carry CSRF
// tokens, the forgot-password flow carries flow and reset tokens, a child
// reset carries a generated password: marking every /api/ answer, errors
// included, means a new route cannot forget it. The SPA's files keep their
// own caching (spa.go).
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, apiPrefix) {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		}
		return next(c)
	}
}

// edgeCheck refuses, before any handler runs, API input that no handler
// could store or should copy: text holding a NUL character (PostgreSQL
// refuses 0x00), text that is not valid UTF-8 (raw bytes, or an unpaired
// UTF-16 surrogate escape such as \ud800, which encoding/json would
// otherwise turn silently into U+FFFD), in a path parameter, a query
// parameter or any string of a JSON body (object keys and nested values
// included); then a value longer than the maxLength openapi.yaml declares
// for it. Each refusal is a 400 with the field and the rule. Other rules
// (required, unknown fields, enums, domain rules) are left to the handlers,
// whose answers are more specific.
func edgeCheck(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !strings.HasPrefix(req.URL.Path, apiPrefix) {
			return next(c)
		}
		params, err := pathParams(c)
		if err != nil {
			return err
		}
		if err := queryText(req.URL.RawQuery); err != nil {
			return err
		}
		body, err := jsonBody(req)
		if err != nil {
			return err
		}
		if err := contractCheck(c, params, body); err != nil {
			return err
		}
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		return next(c)
	}
}

// pathParams returns the route's path parameters, unescaped, refusing one
// that is not storable text.
func pathParams(c echo.Context) (map[string]string, error) {
	names := c.ParamNames()
	if len(names) == 0 {
		return nil, nil
	}
	escaped := c.Request().URL.RawPath != ""
	params := make(map[string]string, len(names))
	for i, name := range names {
		v := c.ParamValues()[i]
		if escaped {
			u, err := url.PathUnescape(v)
			if err != nil {
				return nil, &requestError{status: http.StatusBadRequest, code: "invalid_parameter", rule: "type", field: name,
					message: fmt.Sprintf("The path parameter %q is not correctly escaped.", name)}
			}
			v = u
		}
		if err := textError(name, v); err != nil {
			return nil, err
		}
		params[name] = v
	}
	return params, nil
}

// queryText refuses a query whose names or values are not storable text.
// Pairs that do not unescape are dropped here as echo's binding drops them,
// so they never reach a handler.
func queryText(raw string) error {
	if raw == "" {
		return nil
	}
	q, _ := url.ParseQuery(raw)
	for name, values := range q {
		if err := textError(name, name); err != nil {
			return err
		}
		for _, v := range values {
			if err := textError(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonBody reads a JSON request body and refuses one holding text that is
// not storable. It returns nil for requests without a JSON body, which the
// handlers refuse or ignore as before.
func jsonBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); err != nil || mt != echo.MIMEApplicationJSON {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if f, ok := scanJSONText(body); !ok {
		return nil, textRefusal(f.field, f.rule)
	}
	return body, nil
}

// textError refuses a value holding a NUL character or bytes that are not UTF-8.
func textError(field, v string) error {
	switch {
	case strings.IndexByte(v, 0) >= 0:
		return textRefusal(printable(field), ruleNUL)
	case !utf8.ValidString(v):
		return textRefusal(printable(field), ruleUTF8)
	}
	return nil
}

// textRefusal is the 400 of a field that is not storable text.
func textRefusal(field, rule string) error {
	where := fmt.Sprintf("The field %q", field)
	if field == "" {
		where = "The request"
	}
	msg := where + " contains a character that is not allowed (NUL)."
	if rule == ruleUTF8 {
		msg = where + " contains a broken character: it is not valid UTF-8 text."
	}
	return &requestError{status: http.StatusBadRequest, code: "invalid_text", rule: rule, field: field, message: msg}
}

// printable makes a field name safe to echo back: a name that is itself the
// faulty text shows U+FFFD where the fault was.
func printable(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
