package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/config"
)

// TestRosterCheckCommand: `portal roster check` prints the rows per file and the counts of
// a valid set, and every error of a broken one with a failing exit.
func TestRosterCheckCommand(t *testing.T) {
	demoSet := filepath.Join("..", "..", "internal", "roster", "testdata", "demo")
	var out bytes.Buffer
	if err := run(t.Context(), "roster", []string{"check", demoSet}, &out); err != nil {
		t.Fatalf("demo set: got %v, want success\n%s", err, &out)
	}
	d := demoDistrict()
	classes, students := 0, 0
	for _, s := range d.Schools {
		classes += len(s.Classes)
		for _, c := range s.Classes {
			students += len(c.Students)
		}
	}
	counts := fmt.Sprintf("OK: %d schools, %d classes, %d teachers, %d administrators, %d students, %d guardians, %d enrolments",
		len(d.Schools), classes, classes, len(d.Admins)+len(d.Schools), students, len(d.Guardians), classes+students)
	for _, want := range []string{"users.csv              318 rows", counts} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo set: output lacks %q:\n%s", want, &out)
		}
	}

	broken := t.TempDir()
	entries, err := os.ReadDir(demoSet)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(demoSet, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "users.csv" {
			lines := strings.SplitAfter(string(data), "\n")
			lines[9] = strings.Replace(lines[9], ",KG,", ",K,", 1)
			lines[9] = strings.Replace(lines[9], ",PK,", ",K,", 1)
			data = []byte(strings.Join(lines, ""))
		}
		if err := os.WriteFile(filepath.Join(broken, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	err = run(t.Context(), "roster", []string{"check", broken}, &out)
	if err == nil || !strings.Contains(err.Error(), "1 errors") {
		t.Fatalf("broken set: got %v, want 1 error\n%s", err, &out)
	}
	if want := `users.csv row 10, grades: "K" is not a OneRoster grade code`; !strings.Contains(out.String(), want) {
		t.Errorf("broken set: output lacks %q:\n%s", want, &out)
	}

	if err := run(t.Context(), "roster", []string{"check"}, &out); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("no path: got %v, want the usage", err)
	}
}

// TestRosterImportCommand: `portal roster import` on the seeded demo district (embedded
// PostgreSQL, as `make run` has it) prints the plan, changes nothing on a dry run, and the
// demo set applies with every row unchanged; a set of another district is refused.
func TestRosterImportCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL")
	}
	t.Setenv("DATABASE_URL", "")
	t.Setenv("PORTAL_DATA_DIR", t.TempDir())
	t.Setenv("PORTAL_DEMO", "")
	if err := run(t.Context(), "seed-demo", nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	demoSet := filepath.Join("..", "..", "internal", "roster", "testdata", "demo")
	var out bytes.Buffer
	if err := run(t.Context(), "roster", []string{"import", "--dry-run", demoSet}, &out); err != nil {
		t.Fatalf("dry run: %v\n%s", err, &out)
	}
	for _, want := range []string{"Plan:", "users.csv                  0         0         0       318", "Dry run: nothing was changed."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, &out)
		}
	}
	out.Reset()
	if err := run(t.Context(), "roster", []string{"import", demoSet}, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, &out)
	}
	if !strings.Contains(out.String(), "Applied:") || !strings.Contains(out.String(), "Recorded in the district's import history") || !strings.Contains(out.String(), "enrollments.csv            0         0         0       314") {
		t.Errorf("import output:\n%s", &out)
	}

	// The command-line import is in the district's history, with the plan it applied.
	cfg, err := config.Load(config.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	in, err := startInfra(t.Context(), cfg, newLogger("error"), false)
	if err != nil {
		t.Fatal(err)
	}
	var recorded int
	err = in.pool.QueryRow(t.Context(), `select count(*) from roster_imports
		where source = 'command_line' and file_name = 'demo' and state = 'applied'
		and plan @> '{"files": [{"file": "enrollments.csv", "unchanged": 314}]}'`).Scan(&recorded)
	in.close()
	if err != nil || recorded != 1 {
		t.Errorf("command-line imports in the history: %d (%v), want 1", recorded, err)
	}

	other := t.TempDir()
	entries, err := os.ReadDir(demoSet)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(demoSet, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "orgs.csv" {
			data = []byte(strings.Replace(string(data), ",district,317,", ",district,318,", 1))
		}
		if err := os.WriteFile(filepath.Join(other, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err = run(t.Context(), "roster", []string{"import", other}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `no district has the PSU code "318"`) {
		t.Errorf("another district's set: %v", err)
	}
}
