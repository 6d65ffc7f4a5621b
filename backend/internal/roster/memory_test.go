package roster

import (
	"runtime/debug"
	"strconv"
	"testing"
	"unsafe"
)

// TestRosterLimitMemory: the import's limit holds while any import runs, the last to end
// restores the limit there was, and a lower GOMEMLIMIT is kept.
func TestRosterLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	debug.SetMemoryLimit(1 << 40)
	first := LimitMemory()
	if got := debug.SetMemoryLimit(-1); got != ImportMemoryLimit {
		t.Errorf("during an import: limit %d, want %d", got, ImportMemoryLimit)
	}
	second := LimitMemory()
	first()
	first() // a second call does nothing
	if got := debug.SetMemoryLimit(-1); got != ImportMemoryLimit {
		t.Errorf("while a second import runs: limit %d, want %d", got, ImportMemoryLimit)
	}
	second()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("after the imports: limit %d, want the one before, %d", got, 1<<40)
	}

	debug.SetMemoryLimit(100 << 20)
	done := LimitMemory()
	if got := debug.SetMemoryLimit(-1); got != 100<<20 {
		t.Errorf("with a lower GOMEMLIMIT: limit %d, want it kept (%d)", got, 100<<20)
	}
	done()
}

// TestRosterModelIsCompact: a district has a million users and six million enrolments, and
// the memory target counts on their sizes (see User).
func TestRosterModelIsCompact(t *testing.T) {
	if got := unsafe.Sizeof(User{}); got > 112 {
		t.Errorf("User is %d bytes, want at most 112", got)
	}
	if got := unsafe.Sizeof(Class{}); got > 64 {
		t.Errorf("Class is %d bytes, want at most 64", got)
	}
	if got := unsafe.Sizeof(Enrollment{}); got > 12 {
		t.Errorf("Enrollment is %d bytes, want at most 12", got)
	}
}

// TestRosterIndexClash: two sourcedIds whose 32-bit hashes are equal are both found, each
// as itself, and an id with that hash that is not in the set is not.
func TestRosterIndexClash(t *testing.T) {
	ids := []string{}
	x := newIndex(0, func(i int32) string { return ids[i] })
	// Find two ids with the same low 32 bits of FNV-1a.
	seen := map[uint32]string{}
	var a, b string
	for n := 0; a == ""; n++ {
		id := "u" + strconv.Itoa(n)
		h := uint32(idHash(id))
		if other, ok := seen[h]; ok {
			a, b = other, id
		}
		seen[h] = id
	}
	ids = append(ids, a, b)
	x.add(a, 0)
	x.add(b, 1)
	for want, id := range []string{a, b} {
		if got, ok := x.find(id); !ok || got != int32(want) {
			t.Errorf("find(%q) = %d, %v; want %d", id, got, ok, want)
		}
	}
	if _, ok := x.find("absent"); ok {
		t.Error("find(absent): found")
	}
}
