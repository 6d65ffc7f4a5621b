package rosterimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// demoZip zips the demo OneRoster set (district 317), its folder zipped rather than its
// files, as macOS's "Compress" does.
func demoZip(t *testing.T) []byte {
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
		f, err := zw.Create("demo/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheckZip(t *testing.T) {
	zipped := demoZip(t)
	set, err := checkZip(zipped, "317")
	if err != nil {
		t.Fatalf("the demo set of its own district: %v", err)
	}
	if c := set.Counts(); c.Students != 300 || c.Schools != 2 {
		t.Errorf("got %+v, want the demo's 300 students in 2 schools", c)
	}
	_, err = checkZip(zipped, "901")
	var checkErr *CheckError
	if !errors.As(err, &checkErr) || len(checkErr.Report.Errors) != 1 {
		t.Fatalf("another district's set: got %v, want one error", err)
	}
	if got, want := checkErr.Report.Errors[0].String(), `orgs.csv row 2, identifier: "317" is not your district`; !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want it to start %q", got, want)
	}
	if _, err := checkZip([]byte("manifest.csv,orgs.csv"), "317"); !errors.Is(err, ErrNotZip) {
		t.Errorf("text: got %v, want ErrNotZip", err)
	}
}

func TestReadUpload(t *testing.T) {
	if got, err := readUpload(bytes.NewReader(make([]byte, MaxUpload))); err != nil || len(got) != MaxUpload {
		t.Errorf("exactly the limit: got %d bytes, %v", len(got), err)
	}
	if _, err := readUpload(bytes.NewReader(make([]byte, MaxUpload+1))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte more: got %v, want ErrTooLarge", err)
	}
	if _, err := readUpload(iotest.TimeoutReader(bytes.NewReader(make([]byte, 1<<20)))); !errors.Is(err, ErrUploadInterrupted) {
		t.Errorf("a body that stops: got %v, want ErrUploadInterrupted", err)
	}
}
