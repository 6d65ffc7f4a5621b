//go:build unix && !linux

package main

import "syscall"

// sysProcAttr puts the server in its own process group, so a Ctrl-C in the
// terminal reaches only the bench (which then stops the server with SIGTERM).
// Without Linux's Pdeathsig a bench killed with SIGKILL leaves the server running.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
