package main

import "strings"

// freePages is the GODEBUG setting under which the Go runtime returns unused
// heap to the kernel with MADV_FREE instead of MADV_DONTNEED (Go's default
// from 1.12 to 1.15). Each argon2id hash allocates its 19 MiB anew; with
// MADV_DONTNEED the runtime hands the freed pages back and the next hash
// faults them in again, zeroed by the kernel: about 500 page faults and 8 % of
// the CPU of a sign-in (`make bench`, "in the kernel"). With MADV_FREE the
// pages stay until the kernel needs the memory: about 50 faults and 3 %. The
// price is a resident size that shrinks only under memory pressure.
const freePages = "madvdontneed=0"

// withFreePages returns env with freePages added to GODEBUG, and whether it
// changed anything: an operator's own madvdontneed setting is left alone.
func withFreePages(env []string) ([]string, bool) {
	out := make([]string, 0, len(env)+1)
	found := false
	for _, kv := range env {
		value, ok := strings.CutPrefix(kv, "GODEBUG=")
		if !ok {
			out = append(out, kv)
			continue
		}
		for _, setting := range strings.Split(value, ",") {
			if strings.HasPrefix(strings.TrimSpace(setting), "madvdontneed=") {
				return env, false
			}
		}
		found = true
		if value != "" {
			value += ","
		}
		out = append(out, "GODEBUG="+value+freePages)
	}
	if !found {
		out = append(out, "GODEBUG="+freePages)
	}
	return out, true
}
