package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/rosterimport"
)

// TestRosterDryRunStoresDraftWithPlan uploads the demo set: 200 with the plan per file, a
// draft that only its admin sees and that the history leaves out, its zip stored, and no
// call to apply.
func TestRosterDryRunStoresDraftWithPlan(t *testing.T) {
	w := newImportWorld(t)
	r := upload(w.distC, rosterZip(t, "901", nil))
	if r.Status != http.StatusOK {
		t.Fatalf("dry run: %d %s", r.Status, r.Raw)
	}
	if got := [4]string{r.String("state"), r.String("source"), r.String("fileName"), r.Body["createdBy"].(map[string]any)["name"].(string)}; got != [4]string{"draft", "upload", "sis-nightly.zip", w.distAdm.FirstName + " " + w.distAdm.LastName} {
		t.Errorf("got state, source, file name, author %q", got)
	}
	want := map[string][4]int{"orgs.csv": {3, 0, 0, 0}, "classes.csv": {14, 0, 0, 0}, "users.csv": {318, 0, 0, 0}, "enrollments.csv": {314, 0, 0, 0}}
	if diff := cmp.Diff(want, planOf(t, r)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	id := r.String("importId")
	if n := w.h.Count(`select count(*) from roster_imports where id = $1 and state = 'draft' and length(zip) > 1000
		and expires_at = created_at + interval '30 minutes'`, id); n != 1 {
		t.Errorf("got %d drafts with their zip, want 1", n)
	}
	if got := w.distC.Do(http.MethodGet, rosterPath(id, ""), nil); got.Status != http.StatusOK || got.String("state") != "draft" {
		t.Errorf("the admin's own draft: %d %s", got.Status, got.Raw)
	}
	w.distC2.Expect(w.distC2.Do(http.MethodGet, rosterPath(id, ""), nil), http.StatusNotFound, "not_found")
	w.otherC.Expect(w.otherC.Do(http.MethodGet, rosterPath(id, ""), nil), http.StatusNotFound, "not_found")
	if l := w.distC.Do(http.MethodGet, "/api/v1/staff/district/roster/imports", nil); l.Status != http.StatusOK || string(l.Raw) != "{\"imports\":[]}\n" {
		t.Errorf("history with a draft only: %d %s", l.Status, l.Raw)
	}
	if calls := w.imp.calls(); len(calls) != 0 {
		t.Errorf("a dry run applied the set: %v", calls)
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'roster_import_dry_run' and subject_id = $1 and actor_id = $2`, id, w.distAdm.ID); n != 1 {
		t.Errorf("got %d dry run audit events, want 1", n)
	}
	// An admin who uploads again and again keeps their newest drafts only (each holds a zip).
	for range rosterimport.DraftsKept {
		w.rosterDraft(t, w.distC)
	}
	if n := w.h.Count(`select count(*) from roster_imports where created_by = $1`, w.distAdm.ID); n != rosterimport.DraftsKept {
		t.Errorf("got %d drafts of the admin, want %d", n, rosterimport.DraftsKept)
	}
	if n := w.h.Count(`select count(*) from roster_imports where id = $1`, id); n != 0 {
		t.Error("the oldest draft was kept")
	}
}

// TestRosterDryRunListsEveryError uploads sets with errors: 422 roster_errors with every
// error by file, row and column, and nothing stored.
func TestRosterDryRunListsEveryError(t *testing.T) {
	w := newImportWorld(t)
	type rosterError struct {
		File, Column, Message string
		Row                   int
	}
	tests := []struct {
		name string
		zip  []byte
		want []rosterError
	}{
		{"a bad grade and an unknown user", rosterZip(t, "901", func(name, content string) string {
			lines := strings.Split(content, "\n")
			switch name {
			case "users.csv":
				lines[6] = strings.Replace(lines[6], ",PK,", ",14,", 1)
			case "enrollments.csv":
				lines[2] = strings.Replace(lines[2], ",student-135415639,", ",student-nobody,", 1)
			}
			return strings.Join(lines, "\n")
		}), []rosterError{
			{File: "users.csv", Row: 7, Column: "grades"},
			{File: "enrollments.csv", Row: 3, Column: "userSourcedId"},
		}},
		{"another district's set", rosterZip(t, "317", nil), []rosterError{
			{File: "orgs.csv", Row: 2, Column: "identifier", Message: `"317" is not your district: the district org's identifier must be your district's PSU code, 901`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.distC.Expect(upload(w.distC, tt.zip), http.StatusUnprocessableEntity, "roster_errors")
			var body struct {
				Message    string        `json:"message"`
				Errors     []rosterError `json:"errors"`
				MoreErrors *int          `json:"moreErrors"`
			}
			if err := json.Unmarshal(r.Raw, &body); err != nil {
				t.Fatal(err)
			}
			if body.MoreErrors == nil || *body.MoreErrors != 0 || !strings.Contains(body.Message, "nothing was stored") {
				t.Errorf("got %s", r.Raw)
			}
			got := make([]rosterError, len(body.Errors))
			for i, e := range body.Errors {
				got[i] = rosterError{File: e.File, Row: e.Row, Column: e.Column}
				if tt.want[0].Message != "" {
					got[i].Message = e.Message
				}
				if e.Message == "" {
					t.Errorf("error %d has no message", i)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	if n := w.h.Count(`select count(*) from roster_imports`); n != 0 {
		t.Errorf("refused sets stored %d imports", n)
	}
}

// TestRosterDryRunRefusesWhatIsNotAZip: a text file, an empty body and a truncated zip.
func TestRosterDryRunRefusesWhatIsNotAZip(t *testing.T) {
	w := newImportWorld(t)
	good := rosterZip(t, "901", nil)
	for name, body := range map[string][]byte{"text": []byte("sourcedId,name\n1,x\n"), "empty": {}, "truncated": good[:len(good)/2]} {
		t.Run(name, func(t *testing.T) {
			w.distC.Expect(upload(w.distC, body), http.StatusBadRequest, "not_a_zip")
		})
	}
	if n := w.h.Count(`select count(*) from roster_imports`); n != 0 {
		t.Errorf("stored %d imports", n)
	}
}

// TestRosterDryRunTooLarge sends one byte past the 64 MiB limit, declared and streamed
// (chunked): each gets the JSON 413, not a dropped connection. Other routes keep their
// 64 KB limit.
func TestRosterDryRunTooLarge(t *testing.T) {
	w := newImportWorld(t)
	big := make([]byte, rosterimport.MaxUpload+1)
	copy(big, rosterZip(t, "901", nil))
	w.distC.Expect(upload(w.distC, big), http.StatusRequestEntityTooLarge, "upload_too_large")
	anonymous := w.h.Client()
	anonymous.Expect(upload(anonymous, big), http.StatusUnauthorized, "not_signed_in")

	req, err := http.NewRequest(http.MethodPost, w.h.Server.URL+rosterDryRunPath, io.MultiReader(bytes.NewReader(big)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/zip")
	req.Header.Set("X-CSRF-Token", w.distC.CSRF)
	resp, err := w.distC.HTTP.Do(req)
	if err != nil {
		t.Fatalf("streamed upload: %v", err)
	}
	defer resp.Body.Close()
	var body struct{ Code string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge || body.Code != "upload_too_large" {
		t.Errorf("streamed upload: got %d %q (%v), want 413 upload_too_large", resp.StatusCode, body.Code, err)
	}
	if req.ContentLength != 0 {
		t.Fatalf("the streamed upload declared its length %d", req.ContentLength)
	}

	// Exactly the limit is read and checked: the zeros after the zip hide its directory, so
	// it is refused as not a zip rather than as too large.
	w.distC.Expect(upload(w.distC, big[:rosterimport.MaxUpload]), http.StatusBadRequest, "not_a_zip")
	// A small zip that declares its files unpack to more than MaxUnpacked is refused before
	// the check reads them.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	f, err := zw.CreateRaw(&zip.FileHeader{Name: "users.csv", Method: zip.Store, UncompressedSize64: rosterimport.MaxUnpacked + 1,
		CompressedSize64: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("a,b")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	w.distC.Expect(upload(w.distC, bomb.Bytes()), http.StatusRequestEntityTooLarge, "upload_too_large")

	// A JSON body is read whole by the edge checks before any handler, so the upload route
	// keeps the 64 KB limit for it, as every other route does.
	w.distC.Expect(w.distC.Do(http.MethodPost, rosterDryRunPath, strings.Repeat(" ", 70<<10)),
		http.StatusRequestEntityTooLarge, "body_too_large")
	w.distC.Expect(w.distC.Do(http.MethodPost, "/api/v1/staff/district/regenerations/dry-run", strings.Repeat(" ", 70<<10)),
		http.StatusRequestEntityTooLarge, "body_too_large")
	if n := w.h.Count(`select count(*) from roster_imports`); n != 0 {
		t.Errorf("stored %d imports", n)
	}
}

// TestRosterImportRoles: teachers and school admins get 403 not_allowed on every route;
// so does a district admin whose second factor is stale on the dry run and the apply (the
// history needs no fresh factor). Each refusal is audited and changes nothing.
func TestRosterImportRoles(t *testing.T) {
	w := newImportWorld(t)
	id := w.rosterDraft(t, w.distC)
	zipped := rosterZip(t, "901", nil)
	for _, tc := range []struct {
		name string
		do   func() (int, string)
	}{
		{"teacher dry run", func() (int, string) { r := upload(w.teacherC, zipped); return r.Status, r.Code() }},
		{"school admin dry run", func() (int, string) { r := upload(w.adminC, zipped); return r.Status, r.Code() }},
		{"teacher history", func() (int, string) {
			r := w.teacherC.Do(http.MethodGet, "/api/v1/staff/district/roster/imports", nil)
			return r.Status, r.Code()
		}},
		{"school admin import", func() (int, string) {
			r := w.adminC.Do(http.MethodGet, rosterPath(id, ""), nil)
			return r.Status, r.Code()
		}},
		{"school admin apply", func() (int, string) {
			r := w.adminC.Do(http.MethodPost, rosterPath(id, "apply"), nil)
			return r.Status, r.Code()
		}},
	} {
		if status, code := tc.do(); status != http.StatusForbidden || code != "not_allowed" {
			t.Errorf("%s: got %d %q, want 403 not_allowed", tc.name, status, code)
		}
	}

	cookie, csrf := (&regenWorld{h: w.h}).staleClient(t, w.distAdm)
	stale := w.h.Client()
	for _, tc := range []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"dry run", http.MethodPost, rosterDryRunPath, zipped, http.StatusForbidden},
		{"apply", http.MethodPost, rosterPath(id, "apply"), nil, http.StatusForbidden},
		{"history", http.MethodGet, "/api/v1/staff/district/roster/imports", nil, http.StatusOK},
	} {
		r := stale.Do(tc.method, tc.path, tc.body, "Cookie", cookie, "X-CSRF-Token", csrf, "Content-Type", "application/zip")
		if r.Status != tc.want || tc.want == http.StatusForbidden && r.Code() != "second_factor_stale" {
			t.Errorf("stale second factor, %s: got %d %s", tc.name, r.Status, r.Raw)
		}
	}
	if n := w.h.Count(`select count(*) from roster_imports`); n != 1 {
		t.Errorf("got %d imports, want the one draft", n)
	}
	if n := w.h.Count(`select count(*) from audit_events where action like 'roster_import_%' and outcome = 'refused'`); n != 7 {
		t.Errorf("got %d refusals audited, want 7", n)
	}
	if calls := w.imp.calls(); len(calls) != 0 {
		t.Errorf("a refused apply applied: %v", calls)
	}
}
