package roster

import "strings"

// arena keeps the values of a set's users and classes: each row's values are copied one
// after the other into a chunk of 64 KiB, so a million users are a few thousand
// allocations rather than ten million small strings (each with its own rounding up), and
// nothing keeps the CSV reader's lines alive. A chunk is never written again where a value
// lies, so the strings cut from it stay valid.
type arena struct {
	chunk strings.Builder
	// agents hands out the users' agentSourcedIds lists as slices of shared blocks.
	agents []string
}

const arenaChunk = 64 << 10

// keep returns the values copied one after the other into the arena, as one string.
func (a *arena) keep(values ...string) string {
	n := 0
	for _, v := range values {
		n += len(v)
	}
	if a.chunk.Cap()-a.chunk.Len() < n {
		a.chunk = strings.Builder{}
		a.chunk.Grow(max(n, arenaChunk))
	}
	start := a.chunk.Len()
	for _, v := range values {
		a.chunk.WriteString(v)
	}
	return a.chunk.String()[start:]
}

// list splits a multi-valued cell (comma-separated) into trimmed values kept in the arena,
// the list itself a slice of a shared block.
func (a *arena) list(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	n := strings.Count(v, ",") + 1
	if cap(a.agents)-len(a.agents) < n {
		a.agents = make([]string, 0, max(n, 1024))
	}
	start := len(a.agents)
	for p := range strings.SplitSeq(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			a.agents = append(a.agents, a.keep(p))
		}
	}
	if len(a.agents) == start {
		return nil
	}
	return a.agents[start:len(a.agents):len(a.agents)]
}

// index finds a row of the set by its sourcedId. It maps a 32-bit hash of the id (FNV-1a's
// low half) to the row's index, 8 bytes a slot where a map by string takes 24 and a copy of
// the key; the row's own id is compared on every hit, and an id whose hash another id has
// already (a hundred or so among a million) is kept by its string in clashes.
type index struct {
	byHash  map[uint32]int32
	clashes map[string]int32
	// idOf returns the sourcedId of the row at an index.
	idOf func(int32) string
}

func newIndex(size int, idOf func(int32) string) *index {
	return &index{byHash: make(map[uint32]int32, size), idOf: idOf}
}

// idHash is the 64-bit FNV-1a hash of id (written out: hash/fnv would copy id to bytes).
func idHash(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return h
}

// find returns the index of the row whose sourcedId is id.
func (x *index) find(id string) (int32, bool) {
	if i, ok := x.byHash[uint32(idHash(id))]; ok && x.idOf(i) == id {
		return i, true
	}
	i, ok := x.clashes[id]
	return i, ok
}

// add records that the row at i has the sourcedId id, which find does not know yet; id must
// stay unchanged (the set's copy).
func (x *index) add(id string, i int32) {
	h := uint32(idHash(id))
	if _, taken := x.byHash[h]; !taken {
		x.byHash[h] = i
		return
	}
	if x.clashes == nil {
		x.clashes = map[string]int32{}
	}
	x.clashes[id] = i
}
