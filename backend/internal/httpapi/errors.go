package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/selfservice"
)

// errorHandler is the one place errors become responses: each domain error
// gets its real status code and the single error body (code, message, and
// per-rule details or a retry time where they apply).
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := describe(err)
		if status >= 500 {
			logger.ErrorContext(c.Request().Context(), "request failed", "path", c.Path(), "error", err)
		}
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(status)
		} else {
			err = c.JSON(status, body)
		}
		if err != nil {
			logger.ErrorContext(c.Request().Context(), "write error response", "error", err)
		}
	}
}

func describe(err error) (int, Error) {
	var (
		reqErr    *requestError
		refusal   *policy.RefusalError
		window    *policy.WindowError
		locked    *selfservice.LockedError
		throttled *accounts.ThrottledError
		httpErr   *echo.HTTPError
	)
	switch {
	case errors.As(err, &reqErr):
		e := Error{Code: reqErr.code, Message: reqErr.message}
		if reqErr.rule != "" {
			e.Details = &[]RuleViolation{{Rule: reqErr.rule, Message: reqErr.message, Field: &reqErr.field}}
		}
		return reqErr.status, e
	case errors.As(err, &refusal):
		return http.StatusUnprocessableEntity, Error{Code: refusal.Code, Message: refusalMessage(refusal), Details: violations(refusal.Violations)}
	case errors.As(err, &window):
		return http.StatusTooManyRequests, Error{Code: "self_reset_too_soon", RetryAt: &window.Next, Message: fmt.Sprintf(
			"You already reset your password by yourself recently. You can do it again on %s (UTC). "+
				"A parent or guardian can reset it sooner in the family portal, or ask your teacher or school office.",
			window.Next.UTC().Format("January 2, 2006 at 3:04 PM"))}
	case errors.As(err, &locked):
		return http.StatusTooManyRequests, Error{Code: "recovery_locked", RetryAt: &locked.Until,
			Message: "Too many wrong tries. Wait 15 minutes and try again, or ask a parent, guardian or your school for help."}
	case errors.As(err, &throttled):
		return http.StatusTooManyRequests, Error{Code: "sign_in_throttled", RetryAt: &throttled.RetryAt,
			Message: "Too many wrong passwords. Wait a minute before you try again."}
	case errors.Is(err, selfservice.ErrRecoveryDisabled):
		return http.StatusForbidden, Error{Code: "recovery_disabled",
			Message: "This way of resetting is turned off after too many wrong tries. A parent, guardian or your school can help you get back in."}
	case errors.Is(err, selfservice.ErrVerificationFailed):
		return http.StatusUnauthorized, Error{Code: "verification_failed",
			Message: "That did not match. Check your answers and try again."}
	case errors.Is(err, selfservice.ErrTokenInvalid):
		return http.StatusUnauthorized, Error{Code: "flow_expired",
			Message: "This step has expired. Please start again."}
	case errors.Is(err, selfservice.ErrNotEligible):
		return http.StatusForbidden, Error{Code: "self_service_not_available",
			Message: "Resetting your own password is for older students. A parent, guardian or your teacher can help you."}
	case errors.Is(err, accounts.ErrInvalidCredentials):
		return http.StatusUnauthorized, Error{Code: "invalid_credentials",
			Message: "The username or password is not right. Check them and try again."}
	case errors.Is(err, errNotSignedIn):
		return http.StatusUnauthorized, Error{Code: "not_signed_in", Message: "Please sign in first."}
	case errors.Is(err, errCSRF):
		return http.StatusForbidden, Error{Code: "csrf_token_invalid",
			Message: "This request is missing its security token. Reload the page and try again."}
	case errors.Is(err, errCrossSite):
		return http.StatusForbidden, Error{Code: "cross_site_request",
			Message: "This request came from another website and was blocked."}
	case errors.Is(err, errPasswordChangeRequired):
		return http.StatusForbidden, Error{Code: "password_change_required",
			Message: "Please choose a new password first."}
	case errors.Is(err, accounts.ErrNotFound):
		return http.StatusNotFound, Error{Code: "not_found", Message: "Not found."}
	case errors.As(err, &httpErr):
		return httpStatusError(httpErr.Code)
	default:
		return http.StatusInternalServerError, Error{Code: "internal_error",
			Message: "Something went wrong on our side. Please try again in a moment."}
	}
}

func httpStatusError(status int) (int, Error) {
	switch status {
	case http.StatusNotFound:
		return status, Error{Code: "not_found", Message: "Not found."}
	case http.StatusMethodNotAllowed:
		return status, Error{Code: "method_not_allowed", Message: "This address does not accept that method."}
	case http.StatusRequestEntityTooLarge:
		return status, Error{Code: "body_too_large", Message: "The request is too large (the limit is 64 KB)."}
	default:
		return status, Error{Code: "http_" + fmt.Sprint(status), Message: http.StatusText(status)}
	}
}

func refusalMessage(r *policy.RefusalError) string {
	switch r.Code {
	case policy.RefusedPassword:
		return "That password does not follow the rules yet."
	case policy.RefusedPIN:
		return "That PIN does not follow the rules yet."
	case policy.RefusedQuestions:
		return "Some questions or answers need another look."
	default:
		return r.Error()
	}
}

func violations(vs []policy.Violation) *[]RuleViolation {
	out := make([]RuleViolation, len(vs))
	for i, v := range vs {
		out[i] = RuleViolation{Rule: string(v.Rule), Message: v.Message}
		if v.Field != "" {
			field := v.Field
			out[i].Field = &field
		}
	}
	return &out
}

// timePtr returns nil for the zero time, for optional date fields.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
