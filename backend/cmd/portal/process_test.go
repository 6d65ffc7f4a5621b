package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// asPortalEnv makes the test binary run main instead of the tests (see TestMain).
const asPortalEnv = "PORTAL_TEST_RUN_AS_PORTAL"

// TestMain lets the test binary stand in for the portal binary: started again with
// asPortalEnv set, it runs main, so the multi-instance and crash tests run real, separate
// portal processes without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv(asPortalEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startTimeout bounds a portal process's start: migrations, an embedded PostgreSQL and a
// race-instrumented binary on a busy machine take seconds, not minutes.
const startTimeout = time.Minute

// portalProcess is `portal serve` running as a child process of the test.
type portalProcess struct {
	t      *testing.T
	name   string
	cmd    *exec.Cmd
	stdout *lockedBuffer
	stderr *lockedBuffer
	exited chan struct{}
	printed
}

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// launchPortal starts `portal serve` with env (KEY=value) on top of the test's own
// environment and returns without waiting for it to listen; see ready.
func launchPortal(t *testing.T, name string, env ...string) *portalProcess {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &portalProcess{t: t, name: name, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(self, "serve")
	p.cmd.Env = append(append(os.Environ(), asPortalEnv+"=1"), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() && p.stderr.String() != "" {
			t.Logf("%s's log ends:\n%s", name, tail(p.stderr.String(), 40))
		}
	})
	return p
}

// ready waits until the portal prints its banner, failing the test if it exits first.
func (p *portalProcess) ready() {
	p.t.Helper()
	deadline := time.After(startTimeout)
	for {
		if out := p.stdout.String(); strings.Contains(out, bannerEnd) {
			p.printed = parseBanner(out)
			return
		}
		select {
		case <-p.exited:
			p.t.Fatalf("%s exited before listening (%v); its log ends:\n%s", p.name, p.cmd.ProcessState, tail(p.stderr.String(), 20))
		case <-deadline:
			p.t.Fatalf("%s did not listen within %s", p.name, startTimeout)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// startPortal launches a portal and waits until it listens.
func startPortal(t *testing.T, name string, env ...string) *portalProcess {
	t.Helper()
	p := launchPortal(t, name, env...)
	p.ready()
	return p
}

// kill sends SIGKILL, as the OOM killer or a pulled plug would, and waits for the exit.
func (p *portalProcess) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// stop sends Ctrl-C and waits for a clean exit.
func (p *portalProcess) stop() {
	p.t.Helper()
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
		if !p.cmd.ProcessState.Success() {
			p.t.Errorf("%s exited with %v after Ctrl-C, want success", p.name, p.cmd.ProcessState)
		}
	case <-time.After(30 * time.Second):
		p.t.Errorf("%s did not stop within 30 s of Ctrl-C", p.name)
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
