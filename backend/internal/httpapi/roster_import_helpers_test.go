package httpapi_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/roster"
)

const rosterDryRunPath = "/api/v1/staff/district/roster/dry-run"

// fakeImporter stands in for the PostgreSQL importer: its plan counts every row of the
// set as added, Apply records its calls, waits for gate when there is one, and fails with
// fail when set.
type fakeImporter struct {
	mu      sync.Mutex
	applied []string // district ids of the calls of Apply
	gate    chan struct{}
	fail    error
}

func (f *fakeImporter) Plan(_ context.Context, _ string, set *roster.Set) (roster.Plan, error) {
	rows := map[string]int{"orgs.csv": len(set.Orgs), "classes.csv": len(set.Classes), "users.csv": len(set.Users),
		"enrollments.csv": len(set.Enrollments)}
	p := roster.Plan{}
	for _, file := range roster.PlanFiles {
		p.Files = append(p.Files, roster.FilePlan{File: file, Added: rows[file]})
	}
	return p, nil
}

func (f *fakeImporter) Apply(ctx context.Context, districtID string, set *roster.Set) (roster.Plan, error) {
	f.mu.Lock()
	gate, fail := f.gate, f.fail
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return roster.Plan{}, ctx.Err()
		}
	}
	if fail != nil {
		return roster.Plan{}, fail
	}
	f.mu.Lock()
	f.applied = append(f.applied, districtID)
	f.mu.Unlock()
	p, _ := f.Plan(ctx, districtID, set)
	p.Files[2].Added, p.Files[2].Changed = p.Files[2].Added-1, 1 // what a real apply found, not the dry run's
	return p, nil
}

func (f *fakeImporter) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.applied...)
}

// importWorld is district 901 with two district admins, a school admin and a teacher, a
// district admin of district 902, and the fake importer.
type importWorld struct {
	h                        *apitest.Harness
	imp                      *fakeImporter
	distAdm, distAdm2, other *apitest.StaffMember
	admin, teacher           *apitest.StaffMember
	distC, distC2, otherC    *apitest.Client
	adminC, teacherC         *apitest.Client
	districtID               string
}

func newImportWorld(t testing.TB, opts ...apitest.Option) *importWorld {
	t.Helper()
	imp := &fakeImporter{}
	h := apitest.New(t, append(opts, apitest.WithPortal(portal.WithRosterImporter(imp)))...)
	w := &importWorld{h: h, imp: imp}
	st := h.Student(apitest.StudentOpts{Grade: 3})
	school := h.Text(`select school_id::text from students where id = $1`, st.ID)
	w.districtID = h.Text(`select district_id::text from schools where id = $1`, school)
	w.distAdm = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	w.distAdm2 = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	w.admin = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin, SchoolID: school})
	w.teacher = h.Staff(apitest.StaffOpts{})
	w.other = h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, OtherDistrict: true})
	w.distC, w.distC2, w.otherC = h.StaffClient(w.distAdm), h.StaffClient(w.distAdm2), h.StaffClient(w.other)
	w.adminC, w.teacherC = h.StaffClient(w.admin), h.StaffClient(w.teacher)
	return w
}

// rosterZip zips the demo OneRoster set as district psu's (the demo's district org is 317),
// each file passed through edit (nil keeps them).
func rosterZip(t testing.TB, psu string, edit func(name, content string) string) []byte {
	t.Helper()
	dir := filepath.Join("..", "roster", "testdata", "demo")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		content := string(raw)
		if e.Name() == "orgs.csv" {
			content = strings.Replace(content, ",district,317,", ",district,"+psu+",", 1)
		}
		if edit != nil {
			content = edit(e.Name(), content)
		}
		f, err := zw.Create(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts body as c, as the page does: raw application/zip, named in a
// Content-Disposition header.
func upload(c *apitest.Client, body []byte) apitest.Response {
	return c.Do(http.MethodPost, rosterDryRunPath, body, "Content-Type", "application/zip",
		"Content-Disposition", `attachment; filename="sis-nightly.zip"`)
}

// rosterDraft uploads the clean demo set of district 901 as c and returns the draft's id.
func (w *importWorld) rosterDraft(t *testing.T, c *apitest.Client) string {
	t.Helper()
	r := upload(c, rosterZip(t, "901", nil))
	if r.Status != http.StatusOK || r.String("state") != "draft" {
		t.Fatalf("dry run: %d %s", r.Status, r.Raw)
	}
	return r.String("importId")
}

func rosterPath(id, action string) string {
	p := "/api/v1/staff/district/roster/imports/" + id
	if action != "" {
		p += "/" + action
	}
	return p
}

// waitImport polls import id as c until its state is no longer applying, and returns it.
func (w *importWorld) waitImport(t *testing.T, c *apitest.Client, id string) apitest.Response {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := c.Do(http.MethodGet, rosterPath(id, ""), nil)
		if r.Status != http.StatusOK {
			t.Fatalf("import: %d %s", r.Status, r.Raw)
		}
		if r.String("state") != "applying" {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("import %s is still applying: %s", id, r.Raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// planOf reads the plan of an import's body as file → [added, changed, retired, unchanged].
func planOf(t *testing.T, r apitest.Response) map[string][4]int {
	t.Helper()
	plan, _ := r.Body["plan"].(map[string]any)
	files, _ := plan["files"].([]any)
	out := map[string][4]int{}
	for _, f := range files {
		m, _ := f.(map[string]any)
		num := func(k string) int { v, _ := m[k].(float64); return int(v) }
		name, _ := m["file"].(string)
		out[name] = [4]int{num("added"), num("changed"), num("retired"), num("unchanged")}
	}
	return out
}

var errImporterDown = errors.New("the database refused the set")
