package httpapi

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/regen"
)

// ListStaffRegenerations answers the district's regeneration history.
func (s *Server) ListStaffRegenerations(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	history, err := s.regen.History(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	now := time.Now()
	out := RegenerationHistory{Requests: make([]RegenerationStatus, len(history))}
	for i, r := range history {
		out.Requests[i] = regenStatusBody(r, now)
	}
	return c.JSON(http.StatusOK, out)
}

// ExportStaffRegenerationsCsv streams the district's regeneration history as CSV.
func (s *Server) ExportStaffRegenerationsCsv(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	// The status goes out with the first row, after the export's audit event is written:
	// an export that cannot be audited answers an error instead of a file.
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="regenerations.csv"`)
	if err := s.regen.ExportCSV(c.Request().Context(), sess.member, res); err != nil {
		if !res.Committed {
			res.Header().Del(echo.HeaderContentType)
			res.Header().Del(echo.HeaderContentDisposition)
		}
		return err
	}
	return nil
}

// GetStaffRegeneration answers one request with its live progress.
func (s *Server) GetStaffRegeneration(c echo.Context, requestID RequestId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	r, err := s.regen.Get(c.Request().Context(), sess.member, requestID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, regenStatusBody(r, time.Now()))
}

// RunStaffRegeneration confirms a dry run's draft and queues it.
func (s *Server) RunStaffRegeneration(c echo.Context, requestID RequestId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	r, err := s.regen.Run(c.Request().Context(), sess.member, requestID, sess.secondFactorAt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, regenStatusBody(r, time.Now()))
}

// CancelStaffRegeneration stops a queued or running request.
func (s *Server) CancelStaffRegeneration(c echo.Context, requestID RequestId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	r, err := s.regen.Cancel(c.Request().Context(), sess.member, requestID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, regenStatusBody(r, time.Now()))
}

// regenStatusBody is a request as the contract shows it, with its pace at now.
func regenStatusBody(r regen.Status, now time.Time) RegenerationStatus {
	out := RegenerationStatus{
		Id: uuid.MustParse(r.ID), Status: RegenerationStatusStatus(r.State), RequestedAt: r.ConfirmedAt,
		PsuCode: r.PSUCode, CampusCodes: r.CampusCodes, Grades: r.Grades, AlsoReset: r.AlsoReset,
		ForceChange: r.ForceChange, Comments: r.Comments, Total: r.Total, Done: r.Done,
		StartedAt: timePtr(r.StartedAt), FinishedAt: timePtr(r.FinishedAt),
	}
	out.RequestedBy.Name, out.RequestedBy.Email = r.RequesterName, r.RequesterEmail
	out.DryRun.Total, out.DryRun.Schools = r.DryRun.Total, schoolCounts(r.DryRun.Schools)
	if out.CampusCodes == nil {
		out.CampusCodes = []string{}
	}
	if out.Grades == nil {
		out.Grades = []int{}
	}
	if p := r.Progress(now); p.Started {
		out.DurationSeconds, out.RatePerSecond = ptr(float32(p.Duration.Seconds())), ptr(float32(p.Rate))
		if p.HasLeft {
			out.SecondsLeft = ptr(float32(p.SecondsLeft))
		}
	}
	if r.CancelledBy != "" {
		out.CancelledBy = ptr(r.CancelledBy)
	}
	if r.Error != "" {
		out.Error = ptr(r.Error)
	}
	return out
}
