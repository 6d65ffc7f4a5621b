package httpapi

import (
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/rosterimport"
)

// rosterUploadPath is the route of the one request whose body may be large: a zipped
// OneRoster set (the global body limit skips it; rosterimport.MaxUpload applies).
const rosterUploadPath = "/api/v1/staff/district/roster/dry-run"

// uploadTime is how long the upload's request may take to arrive and be answered: the
// server's 30-second read timeout suits small bodies, not 64 MiB over a school's line.
const uploadTime = 10 * time.Minute

// largeUpload reports whether a request is the roster upload, the one body the API's 64 KB
// limit skips: its handler reads at most rosterimport.MaxUpload, after the session is
// checked, and answers a larger one with upload_too_large. A JSON body there keeps the
// limit, since edgeCheck reads JSON bodies whole before any handler runs.
func largeUpload(c echo.Context) bool {
	req := c.Request()
	if req.Method != http.MethodPost || c.Path() != rosterUploadPath {
		return false
	}
	mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	return err != nil || mt != echo.MIMEApplicationJSON
}

// DryRunStaffRosterImport checks an uploaded OneRoster zip, compares it with the district
// and stores it as a draft: what applying it would add, change, retire and leave.
func (s *Server) DryRunStaffRosterImport(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(c.Response())
	// Not every connection supports deadlines (HTTP/2 test servers); the server's then hold.
	_ = rc.SetReadDeadline(time.Now().Add(uploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTime))
	req := c.Request()
	imp, err := s.rosterImports.DryRun(req.Context(), sess.member, sess.secondFactorAt, rosterimport.Upload{
		FileName: uploadName(req.Header.Get(echo.HeaderContentDisposition)), Size: req.ContentLength, Body: req.Body,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rosterImportBody(imp, time.Now()))
}

// ListStaffRosterImports answers the district's last imports, newest first.
func (s *Server) ListStaffRosterImports(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	history, err := s.rosterImports.List(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	now := time.Now()
	out := struct {
		Imports []RosterImport `json:"imports"`
	}{Imports: make([]RosterImport, len(history))}
	for i, imp := range history {
		out.Imports[i] = rosterImportBody(imp, now)
	}
	return c.JSON(http.StatusOK, out)
}

// GetStaffRosterImport answers one import; the page polls it while it applies.
func (s *Server) GetStaffRosterImport(c echo.Context, importID ImportId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	imp, err := s.rosterImports.Get(c.Request().Context(), sess.member, importID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rosterImportBody(imp, time.Now()))
}

// ApplyStaffRosterImport applies a dry run's draft in a background job.
func (s *Server) ApplyStaffRosterImport(c echo.Context, importID ImportId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	imp, err := s.rosterImports.Apply(c.Request().Context(), sess.member, importID, sess.secondFactorAt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, rosterImportBody(imp, time.Now()))
}

// uploadName reads the file's name from a Content-Disposition header (`attachment;
// filename="sis.zip"`), as the page sends it: its base name, printable, at most 200
// characters; "" when there is none.
func uploadName(header string) string {
	if header == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(header)
	if err != nil {
		return ""
	}
	name := strings.TrimSpace(path.Base(strings.ReplaceAll(params["filename"], `\`, "/")))
	if name == "." || name == "/" || !utf8.ValidString(name) {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	return name
}

// rosterImportBody is an import as the contract shows it at now.
func rosterImportBody(imp rosterimport.Import, now time.Time) RosterImport {
	out := RosterImport{
		ImportId: uuid.MustParse(imp.ID), State: RosterImportState(imp.StateOf(now)),
		CreatedAt: imp.CreatedAt, ExpiresAt: imp.ExpiresAt, Source: RosterImportSource(imp.Source),
		AppliedAt: timePtr(imp.AppliedAt), FinishedAt: timePtr(imp.FinishedAt),
	}
	out.CreatedBy.Name = imp.CreatedByName
	if imp.FileName != "" {
		out.FileName = ptr(imp.FileName)
	}
	if imp.Failure != "" {
		out.Failure = ptr(imp.Failure)
	}
	out.Plan.Files = make([]struct {
		Added     int    `json:"added"`
		Changed   int    `json:"changed"`
		File      string `json:"file"`
		Retired   int    `json:"retired"`
		Unchanged int    `json:"unchanged"`
	}, len(imp.Plan.Files))
	for i, f := range imp.Plan.Files {
		p := &out.Plan.Files[i]
		p.File, p.Added, p.Changed, p.Retired, p.Unchanged = f.File, f.Added, f.Changed, f.Retired, f.Unchanged
	}
	return out
}

// rosterCheckBody is the 422 of a set with errors: every error listed (file, row, column,
// message) and the count of the rest.
func rosterCheckBody(e *rosterimport.CheckError) RosterCheckFailed {
	rep := e.Report
	out := RosterCheckFailed{Code: RosterErrors, MoreErrors: rep.More}
	n := rep.ErrorCount()
	out.Message = "The set has 1 error, so nothing was stored or changed: fix it, then upload the set again."
	if n != 1 {
		out.Message = "The set has " + strconv.Itoa(n) + " errors, so nothing was stored or changed: fix each one, then upload the set again."
	}
	out.Errors = make([]struct {
		Column  string `json:"column"`
		File    string `json:"file"`
		Message string `json:"message"`
		Row     int    `json:"row"`
	}, len(rep.Errors))
	for i, re := range rep.Errors {
		o := &out.Errors[i]
		o.File, o.Row, o.Column, o.Message = re.File, re.Row, re.Column, re.Message
	}
	return out
}
