package main

import (
	"os"
	"syscall"
)

// useFreePages restarts the program in place (same process id, same
// arguments) with freePages in GODEBUG, unless GODEBUG already names
// madvdontneed. The runtime reads that setting only when a program starts,
// and a //go:debug line cannot set it, so this is the one way to make it the
// portal's default. If the restart fails, the portal runs on as it is.
func useFreePages() {
	env, changed := withFreePages(os.Environ())
	if !changed {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	_ = syscall.Exec(exe, os.Args, env)
}
