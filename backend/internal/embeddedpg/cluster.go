package embeddedpg

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// prepareDataDir creates the data folder and, when postgres runs as another
// user, hands it to that user and makes sure the user can reach it.
func prepareDataDir(dataDir string, owner *osUser, logger *slog.Logger) error {
	// Parents get 0755 (not 0700 like the data folder itself) so that the
	// server's user can pass through a parent we create, such as .data/.
	if err := os.MkdirAll(filepath.Dir(dataDir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(dataDir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if owner == nil {
		return nil
	}
	if err := ensureReachable(filepath.Dir(dataDir), owner, ownFolders(dataDir), logger); err != nil {
		return err
	}
	fi, err := os.Stat(dataDir)
	if err != nil {
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) == owner.uid {
		return nil
	}
	// A folder made by an earlier run as another user (or by hand) must be
	// owned throughout by the server's user, or postgres refuses to start.
	return filepath.WalkDir(dataDir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, owner.uid, owner.gid)
	})
}

// ensureCluster runs initdb unless the folder already holds a cluster, and
// refuses a cluster from another major version with advice instead of
// letting postgres fail with a terse message.
func ensureCluster(ctx context.Context, bins binaries, dataDir string, owner *osUser, logger *slog.Logger) error {
	if major, ok := clusterMajor(dataDir); ok {
		if major != bins.major {
			return fmt.Errorf("%s holds a PostgreSQL %d cluster but the binaries in %s are PostgreSQL %d; "+
				"delete the folder to start afresh (its data is lost), or set BinDir to PostgreSQL %d binaries",
				dataDir, major, bins.dir, bins.major, major)
		}
		return nil
	}
	began := time.Now()
	// Trust is safe here because the server listens on 127.0.0.1 only and
	// its socket lives in a folder only its user can enter. --no-sync: a
	// crash during initdb just means running it again.
	cmd := exec.CommandContext(ctx, filepath.Join(bins.dir, "initdb"),
		"-D", dataDir, "--no-sync", "--no-instructions",
		"-A", "trust", "-U", superuser, "--encoding", "UTF8", "--locale", "C")
	cmd.Env = bins.env()
	cmd.Dir = "/"
	cmd.SysProcAttr = sysProcAttr(owner)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb %s: %w\n%s", dataDir, err, strings.TrimSpace(string(out)))
	}
	logger.Info("embedded postgres: initialised cluster", "data_dir", dataDir,
		"took", time.Since(began).Round(time.Millisecond))
	return nil
}

func clusterMajor(dataDir string) (int, bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	if err != nil {
		return 0, false
	}
	major, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return major, err == nil
}

// clearStalePIDFile deals with a postmaster.pid left by a run that was
// killed. Postgres itself ignores the file when its PID is dead, but in a
// container PIDs are small and soon reused, and postgres then refuses to
// start because "another server" seems to run. Postgres works in its data
// folder, so a live process whose working directory is elsewhere is not
// ours and the file is stale. When we cannot tell (no /proc, or no
// permission), the file is left for postgres to judge.
func clearStalePIDFile(dataDir string, logger *slog.Logger) error {
	pidFile := filepath.Join(dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return nil
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		return nil
	}
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return nil
	}
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	if err != nil {
		return nil
	}
	if sameDir(cwd, dataDir) {
		return fmt.Errorf("%s is in use by a running postgres (pid %d); stop the other run first", dataDir, pid)
	}
	logger.Info("embedded postgres: removing stale postmaster.pid", "pid", pid, "data_dir", dataDir)
	return os.Remove(pidFile)
}

func sameDir(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
