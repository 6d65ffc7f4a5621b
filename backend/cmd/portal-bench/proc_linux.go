package main

import "syscall"

// sysProcAttr puts the server in its own process group, so a Ctrl-C in the
// terminal reaches only the bench (which then stops the server with SIGTERM),
// and has the kernel kill the server when the bench dies: the server must
// never outlive the bench.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
