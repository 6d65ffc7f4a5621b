package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/regen"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/rosterimport"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/selfservice"
	"github.com/schoolpass/portal/backend/internal/sso"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/writeback"
)

// errorHandler is the one place errors become responses: each domain error
// gets its real status code and the single error body (code, message, and
// per-rule details or a retry time where they apply).
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		var status int
		var body any
		var rosterErr *rosterimport.CheckError
		if errors.As(err, &rosterErr) {
			// The one refusal with a body of its own: every error of the set, by file, row
			// and column.
			status, body = http.StatusUnprocessableEntity, rosterCheckBody(rosterErr)
		} else {
			status, body = describe(err)
		}
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
		codeErr   *family.AccessCodeError
		attempts  *family.LinkAttemptsError
		resend    *family.ResendTooSoonError
		resetMax  *policy.ResetLimitError
		filterErr *reports.FilterError
		classErr  *schoolreset.ClassRefusalError
		badgeWait *badges.ThrottledError
		picWait   *badges.PicturesThrottledError
		httpErr   *echo.HTTPError
	)
	switch {
	case errors.As(err, &reqErr):
		e := Error{Code: reqErr.code, Message: reqErr.message}
		if reqErr.rule != "" {
			e.Details = &[]RuleViolation{{Rule: reqErr.rule, Message: reqErr.message, Field: &reqErr.field}}
		}
		return reqErr.status, e
	case errors.As(err, &classErr):
		return classRefusal(classErr)
	case errors.Is(err, schoolreset.ErrEmptySelection):
		return http.StatusUnprocessableEntity, Error{Code: "empty_selection",
			Message: "Select at least one student: no student matches this selection.",
			Details: &[]RuleViolation{{Rule: "required", Message: "Select at least one student.", Field: ptr("students")}}}
	case errors.Is(err, schoolreset.ErrSelectionTooLarge):
		msg := fmt.Sprintf("Select at most %d students at a time.", schoolreset.MaxClassReset)
		return http.StatusUnprocessableEntity, Error{Code: "selection_too_large", Message: msg,
			Details: &[]RuleViolation{{Rule: "maxItems", Message: msg, Field: ptr("students")}}}
	case errors.Is(err, schoolreset.ErrJobTooLarge):
		return http.StatusUnprocessableEntity, Error{Code: "selection_too_large", Message: fmt.Sprintf(
			"One job takes at most %d students. Choose one grade at a time.", schoolreset.MaxJobStudents)}
	case errors.Is(err, schoolreset.ErrJobRunning):
		return http.StatusConflict, Error{Code: "job_running",
			Message: "A job for this school is already running. Wait for it to finish, then start this one."}
	case errors.Is(err, schoolreset.ErrJobNotFinished):
		return http.StatusConflict, Error{Code: "job_not_finished",
			Message: "The job is still running. Its result is ready when it finishes."}
	case errors.Is(err, schoolreset.ErrResultTaken):
		return http.StatusGone, Error{Code: "result_taken",
			Message: "This result was already taken, and the passwords and codes in it are shown only once. School-issued passwords stay on each student's page while unused; reissue codes if they were lost."}
	case errors.Is(err, regen.ErrDryRunExpired):
		return http.StatusConflict, Error{Code: "dry_run_expired",
			Message: "This dry run is more than 30 minutes old. Run the dry run again, check the counts, then confirm."}
	case errors.Is(err, regen.ErrConfirmed):
		return http.StatusConflict, Error{Code: "regeneration_confirmed",
			Message: "This request was confirmed already. Follow its progress in the history."}
	case errors.Is(err, regen.ErrRunning):
		return http.StatusConflict, Error{Code: "regeneration_running",
			Message: "Another regeneration of the district is running. Wait for it to end (or cancel it), then run a dry run again."}
	case errors.Is(err, regen.ErrEnded):
		return http.StatusConflict, Error{Code: "regeneration_ended",
			Message: "This request has ended already, so there is nothing to cancel."}
	case errors.Is(err, rosterimport.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, Error{Code: "upload_too_large", Message: fmt.Sprintf(
			"The zip is larger than %d MB (or unpacks to more than %d GB). Upload a smaller set, or ask your server's administrator to run `portal roster import` with it.",
			rosterimport.MaxUpload>>20, rosterimport.MaxUnpacked>>30)}
	case errors.Is(err, rosterimport.ErrUploadInterrupted):
		return http.StatusBadRequest, Error{Code: "upload_interrupted",
			Message: "The upload stopped before the whole file arrived. Check the connection and upload the file again."}
	case errors.Is(err, rosterimport.ErrNotZip):
		return http.StatusBadRequest, Error{Code: "not_a_zip",
			Message: "This file is not a zip archive. Upload the OneRoster CSV files (manifest.csv, orgs.csv, users.csv, …) zipped into one .zip file."}
	case errors.Is(err, rosterimport.ErrDryRunExpired):
		return http.StatusConflict, Error{Code: "dry_run_expired",
			Message: "This dry run is more than 30 minutes old. Upload the set again, check the counts, then apply it."}
	case errors.Is(err, rosterimport.ErrApplied):
		return http.StatusConflict, Error{Code: "roster_import_applied",
			Message: "This import was applied already. Follow it in the history; to import again, upload the set again."}
	case errors.Is(err, rosterimport.ErrRunning):
		return http.StatusConflict, Error{Code: "roster_import_running",
			Message: "Another roster import of the district is being applied. Wait for it to end, then upload the set again: its counts will have changed."}
	case errors.Is(err, rosterimport.ErrPlanStale):
		return http.StatusConflict, Error{Code: "roster_plan_stale",
			Message: "Another roster import was applied after this dry run, so its counts no longer hold. Upload the set again to see what it would change now."}
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
	case errors.As(err, &badgeWait):
		return http.StatusTooManyRequests, Error{Code: "badge_throttled", RetryAt: &badgeWait.RetryAt,
			Message: "Too many badge sign-ins from this device. Wait a minute and try again."}
	case errors.Is(err, badges.ErrInvalid):
		return http.StatusUnauthorized, Error{Code: "badge_invalid",
			Message: "This badge does not work. Ask your teacher for a new one."}
	case errors.Is(err, badges.ErrNotEligible):
		return http.StatusUnprocessableEntity, Error{Code: "badge_not_eligible",
			Message: "Badges and picture passwords are only for students in the badge grades."}
	case errors.As(err, &picWait):
		return http.StatusTooManyRequests, Error{Code: "pictures_throttled", RetryAt: &picWait.RetryAt,
			Message: "Too many tries. Wait a minute, then try again."}
	case errors.Is(err, badges.ErrPicturesLocked):
		return http.StatusLocked, Error{Code: "pictures_locked",
			Message: "Your pictures are locked. Ask your teacher to unlock them."}
	case errors.Is(err, badges.ErrPicturesInvalid):
		return http.StatusUnauthorized, Error{Code: "pictures_invalid",
			Message: "Those are not your pictures. Try again."}
	case errors.Is(err, badges.ErrPictureClassInvalid):
		return http.StatusNotFound, Error{Code: "picture_class_invalid",
			Message: "We could not find that class. Ask your teacher for the class code."}
	case errors.Is(err, badges.ErrConfirmationMismatch):
		return http.StatusUnprocessableEntity, Error{Code: "confirmation_mismatch",
			Message: "Type the school's code exactly as it is shown to confirm. Nothing was changed.",
			Details: &[]RuleViolation{{Rule: "confirmation_mismatch", Message: "Type the school's code.", Field: ptr("confirmSchoolCode")}}}
	case errors.Is(err, errBadgeSession):
		return http.StatusForbidden, Error{Code: "badge_session",
			Message: "You signed in with a badge or pictures. Sign in with your password to change this."}
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
	case errors.As(err, &codeErr):
		return http.StatusUnprocessableEntity, Error{Code: codeErr.Reason, Message: accessCodeMessage(codeErr.Reason),
			Details: &[]RuleViolation{{Rule: codeErr.Reason, Message: accessCodeMessage(codeErr.Reason), Field: ptr("accessCode")}}}
	case errors.As(err, &attempts):
		return http.StatusTooManyRequests, Error{Code: "link_attempts_exceeded", RetryAt: &attempts.RetryAt,
			Message: "Too many codes that did not match. Linking is paused for a day; check the letter from school, or ask the school for a new code."}
	case errors.As(err, &resend):
		return http.StatusTooManyRequests, Error{Code: "verification_resend_too_soon", RetryAt: &resend.RetryAt,
			Message: "We just sent a link. Wait a minute, and check your spam folder."}
	case errors.As(err, &resetMax):
		return http.StatusTooManyRequests, Error{Code: "child_reset_limit", RetryAt: timePtr(resetMax.RetryAt),
			Message: "This password was reset too many times today. Try again later, or ask the school for help."}
	case errors.Is(err, policy.ErrStudentIsAdult):
		return http.StatusForbidden, Error{Code: "student_is_adult",
			Message: "This student is 18 or older and manages their own account. The school can help if you still need access."}
	case errors.Is(err, family.ErrEmailNotVerified):
		return http.StatusForbidden, Error{Code: "email_not_verified",
			Message: "Confirm your email first: open the link we sent you, or ask for a new one."}
	case errors.Is(err, family.ErrAlreadyLinked):
		return http.StatusConflict, Error{Code: "already_linked", Message: "This child is already linked to your account."}
	case errors.Is(err, emaillink.ErrInvalid):
		return http.StatusGone, Error{Code: "link_expired",
			Message: "This link has expired or was already used. Ask for a new one."}
	case errors.Is(err, errReturnInvalid):
		return http.StatusBadRequest, Error{Code: "sso_return_invalid",
			Message: "The page to come back to must be a page of the staff area of this portal, such as /staff/district/setup."}
	case errors.Is(err, sso.ErrNotConfigured):
		return http.StatusNotFound, Error{Code: "sso_not_configured",
			Message: "Staff single sign-on is not set up for this district. Sign in with your email and password."}
	case errors.Is(err, staff.ErrSecondFactorInvalid):
		return http.StatusUnauthorized, Error{Code: "second_factor_invalid",
			Message: "That code did not work. Codes work once; wait for the next one in your app, or use a recovery code."}
	case errors.Is(err, staff.ErrEnrolled):
		return http.StatusConflict, Error{Code: "second_factor_enrolled",
			Message: "This account already has a second step; sign in with it."}
	case errors.Is(err, staff.ErrNoEnrolment):
		return http.StatusConflict, Error{Code: "second_factor_unavailable",
			Message: "This account has no second step of that kind. Choose another way, or start again."}
	case errors.Is(err, staff.ErrCeremonyExpired):
		return http.StatusBadRequest, Error{Code: "passkey_challenge_expired",
			Message: "The passkey request expired. Try again."}
	case errors.Is(err, staff.ErrPasskeyInvalid):
		return http.StatusBadRequest, Error{Code: "passkey_invalid", Message: "This passkey could not be verified."}
	case errors.Is(err, staff.ErrNotAllowed), errors.Is(err, regen.ErrNotAllowed), errors.Is(err, reports.ErrNotAllowed),
		errors.Is(err, rosterimport.ErrNotAllowed), errors.Is(err, writeback.ErrNotAllowed):
		return http.StatusForbidden, Error{Code: "not_allowed", Message: "Your role does not allow this."}
	case errors.Is(err, staff.ErrSecondFactorStale), errors.Is(err, regen.ErrSecondFactorStale),
		errors.Is(err, rosterimport.ErrSecondFactorStale):
		return http.StatusForbidden, Error{Code: "second_factor_stale",
			Message: "Confirm it is you: enter a code from your authenticator app again."}
	case errors.Is(err, staff.ErrOwnAccount):
		return http.StatusForbidden, Error{Code: "own_account",
			Message: "You cannot reset your own second step; ask another district administrator."}
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
	case errors.Is(err, schoolreset.ErrNotAllowed):
		return http.StatusForbidden, Error{Code: "not_allowed",
			Message: "Your role does not allow this. Ask a school administrator."}
	case errors.Is(err, schoolreset.ErrSearchTooShort):
		return http.StatusUnprocessableEntity, Error{Code: "search_too_short",
			Message: "Type at least 2 characters of a student ID, username, email or name.",
			Details: &[]RuleViolation{{Rule: "search_too_short", Message: "Type at least 2 characters.", Field: ptr("q")}}}
	case errors.Is(err, schoolreset.ErrSchoolPasswordReplaced):
		return http.StatusGone, Error{Code: "school_password_replaced",
			Message: "The student has chosen a password of their own since, so the school-issued one is gone. Reset it if the student cannot sign in."}
	case errors.As(err, &filterErr):
		return http.StatusUnprocessableEntity, Error{Code: "invalid_filter", Message: filterErr.Message,
			Details: &[]RuleViolation{{Rule: "invalid_filter", Message: filterErr.Message, Field: &filterErr.Field}}}
	case errors.Is(err, reports.ErrExportsBusy):
		return http.StatusTooManyRequests, Error{Code: "exports_busy",
			Message: "Other downloads are running. Try again in a minute."}
	case errors.Is(err, writeback.ErrNotConfigured):
		return http.StatusNotFound, Error{Code: "directory_not_configured",
			Message: "No directory is configured for this district, so passwords are not written back to one."}
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

func accessCodeMessage(reason string) string {
	switch reason {
	case family.CodeExpired:
		return "This access code has expired. Ask the school for a new one."
	case family.CodeUsed:
		return "This access code was already used. Each code works once; ask the school for a new one."
	default:
		return "The student ID and access code do not match. Check both on the letter from school."
	}
}

func ptr[T any](v T) *T { return &v }

func refusalMessage(r *policy.RefusalError) string {
	switch r.Code {
	case policy.RefusedLink:
		return "Check the student ID and the access code."
	case policy.RefusedRegistration:
		return "Some details need another look."
	case policy.RefusedPassword:
		return "That password does not follow the rules yet."
	case policy.RefusedPIN:
		return "That PIN does not follow the rules yet."
	case policy.RefusedQuestions:
		return "Some questions or answers need another look."
	case badges.RefusedPictures:
		return "Choose 3 different pictures of the 16, in order."
	case regen.RefusedRules:
		return "Nothing was counted: fix each value listed, then try again."
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
		if v.Value != "" {
			value := v.Value
			out[i].Value = &value
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
