package httpapi

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// TestDescribeStaffErrors: the By Student, By Class and audit refusals get their statuses and stable
// codes, wrapped or not.
func TestDescribeStaffErrors(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		code   string
	}{
		{schoolreset.ErrNotAllowed, http.StatusForbidden, "not_allowed"},
		{fmt.Errorf("reset: %w", schoolreset.ErrNotAllowed), http.StatusForbidden, "not_allowed"},
		{schoolreset.ErrSearchTooShort, http.StatusUnprocessableEntity, "search_too_short"},
		{schoolreset.ErrSchoolPasswordReplaced, http.StatusGone, "school_password_replaced"},
		{&reports.FilterError{Field: "from", Message: "Give the first day as YYYY-MM-DD."}, http.StatusUnprocessableEntity, "invalid_filter"},
		{accounts.ErrNotFound, http.StatusNotFound, "not_found"},
		{schoolreset.ErrEmptySelection, http.StatusUnprocessableEntity, "empty_selection"},
		{fmt.Errorf("bulk: %w", schoolreset.ErrSelectionTooLarge), http.StatusUnprocessableEntity, "selection_too_large"},
		{&schoolreset.ClassRefusalError{Code: schoolreset.ReasonNotInClass}, http.StatusUnprocessableEntity, "student_not_in_class"},
	} {
		status, body := describe(tc.err)
		if status != tc.status || body.Code != tc.code || body.Message == "" {
			t.Errorf("describe(%v): got %d %q %q, want %d %q", tc.err, status, body.Code, body.Message, tc.status, tc.code)
		}
	}
	_, body := describe(&reports.FilterError{Field: "from", Message: "m"})
	if body.Details == nil || len(*body.Details) != 1 || *(*body.Details)[0].Field != "from" {
		t.Errorf("filter error details: got %+v", body.Details)
	}
}
