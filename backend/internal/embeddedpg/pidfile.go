package embeddedpg

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// killedServerWait bounds how long Start waits for the processes of a killed server to
// finish exiting; they take milliseconds, and a killed postmaster may stay unreaped for a
// second or two.
const killedServerWait = 10 * time.Second

// clearStalePIDFile deals with a postmaster.pid left by a run that was killed.
//
// Postgres itself ignores the file when its PID is dead, but two cases fool it. In a
// container PIDs are small and soon reused, and postgres then refuses to start because
// "another server" seems to run: postgres works in its data folder, so a live process
// whose working directory is elsewhere is not ours and the file is stale. And a postmaster
// killed with its portal (Pdeathsig) is reparented to init, which in a container may reap
// it only a second or more later; until then it is a zombie that postgres takes for a live
// server. Such a postmaster is dead, so once none of its backends is still running in the
// folder (they exit on their own when it dies) the file is stale too. When we cannot tell
// (no /proc, or no permission), the file is left for postgres to judge.
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
	for deadline := time.Now().Add(killedServerWait); exiting(pid); time.Sleep(50 * time.Millisecond) {
		if !folderInUse(dataDir) {
			logger.Info("embedded postgres: removing the postmaster.pid of a killed server", "pid", pid, "data_dir", dataDir)
			return os.Remove(pidFile)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: processes of a killed postgres (pid %d) still run after %s", dataDir, pid, killedServerWait)
		}
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

// pfExiting is the kernel's PF_EXITING flag: the process has been killed or has
// called exit, and is being torn down.
const pfExiting = 0x4

// exiting reports whether pid is a process that has exited or is exiting: a zombie,
// or one the kernel is tearing down. It is false for a running or vanished process,
// and where /proc cannot tell.
func exiting(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The command name in parentheses may hold spaces; the fields after it do not.
	_, after, _ := strings.Cut(string(stat), ") ")
	fields := strings.Fields(after)
	if len(fields) < 7 {
		return false
	}
	flags, _ := strconv.ParseUint(fields[6], 10, 64)
	return fields[0] == "Z" || fields[0] == "X" || flags&pfExiting != 0
}

// folderInUse reports whether a process that is not exiting works in dataDir, as the
// backends of a postmaster do.
func folderInUse(dataDir string) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid)); err == nil && sameDir(cwd, dataDir) && !exiting(pid) {
			return true
		}
	}
	return false
}

func sameDir(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
