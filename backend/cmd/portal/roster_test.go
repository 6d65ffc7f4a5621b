package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
