package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/writeback"
)

// GetStaffDirectoryStatus answers the district's directory write-back for a district
// admin: its settings (never the bind password), the pending count and the failures.
func (s *Server) GetStaffDirectoryStatus(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	settings, sum, err := s.directory.Report(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	out := DirectoryStatus{Configured: s.directory.Configured(), Pending: sum.Pending,
		OldestPendingAt: timePtr(sum.OldestPendingAt), Failures: make([]DirectoryFailure, len(sum.Failures))}
	if out.Configured {
		out.Settings = &struct {
			BaseDn            string                      `json:"baseDn"`
			BindDn            string                      `json:"bindDn"`
			Kind              DirectoryStatusSettingsKind `json:"kind"`
			Tls               DirectoryStatusSettingsTls  `json:"tls"`
			Url               string                      `json:"url"`
			UsernameAttribute string                      `json:"usernameAttribute"`
		}{BaseDn: settings.BaseDN, BindDn: settings.BindDN, Kind: DirectoryStatusSettingsKind(settings.Kind),
			Tls: DirectoryStatusSettingsTls(settings.TLS), Url: settings.URL, UsernameAttribute: settings.UsernameAttribute}
	}
	for i, f := range sum.Failures {
		out.Failures[i] = DirectoryFailure{StudentId: uuid.MustParse(f.StudentID), Username: f.Username, StudentName: f.StudentName,
			SchoolName: f.SchoolName, Reason: f.Reason, ChangedAt: f.ChangedAt, FailedAt: f.FailedAt}
	}
	return c.JSON(http.StatusOK, out)
}

// TestStaffDirectory binds to the directory as the service account now, for a district
// admin; a directory that is down or refuses is the answer (ok false), not an error.
func (s *Server) TestStaffDirectory(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	ok, message, err := s.directory.Test(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, SettingsTest{Ok: ok, Message: message})
}

// studentDirectoryBody is a student's write-back state in the contract's shape.
func studentDirectoryBody(st writeback.StudentState) *StudentDirectoryState {
	out := &StudentDirectoryState{State: StudentDirectoryStateState(st.State), Since: timePtr(st.Since)}
	if st.Reason != "" {
		out.Reason = &st.Reason
	}
	return out
}
