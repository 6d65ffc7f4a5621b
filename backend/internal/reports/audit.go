package reports

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// PageSize is how many events a page of the audit view holds.
const PageSize = 100

// FilterError refuses an audit filter that cannot be read: Field names the query parameter.
type FilterError struct {
	Field   string
	Message string
}

func (e *FilterError) Error() string { return "reports: filter " + e.Field + ": " + e.Message }

// Filter narrows the audit events of a staff member's scope. Empty fields filter nothing.
type Filter struct {
	// StudentID is a student's id; StudentNumber a 9-digit student ID (one of the two).
	StudentID     string
	StudentNumber string
	// StaffEmail keeps the events a staff member made.
	StaffEmail string
	Action     string
	Path       string
	// From and To bound the time: From included, To excluded.
	From, To time.Time
	// Before keeps events older than the event with this id (paging).
	Before int64
}

// Entry is an audit event as staff read it: people named, not by id.
type Entry struct {
	ID            int64
	OccurredAt    time.Time
	ActorKind     string
	Actor         string
	SubjectKind   string
	Subject       string
	StudentNumber string
	Action        string
	Path          string
	Outcome       string
	Reason        string
	IP            string
}

// Store reads audit events in a staff member's scope, newest first.
type Store interface {
	// AuditEvents calls fn for each event in m's scope that passes f, newest first, at most
	// limit of them (no limit when limit is 0); fn's error stops the reading.
	AuditEvents(ctx context.Context, m accounts.Staff, f Filter, limit int, fn func(Entry) error) error
}

// Audit serves the audit view and its export.
type Audit struct {
	Store    Store
	Recorder audit.Recorder
	// Location is the district's time zone, where a filter's dates begin.
	Location *time.Location
	Now      func() time.Time
}

// auditPaths are the paths a filter may name.
var auditPaths = map[string]bool{
	string(policy.PathSignedIn): true, string(policy.PathSelfReset): true,
	string(policy.PathGuardian): true, string(policy.PathStaff): true, string(policy.PathDistrict): true,
}

var (
	studentNumberPattern = regexp.MustCompile(`^[0-9]{9}$`)
	actionPattern        = regexp.MustCompile(`^[a-z_]{1,64}$`)
)

// ParseFilter reads the audit view's query: student (an id or a 9-digit student ID), staff
// email, action, path, and the first and last days included (YYYY-MM-DD in the district's
// time zone). A value that cannot be read is a *FilterError.
func (a *Audit) ParseFilter(student, staffEmail, action, path, from, to string) (Filter, error) {
	var f Filter
	switch student = strings.TrimSpace(student); {
	case student == "":
	case studentNumberPattern.MatchString(student):
		f.StudentNumber = student
	case uuid.Validate(student) == nil:
		f.StudentID = strings.ToLower(student)
	default:
		return Filter{}, &FilterError{Field: "student", Message: "Give a student's 9-digit student ID, or pick the student from a search."}
	}
	f.StaffEmail = strings.TrimSpace(staffEmail)
	if action = strings.TrimSpace(action); action != "" && !actionPattern.MatchString(action) {
		return Filter{}, &FilterError{Field: "action", Message: "An action is a code such as password_changed."}
	}
	f.Action = action
	if path != "" && !auditPaths[path] {
		return Filter{}, &FilterError{Field: "path", Message: "The path must be signed_in, self_reset, guardian, staff or district."}
	}
	f.Path = path
	loc := a.Location
	if loc == nil {
		loc = time.UTC
	}
	var err error
	if from != "" {
		if f.From, err = time.ParseInLocation(time.DateOnly, from, loc); err != nil {
			return Filter{}, &FilterError{Field: "from", Message: "Give the first day as YYYY-MM-DD."}
		}
	}
	if to != "" {
		day, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return Filter{}, &FilterError{Field: "to", Message: "Give the last day as YYYY-MM-DD."}
		}
		f.To = day.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return Filter{}, &FilterError{Field: "to", Message: "The last day comes before the first day."}
	}
	return f, nil
}

// Page returns up to PageSize events of m's scope that pass f, newest first, and the id to
// pass as Before for the next page (0 on the last page).
func (a *Audit) Page(ctx context.Context, m accounts.Staff, f Filter) ([]Entry, int64, error) {
	var out []Entry
	err := a.Store.AuditEvents(ctx, m, f, PageSize+1, func(e Entry) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read audit page: %w", err)
	}
	if len(out) > PageSize {
		out = out[:PageSize]
		return out, out[PageSize-1].ID, nil
	}
	return out, 0, nil
}
