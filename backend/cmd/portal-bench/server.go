package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/schoolpass/portal/backend/internal/banner"
)

// server is the portal under test, a child process.
type server struct {
	path    string
	cmd     *exec.Cmd
	pid     int
	base    string // http://127.0.0.1:port
	metrics string // http://127.0.0.1:port/metrics, the profiler beside it
	dir     string // temporary folder: data/, web/, server.log, server.out
	logPath string
	startup time.Duration

	exited  chan struct{}
	waitErr error
	stopped bool
	mu      sync.Mutex
}

// childEnv is the bench's environment without the settings that would point
// the server at another database or mail relay or change its hash cost: the
// server under test must run with the defaults (production hash parameters).
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "PORTAL_") && name != "PORTAL_PG_BIN_DIR", strings.HasPrefix(name, "SMTP_"), strings.HasPrefix(name, "MAIL_FROM"),
			name == "DATABASE_URL", name == "LOG_LEVEL":
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// freePorts returns n distinct free TCP ports on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// startServer starts `path serve`, with its profiler on when pprof is set,
// and waits until it prints its address, /readyz answers 200 and its metrics
// count the /readyz requests.
func startServer(ctx context.Context, path string, timeout time.Duration, pprof bool) (*server, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(abs); err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		return nil, fmt.Errorf("no server binary at %s (build it first: make build-go)", abs)
	}
	removeStaleDirs()
	dir, err := os.MkdirTemp("", "portal-bench-")
	if err != nil {
		return nil, err
	}
	// Marks the folder as ours while we live; a later run removes it if we
	// were killed before we could.
	if err := os.WriteFile(filepath.Join(dir, "bench.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	s := &server{path: abs, dir: dir, logPath: filepath.Join(dir, "server.log"), exited: make(chan struct{})}
	fail := func(err error) (*server, error) {
		_ = s.stop(10 * time.Second)
		s.removeDir()
		return nil, err
	}
	for _, d := range []string{"data", "web"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			return fail(err)
		}
	}
	// The embedded PostgreSQL runs as an unprivileged user when we are root:
	// let it into the data folder.
	_ = os.Chmod(dir, 0o755)
	ports, err := freePorts(3)
	if err != nil {
		return fail(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", ports[0])
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", ports[2])
	s.metrics = "http://" + metricsAddr + "/metrics"
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return fail(err)
	}
	defer logFile.Close() // the child holds its own descriptor
	outFile, err := os.Create(filepath.Join(dir, "server.out"))
	if err != nil {
		return fail(err)
	}

	cmd := exec.Command(abs, "serve")
	cmd.Env = childEnv(
		"PORTAL_ADDR="+addr,
		"PORTAL_DATA_DIR="+filepath.Join(dir, "data"),
		"PORTAL_DEMO=1",
		// The test API creates the students the sign-in benchmarks spread
		// their load over. Never on in production (anyone who reaches it can
		// make an account), acceptable here: this server is a throwaway on
		// 127.0.0.1 with its own temporary data folder, removed when we stop.
		"PORTAL_TEST_API=1",
		fmt.Sprintf("PORTAL_MAIL_CATCHER_ADDR=127.0.0.1:%d", ports[1]),
		"PORTAL_WEB_DIR="+filepath.Join(dir, "web"),
		"PORTAL_METRICS_ADDR="+metricsAddr,
		"PORTAL_PPROF="+strconv.FormatBool(pprof),
	)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		outFile.Close()
		return fail(err)
	}
	cmd.SysProcAttr = sysProcAttr()
	began := time.Now()
	if err := cmd.Start(); err != nil {
		outFile.Close()
		return fail(fmt.Errorf("start %s: %w", abs, err))
	}
	s.cmd, s.pid = cmd, cmd.Process.Pid

	// Copy stdout to server.out and watch for the address line.
	listening := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		defer outFile.Close()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(outFile, line)
			if url, ok := banner.ListeningURL(line); ok {
				select {
				case listening <- url:
				default:
				}
			}
		}
		_, _ = io.Copy(outFile, stdout)
	}()
	go func() {
		<-copied // Wait closes the pipe: read everything first
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()

	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	select {
	case url := <-listening:
		s.base = url
	case <-s.exited:
		return fail(fmt.Errorf("the server exited while starting: %v\n%s", s.waitErr, s.logTail(30)))
	case <-deadline.C:
		return fail(fmt.Errorf("the server did not start within %s\n%s", timeout, s.logTail(30)))
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	if s.base != "http://"+addr {
		return fail(fmt.Errorf("the server listens on %s, not on http://%s", s.base, addr))
	}
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := client.Get(s.base + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-s.exited:
			return fail(fmt.Errorf("the server exited while starting: %v\n%s", s.waitErr, s.logTail(30)))
		case <-deadline.C:
			return fail(fmt.Errorf("/readyz did not answer 200 within %s\n%s", timeout, s.logTail(30)))
		case <-ctx.Done():
			return fail(ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err := checkMetrics(client, s.metrics); err != nil {
		return fail(err)
	}
	client.CloseIdleConnections()
	s.startup = time.Since(began)
	return s, nil
}

// checkMetrics checks the server's metrics address answers with its request
// metrics (the /readyz polls have made some).
func checkMetrics(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return fmt.Errorf("the server's metrics: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `portal_requests_total{code="200"`) {
		return fmt.Errorf("the server's metrics at %s: %s without portal_requests_total", url, resp.Status)
	}
	return nil
}

// exitedEarly reports whether the server exited without being stopped.
func (s *server) exitedEarly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || s.cmd == nil {
		return false
	}
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM and waits up to grace for the server (and so its
// PostgreSQL) to shut down, then kills it.
func (s *server) stop(grace time.Duration) error {
	s.mu.Lock()
	if s.cmd == nil || s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	s.mu.Unlock()
	select {
	case <-s.exited:
		return nil
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		_ = s.cmd.Process.Kill()
	}
	select {
	case <-s.exited:
		return nil
	case <-time.After(grace):
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	return fmt.Errorf("the server did not stop within %s after SIGTERM; killed it", grace)
}

// removeStaleDirs removes the temporary folders of benches that were killed
// (SIGKILL leaves no chance to clean up; Pdeathsig killed their servers).
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "portal-bench-*"))
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, "bench.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			_ = os.RemoveAll(dir)
		}
	}
}

func (s *server) removeDir() {
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

// logTail returns the last n lines of the server's log.
func (s *server) logTail(n int) string {
	data, err := os.ReadFile(s.logPath)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}
