package roster

import (
	"runtime/debug"
	"sync"
)

// ImportMemoryLimit is the Go runtime's soft memory limit while a set is checked and
// applied: 450 MiB. A set of a million students holds ~280 MB once read (~350 MB at the
// check's peak, while the enrolments' ids are hashed), and reading its files makes three
// times as much garbage (each CSV line is a new string): left to GOGC=100 alone, the
// collector lets the heap grow to twice what is live, past 600 MB. Under the limit it
// collects sooner when the heap nears it (measured: 9-14 collections of the check rather
// than 5-7, under a second of CPU more), and the process stays under 500 MB. 400 MiB took 18
// collections, 380 MiB 43 and two seconds more: the live set leaves too little room.
const ImportMemoryLimit = 450 << 20

var memoryLimit struct {
	sync.Mutex
	imports int
	before  int64
}

// LimitMemory lowers the process's soft memory limit (debug.SetMemoryLimit) to
// ImportMemoryLimit for the span of an import, unless GOMEMLIMIT is lower already, and
// returns the function that ends the span. The limit is the process's: while imports
// overlap it stays, and the last to end restores the limit there was before the first.
func LimitMemory() (done func()) {
	memoryLimit.Lock()
	defer memoryLimit.Unlock()
	if memoryLimit.imports == 0 {
		memoryLimit.before = debug.SetMemoryLimit(-1)
		debug.SetMemoryLimit(min(memoryLimit.before, ImportMemoryLimit))
	}
	memoryLimit.imports++
	var once sync.Once
	return func() {
		once.Do(func() {
			memoryLimit.Lock()
			defer memoryLimit.Unlock()
			if memoryLimit.imports--; memoryLimit.imports == 0 {
				debug.SetMemoryLimit(memoryLimit.before)
			}
		})
	}
}
