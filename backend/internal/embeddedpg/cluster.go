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
