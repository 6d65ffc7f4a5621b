package embeddedpg

import "syscall"

// sysProcAttr puts the child in its own process group, so a Ctrl-C in the
// terminal reaches only the portal (which then stops postgres in order) and
// Stop can kill the postmaster and its backends as one. Pdeathsig has the
// kernel kill postgres when we die: a crashed or killed portal must not
// leave a server holding the data folder and a port.
func sysProcAttr(owner *osUser) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if owner != nil {
		attr.Credential = owner.credential()
	}
	return attr
}
