package roster

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// writeZip stores files in a new .zip in dir and returns its path.
func writeZip(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	path := filepath.Join(dir, "set.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRosterOpenZipAndFolder: Open reads the same set from a .zip and from a folder.
func TestRosterOpenZipAndFolder(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "set")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range baseSet {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{folder, writeZip(t, dir, baseSet)} {
		fsys, closer, err := Open(path)
		if err != nil {
			t.Fatalf("Open(%s): %v", path, err)
		}
		set, rep := Check(fsys)
		closer.Close()
		if !rep.OK() || set.Counts().Students != 2 {
			t.Errorf("%s: got %d students, errors %v; want 2 and none", path, set.Counts().Students, rep.Errors)
		}
		if len(rep.Files) != 6 || rep.Files[4] != (FileRows{fileClasses, 1}) {
			t.Errorf("%s: rows per file %v", path, rep.Files)
		}
	}
	nested := map[string]string{"__MACOSX/._manifest.csv": "x"}
	for name, body := range baseSet {
		nested["oneroster-export/"+name] = body
	}
	nestedDir := filepath.Join(dir, "nested")
	os.Mkdir(nestedDir, 0o755)
	fsys, closer, err := Open(writeZip(t, nestedDir, nested))
	if err != nil {
		t.Fatal(err)
	}
	if _, rep := Check(fsys); !rep.OK() {
		t.Errorf("a zip of the set's folder: got errors %v, want none", rep.Errors)
	}
	closer.Close()
	if _, _, err := Open(filepath.Join(dir, "nothing")); err == nil {
		t.Error("Open of a missing path: got no error")
	}
	notZip := filepath.Join(dir, "x.zip")
	os.WriteFile(notZip, []byte("not a zip"), 0o644)
	if _, _, err := Open(notZip); err == nil {
		t.Error("Open of a file that is no zip: got no error")
	}
}

// TestRosterErrorCap: a million broken rows list MaxListedErrors errors and count the rest.
func TestRosterErrorCap(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("sourcedId,name,type\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "o%d,Org,planet\n", i)
	}
	files := map[string]string{}
	for k, v := range baseSet {
		files[k] = v
	}
	files[fileOrgs] = b.String()
	_, rep := Check(setFS(files))
	if len(rep.Errors) != MaxListedErrors || rep.ErrorCount() < 5000 {
		t.Errorf("got %d listed, %d in all; want %d listed and at least 5000", len(rep.Errors), rep.ErrorCount(), MaxListedErrors)
	}
}

// FuzzRosterCSV: reading any bytes as a file of the set never panics, and every error
// names its file.
func FuzzRosterCSV(f *testing.F) {
	for _, name := range []string{fileUsers, fileOrgs, fileEnrol} {
		f.Add([]byte(baseSet[name]))
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz-seeds", "*.csv"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{fileUsers, fileEnrol} {
			files := map[string]string{}
			for k, v := range baseSet {
				files[k] = v
			}
			files[name] = string(data)
			_, rep := Check(setFS(files))
			for _, e := range rep.Errors {
				if e.File == "" || e.Message == "" {
					t.Fatalf("error without file or message: %+v", e)
				}
			}
		}
	})
}

// TestRosterLargeSetMemory: a synthetic set of 100,000 students validates, and the memory
// it holds stays bounded (the figure is logged; timing is not asserted).
func TestRosterLargeSetMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large set")
	}
	const students, perClass = 100_000, 25
	dir := t.TempDir()
	write := func(name string, fill func(w *bytes.Buffer)) {
		var b bytes.Buffer
		fill(&b)
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(fileManifest, func(w *bytes.Buffer) { w.WriteString(baseSet[fileManifest]) })
	write(fileOrgs, func(w *bytes.Buffer) { w.WriteString(baseSet[fileOrgs]) })
	write(fileSessions, func(w *bytes.Buffer) { w.WriteString(baseSet[fileSessions]) })
	classes := students / perClass
	write(fileClasses, func(w *bytes.Buffer) {
		w.WriteString("sourcedId,title,courseSourcedId,classCode,classType,schoolSourcedId,termSourcedIds\n")
		for c := range classes {
			fmt.Fprintf(w, "class-%d,Class %d,course-%d,%d,scheduled,s1,y1\n", c, c, c, c)
		}
	})
	write(fileUsers, func(w *bytes.Buffer) {
		w.WriteString("sourcedId,enabledUser,orgSourcedIds,role,username,givenName,familyName,email,grades,identifier\n")
		for c := range classes {
			fmt.Fprintf(w, "teacher-%d,true,s1,teacher,teacher%d,Given%d,Family,teacher%d@x.example,,\n", c, c, c, c)
		}
		for i := range students {
			fmt.Fprintf(w, "student-%07d,true,s1,student,student%07d,Given%d,Family,student%07d@x.example,%02d,%09d\n", i, i, i, i, 1+i%12, 100000000+i)
		}
	})
	write(fileEnrol, func(w *bytes.Buffer) {
		w.WriteString("sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\n")
		for c := range classes {
			fmt.Fprintf(w, "et-%d,class-%d,s1,teacher-%d,teacher\n", c, c, c)
		}
		for i := range students {
			fmt.Fprintf(w, "es-%d,class-%d,s1,student-%07d,student\n", i, i/perClass, i)
		}
	})

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	set, rep := Check(os.DirFS(dir))
	runtime.GC()
	runtime.ReadMemStats(&after)
	if !rep.OK() {
		t.Fatalf("synthetic set: %d errors, first %v", rep.ErrorCount(), rep.Errors[:min(3, len(rep.Errors))])
	}
	if got := set.Counts(); got.Students != students || got.Enrollments != students+classes {
		t.Fatalf("counts: got %+v", got)
	}
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("100,000 students, %d teachers, %d enrolments: %.1f MB held by the set after GC, %.1f MB allocated in all, %.1f MB heap peak (HeapSys)",
		classes, len(set.Enrollments), float64(held)/1e6, float64(after.TotalAlloc-before.TotalAlloc)/1e6, float64(after.HeapSys)/1e6)
	if held > 100<<20 {
		t.Errorf("the set holds %d MB, want under 100 MB", held>>20)
	}
	runtime.KeepAlive(set)
}
