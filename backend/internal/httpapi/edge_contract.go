package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"
)

// contract maps each operation of the embedded openapi.yaml that takes
// input (parameters or a body) to its route, keyed as Echo routes it:
// "POST /api/v1/family/children/:childId/password". It is built once, when
// the package loads: the spec is compiled into the binary, so a failure is
// a build mistake and stops the program at once.
var contract = mustContract()

// contractOptions validate everything kin-openapi knows but change nothing:
// no defaults are written into the body, and security is the handlers' job.
var contractOptions = &openapi3filter.Options{
	MultiError:          true,
	SkipSettingDefaults: true,
	AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

func mustContract() map[string]*routers.Route {
	spec, err := GetSpec()
	if err != nil {
		panic(fmt.Sprintf("httpapi: load the embedded openapi.yaml: %v", err))
	}
	base := ""
	if len(spec.Servers) > 0 {
		base = strings.TrimSuffix(spec.Servers[0].URL, "/")
	}
	routes := make(map[string]*routers.Route)
	for path, item := range spec.Paths.Map() {
		echoPath := base + pathParam.ReplaceAllString(path, ":$1")
		for method, op := range item.Operations() {
			if len(item.Parameters) == 0 && len(op.Parameters) == 0 && op.RequestBody == nil {
				continue
			}
			routes[method+" "+echoPath] = &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return routes
}

// contractCheck refuses a request with a value longer than the maxLength
// its operation declares. Every other failure kin-openapi finds (missing,
// unknown or mistyped fields, enums) is left to the handlers, which answer
// them with their own, more specific refusals. body is the JSON body
// already read, or nil when there is none.
func contractCheck(c echo.Context, params map[string]string, body []byte) error {
	req := c.Request()
	route := contract[req.Method+" "+c.Path()]
	if route == nil {
		return nil
	}
	opts := contractOptions
	in := req.WithContext(req.Context())
	if body != nil {
		in.Body = io.NopCloser(bytes.NewReader(body))
	} else {
		in.Body = http.NoBody
		noBody := *contractOptions
		noBody.ExcludeRequestBody = true
		opts = &noBody
	}
	err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
		Request: in, PathParams: params, Route: route, Options: opts,
	})
	if err == nil {
		return nil
	}
	if field, limit, ok := maxLengthFault(err, ""); ok {
		return &requestError{status: http.StatusBadRequest, code: "too_long", rule: ruleMaxLength, field: field,
			message: fmt.Sprintf("The field %q can be at most %d characters.", field, limit)}
	}
	return nil
}

// maxLengthFault finds the first maxLength failure in a kin-openapi error
// tree and names its field: a parameter by its name, a body value by its
// path ("answers[1].answer").
func maxLengthFault(err error, param string) (string, uint64, bool) {
	// A type switch, not errors.As: As would see through a parameter's
	// RequestError to the errors inside it and lose the parameter's name.
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			if field, limit, ok := maxLengthFault(inner, param); ok {
				return field, limit, true
			}
		}
	case *openapi3filter.RequestError:
		if e.Parameter != nil {
			param = e.Parameter.Name
		}
		if e.Err != nil {
			return maxLengthFault(e.Err, param)
		}
	case *openapi3.SchemaError:
		if e.SchemaField != "maxLength" || e.Schema == nil || e.Schema.MaxLength == nil {
			return "", 0, false
		}
		if param != "" {
			return param, *e.Schema.MaxLength, true
		}
		return pointerField(e.JSONPointer()), *e.Schema.MaxLength, true
	}
	return "", 0, false
}

// pointerField writes a JSON pointer's parts as the refusals name fields.
func pointerField(parts []string) string {
	var sb strings.Builder
	for _, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			sb.WriteString("[" + p + "]")
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(p)
	}
	return sb.String()
}
