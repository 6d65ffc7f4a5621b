package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// FuzzEdgeDecode sends arbitrary bodies through the edge check and the
// strict decoder of POST /forgot/verify (strings, an enum, a nested list).
// It must never panic nor answer 500, must refuse with a *requestError (or
// 413), and what it accepts must be storable: valid UTF-8, no NUL, no U+FFFD
// the client did not send, nothing over its maxLength.
func FuzzEdgeDecode(f *testing.F) {
	for _, seed := range []string{
		`{"flowToken":"t","method":"pin","pin":"418063"}`,
		`{"flowToken":"t","method":"questions","answers":[{"questionId":"first-pet","answer":"Rex"}]}`,
		`{"flowToken":"a\u0000b","method":"pin"}`,
		"{\"flowToken\":\"a\xffb\",\"method\":\"pin\"}",
		`{"flowToken":"\ud800","method":"pin"}`,
		`{"flowToken":"\ud83d\ude00 \uFFFD �","method":"pin"}`,
		`{"flowToken":"t","method":"questions","answers":[{"questionId":"x","answer":"\udc00"}]}`,
		`{"flo\u0000wToken":"t"}`,
		`{"flowToken":"t","method":"pin","pin":"` + strings.Repeat("9", 65) + `"}`,
		`[[[[{"a":"\u00`, `"\u0000"`, `{"flowToken":"t\`, ``, `null`, `{}`,
	} {
		f.Add([]byte(seed))
	}
	var got error
	var req ForgotVerifyRequest
	e := echo.New()
	e.HTTPErrorHandler = errorHandler(slog.New(slog.DiscardHandler))
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error { got = next(c); return got }
	}, middleware.BodyLimit(maxBody), edgeCheck)
	e.POST("/api/v1/forgot/verify", func(c echo.Context) error {
		req = ForgotVerifyRequest{}
		if err := decode(c, &req, "flowToken", "method"); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})

	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/api/v1/forgot/verify", bytes.NewReader(body))
		r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		e.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("got %d %s, want no 5xx", rec.Code, rec.Body)
		}
		var reqErr *requestError
		var httpErr *echo.HTTPError
		switch {
		case got == nil:
			acceptedIsStorable(t, body, req)
		case errors.As(got, &reqErr):
			if rec.Code != reqErr.status {
				t.Fatalf("got status %d for %v, want %d", rec.Code, got, reqErr.status)
			}
		case errors.As(got, &httpErr) && httpErr.Code == http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("got error %T %v, want a *requestError or 413", got, got)
		}
		if _, ok := scanJSONText(body); !ok && (!errors.As(got, &reqErr) || reqErr.code != "invalid_text") {
			t.Fatalf("got %v for a body with unstorable text, want invalid_text", got)
		}
	})
}

// acceptedIsStorable checks a body the edge and the decoder accepted.
func acceptedIsStorable(t *testing.T, body []byte, req ForgotVerifyRequest) {
	t.Helper()
	if !utf8.Valid(body) {
		t.Fatalf("accepted a body that is not UTF-8: %q", body)
	}
	// A decoded U+FFFD the client did not send is a lone surrogate let through.
	sentFFFD := bytes.Contains(body, []byte("\uFFFD")) || bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`))
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("accepted a body encoding/json refuses: %v", err)
	}
	var walk func(any)
	check := func(s string) {
		if strings.IndexByte(s, 0) >= 0 || (!sentFFFD && strings.ContainsRune(s, utf8.RuneError)) {
			t.Fatalf("accepted unstorable text %q in %q", s, body)
		}
	}
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			check(v)
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				check(k)
				walk(x)
			}
		}
	}
	walk(v)
	over := func(s string, max int) bool { return utf8.RuneCountInString(s) > max }
	if over(req.FlowToken, 4096) || req.Pin != nil && over(*req.Pin, 64) {
		t.Fatalf("accepted a value over its maxLength: %q", body)
	}
	if req.Answers != nil {
		for _, a := range *req.Answers {
			if over(a.QuestionId, 64) || over(a.Answer, 200) {
				t.Fatalf("accepted an answer over its maxLength: %q", body)
			}
		}
	}
}
