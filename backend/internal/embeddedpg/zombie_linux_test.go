package embeddedpg

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER: orphans of our descendants
// become our children instead of init's.
const prSetChildSubreaper = 36

// TestStartWhileKilledServerIsUnreaped kills a portal (the helper) so that its postgres
// dies with it, and keeps the dead postmaster unreaped, as a container's init does for a
// second or more: the test process becomes the orphan's parent and does not wait for it.
// postgres takes the zombie for a running server and refused to start; Start must see it
// is dead and start.
func TestStartWhileKilledServerIsUnreaped(t *testing.T) {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		t.Skipf("cannot become a subreaper: %v", errno)
	}
	dataDir := filepath.Join(t.TempDir(), "pg")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dataDir)
	cmd.Stderr = t.Output()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	var pid, port int
	if _, scanErr := fmt.Sscanf(line, "%d %d", &pid, &port); err != nil || scanErr != nil {
		cmd.Process.Kill()
		t.Fatalf("helper said %q (%v)", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	// The orphaned postmaster is ours now: reap it only when the test is over.
	t.Cleanup(func() { _, _ = syscall.Wait4(pid, nil, 0, nil) })
	for deadline := time.Now().Add(10 * time.Second); !exiting(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("postgres pid %d still runs 10 s after its parent was killed", pid)
		}
	}

	s := start(t, Options{DataDir: dataDir, Fast: true})
	if got := exiting(pid); !got {
		t.Errorf("the old postmaster was reaped during Start; the test proved nothing")
	}
	var one int
	if err := connect(t, s.URL()).QueryRow(t.Context(), "SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
}
