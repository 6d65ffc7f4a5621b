//go:build unix && !linux

package embeddedpg

import "syscall"

// sysProcAttr puts the child in its own process group, so a Ctrl-C in the
// terminal reaches only the portal (which then stops postgres in order) and
// Stop can kill the postmaster and its backends as one. Without Linux's
// Pdeathsig a killed portal leaves postgres running; the next Start then
// reports the data folder as in use.
func sysProcAttr(owner *osUser) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if owner != nil {
		attr.Credential = owner.credential()
	}
	return attr
}
