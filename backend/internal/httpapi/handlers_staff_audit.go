package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/reports"
)

// ListStaffAudit returns a page of the audit events in the staff member's scope.
func (s *Server) ListStaffAudit(c echo.Context, params ListStaffAuditParams) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	f, err := s.auditFilter(params.Student, params.Staff, params.Action, (*string)(params.Path), params.From, params.To)
	if err != nil {
		return err
	}
	if params.Before != nil {
		f.Before = *params.Before
	}
	events, next, err := s.audit.Page(c.Request().Context(), sess.member, f)
	if err != nil {
		return err
	}
	out := AuditPage{Events: make([]AuditEntry, len(events))}
	for i, e := range events {
		out.Events[i] = AuditEntry{Id: e.ID, OccurredAt: e.OccurredAt, ActorKind: e.ActorKind, Actor: e.Actor,
			SubjectKind: e.SubjectKind, Subject: e.Subject, Action: e.Action, Path: e.Path,
			Outcome: AuditEntryOutcome(e.Outcome), StudentNumber: optional(e.StudentNumber),
			Reason: optional(e.Reason), Ip: optional(e.IP)}
	}
	if next != 0 {
		out.NextBefore = &next
	}
	return c.JSON(http.StatusOK, out)
}

// ExportStaffAudit streams the same events as CSV.
func (s *Server) ExportStaffAudit(c echo.Context, params ExportStaffAuditParams) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	f, err := s.auditFilter(params.Student, params.Staff, params.Action, (*string)(params.Path), params.From, params.To)
	if err != nil {
		return err
	}
	// The status goes out with the first row, after the export's audit event is written:
	// an export that cannot be audited answers an error instead of a file.
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="audit.csv"`)
	if err := s.audit.ExportCSV(c.Request().Context(), sess.member, f, res); err != nil {
		if !res.Committed {
			res.Header().Del(echo.HeaderContentType)
			res.Header().Del(echo.HeaderContentDisposition)
		}
		return err
	}
	return nil
}

// auditFilter reads the audit view's query parameters.
func (s *Server) auditFilter(student, staff, action, path *string, from, to *AuditFrom) (reports.Filter, error) {
	date := func(d *AuditFrom) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	return s.audit.ParseFilter(deref(student), deref(staff), deref(action), deref(path), date(from), date(to))
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
