package roster

import "context"

// Files of a plan, in the order a district reads them.
var PlanFiles = []string{fileOrgs, fileClasses, fileUsers, fileEnrol}

// FilePlan is what applying a set does to the rows of one file: rows added, rows changed,
// rows of the district absent from the set (people and classes retired, enrolments
// removed) and rows left as they are.
type FilePlan struct {
	File                               string
	Added, Changed, Retired, Unchanged int
}

// Plan is what applying a set does, file by file (in PlanFiles' order).
type Plan struct {
	Files []FilePlan
}

// Importer compares a checked set with a district as stored, and applies it. The
// PostgreSQL store implements it; the upload handlers and `portal roster import` call it.
type Importer interface {
	// Plan says what Apply would do to the district with set; it changes nothing.
	Plan(ctx context.Context, districtID string, set *Set) (Plan, error)
	// Apply makes the district match set, in one transaction (or in resumable chunks with
	// the same outcome): rows added and changed by sourcedId, people absent from the set
	// retired (never deleted), classes absent removed from lists, enrolments replaced. It
	// returns what it did; applying the same set again does nothing (every row unchanged).
	Apply(ctx context.Context, districtID string, set *Set) (Plan, error)
}
