package embeddedpg

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
}

func TestNPMBinDir(t *testing.T) {
	repo := t.TempDir()
	bin := filepath.Join(repo, "frontend", npmBinPath())
	for _, name := range []string{"initdb", "postgres"} {
		writeFile(t, filepath.Join(bin, name), "#!/bin/sh\n", 0o755)
	}
	deep := filepath.Join(repo, "frontend", "src", "features")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		roots []string
		want  string
	}{
		{"from a folder below the package's node_modules", []string{deep}, bin},
		{"from a later root", []string{filepath.Join(repo, "backend"), filepath.Join(repo, "frontend")}, bin},
		{"not above the roots", []string{filepath.Join(repo, "backend")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := npmBinDir(tt.roots); got != tt.want {
				t.Errorf("npmBinDir(%v) = %q, want %q", tt.roots, got, tt.want)
			}
		})
	}
}

// Without the package's postinstall, the library links are missing and
// postgres cannot load libicuuc.so.60; hydrateSymlinks makes them.
func TestHydrateSymlinks(t *testing.T) {
	native := filepath.Join(t.TempDir(), "linux-x64", "native")
	writeFile(t, filepath.Join(native, "lib", "libicuuc.so.60.2"), "lib", 0o644)
	writeFile(t, filepath.Join(native, "pg-symlinks.json"), `[
		{"source":"native/lib/libicuuc.so.60.2","target":"native/lib/libicuuc.so.60"},
		{"source":"native/lib/libicuuc.so.60.2","target":"../../outside"}
	]`, 0o644)

	if err := hydrateSymlinks(native); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(native, "lib", "libicuuc.so.60")
	if got, err := os.Readlink(link); err != nil || got != "libicuuc.so.60.2" {
		t.Errorf("link %s -> %q (%v), want libicuuc.so.60.2", link, got, err)
	}
	if _, err := os.Lstat(filepath.Join(native, "..", "..", "..", "outside")); err == nil {
		t.Error("a link outside native/ was created")
	}
	if err := hydrateSymlinks(native); err != nil {
		t.Errorf("second run: %v", err)
	}
}

func TestSearchable(t *testing.T) {
	u := &osUser{name: "someone", uid: 4242, gid: 4242}
	dir := t.TempDir() // owned by the test's user, not u
	tests := []struct {
		mode os.FileMode
		want bool
	}{
		{0o700, false},
		{0o750, false}, // group bits are not u's
		{0o701, true},
		{0o755, true},
	}
	for _, tt := range tests {
		if err := os.Chmod(dir, tt.mode); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := searchable(fi, u); got != tt.want {
			t.Errorf("searchable(mode %v) = %v, want %v", tt.mode, got, tt.want)
		}
	}
}
