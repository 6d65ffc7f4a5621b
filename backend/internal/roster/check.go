package roster

import (
	"cmp"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// Check reads and validates the set in fsys. The set is usable only when the report is
// OK; otherwise it holds what could be read.
func Check(fsys fs.FS) (*Set, *Report) {
	c := &checker{fsys: fsys, rep: &Report{}, set: &Set{District: -1}}
	c.orgs = newIndex(0, func(i int32) string { return c.set.Orgs[i].SourcedID })
	c.sessions = newIndex(0, func(i int32) string { return c.set.Sessions[i].SourcedID })
	c.classes = newIndex(0, func(i int32) string { return c.set.Classes[i].SourcedID })
	c.users = newIndex(0, func(i int32) string { return c.set.Users[i].SourcedID })
	listed := c.manifest()
	c.file(fileOrgs, listed, c.org)
	c.file(fileSessions, listed, c.session)
	// The long files' rows are counted first (a newline count: at least the rows), so their
	// slices and indexes are made once at their size: grown by appends, a million users'
	// slice would be copied a dozen times and, at its last growth, held twice. Each is made
	// just before its file is read, not to add to the memory the files before it need.
	if n := lineCount(c.fsys, fileUsers); n > 0 {
		c.set.Users = make([]User, 0, n)
		c.users.byHash = make(map[uint32]int32, n)
	}
	c.file(fileUsers, listed, c.user)
	c.agents()
	if n := lineCount(c.fsys, fileClasses); n > 0 {
		c.set.Classes = make([]Class, 0, n)
		c.classes.byHash = make(map[uint32]int32, n)
	}
	c.file(fileClasses, listed, c.class)
	if n := lineCount(c.fsys, fileEnrol); n > 0 {
		c.set.Enrollments = make([]Enrollment, 0, n)
		c.enrolHashes = make([]uint64, 0, n)
	}
	c.file(fileEnrol, listed, c.enrollment)
	c.enrolDuplicates(listed)
	c.demographics(listed)
	if c.set.District < 0 && c.orgsRead {
		c.rep.add(Error{File: fileOrgs, Message: "no org has type district: the set must name its district"})
	}
	order := map[string]int{fileManifest: 0, fileOrgs: 1, fileSessions: 2, fileUsers: 3, fileClasses: 4, fileEnrol: 5, fileDemographics: 6}
	slices.SortStableFunc(c.rep.Errors, func(a, b Error) int {
		return cmp.Or(cmp.Compare(order[a.File], order[b.File]), cmp.Compare(a.Row, b.Row))
	})
	return c.set, c.rep
}

type checker struct {
	fsys     fs.FS
	rep      *Report
	set      *Set
	orgsRead bool
	// Indexes by sourcedId into the set's slices.
	orgs, sessions, classes, users *index
	// arena keeps the users' and classes' values.
	arena arena
	// studentNames maps a student's lower-cased username to its row.
	studentNames map[string]int
	// enrolHashes are the hashes of the enrolments' sourcedIds, for the duplicate check.
	enrolHashes []uint64
}

// file reads one file unless the manifest says it is absent, and reports it missing from
// the set otherwise (OneRoster's manifest names every file, so one it does not mention is
// expected too).
func (c *checker) file(name string, listed map[string]bool, each func(row)) {
	want, known := listed[name]
	if known && !want {
		return
	}
	rows, found := readFile(c.fsys, name, c.rep, each)
	if name == fileOrgs {
		c.orgsRead = found
	}
	if !found {
		c.rep.add(Error{File: name, Message: "is missing from the set"})
		return
	}
	c.rep.Files = append(c.rep.Files, FileRows{File: name, Rows: rows})
}

// manifest reads manifest.csv and returns which of the files it lists as bulk (true) or
// absent (false). Files it does not mention are read when present.
func (c *checker) manifest() map[string]bool {
	props := map[string]string{}
	rows := map[string]int{}
	n, found := readFile(c.fsys, fileManifest, c.rep, func(r row) {
		name := r.get("propertyName")
		if _, dup := props[name]; dup {
			c.rep.add(Error{File: fileManifest, Row: r.n, Column: "propertyName",
				Message: fmt.Sprintf("%q is already set on row %d", name, rows[name])})
			return
		}
		props[strings.Clone(name)] = strings.Clone(r.get("value"))
		rows[strings.Clone(name)] = r.n
	})
	if !found {
		c.rep.add(Error{File: fileManifest, Message: "is missing from the set: a OneRoster set starts with its manifest"})
		return map[string]bool{}
	}
	c.rep.Files = append(c.rep.Files, FileRows{File: fileManifest, Rows: n})
	if v, ok := props["oneroster.version"]; !ok {
		c.rep.add(Error{File: fileManifest, Column: "propertyName", Message: `"oneroster.version" is missing: it must be 1.1`})
	} else if v != "1.1" {
		c.rep.add(Error{File: fileManifest, Row: rows["oneroster.version"], Column: "value",
			Message: fmt.Sprintf("oneroster.version is %q: this portal reads OneRoster 1.1", v)})
	}
	listed := map[string]bool{}
	for _, name := range []string{fileOrgs, fileSessions, fileClasses, fileUsers, fileEnrol, fileDemographics} {
		prop := "file." + strings.TrimSuffix(name, ".csv")
		v, ok := props[prop]
		switch {
		case !ok:
		case v == "bulk":
			listed[name] = true
		case v == "absent" && (name == fileOrgs || name == fileUsers):
			c.rep.add(Error{File: fileManifest, Row: rows[prop], Column: "value",
				Message: fmt.Sprintf("%s is absent: the portal needs %s", prop, name)})
			listed[name] = false
		case v == "absent":
			listed[name] = false
		case v == "delta":
			c.rep.add(Error{File: fileManifest, Row: rows[prop], Column: "value",
				Message: fmt.Sprintf("%s is delta: send a bulk set (every row, every time)", prop)})
			listed[name] = false
		default:
			c.rep.add(Error{File: fileManifest, Row: rows[prop], Column: "value",
				Message: fmt.Sprintf("%s is %q (use bulk, delta or absent)", prop, v)})
			listed[name] = false
		}
	}
	return listed
}

// common checks the required values, the sourcedId's uniqueness, status and
// dateLastModified of a row. It returns the row's sourcedId (the CSV line's: the caller
// keeps a copy) and false when the sourcedId is empty or a duplicate.
func (c *checker) common(file string, r row, ids *index, rowOf func(int32) int) (string, bool) {
	for _, col := range headers[file] {
		if _, present := r.index[col.name]; present && col.required && strings.TrimSpace(r.get(col.name)) == "" {
			c.rep.add(Error{File: file, Row: r.n, Column: col.name, Message: "is empty, and every row needs a value here"})
		}
	}
	c.enum(file, r, "status", statuses, "status")
	if v := r.get("dateLastModified"); v != "" {
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			c.rep.add(Error{File: file, Row: r.n, Column: "dateLastModified",
				Message: fmt.Sprintf("%q is not a date and time like 2026-09-01T08:00:00Z", v)})
		}
	}
	id := r.get("sourcedId")
	if strings.TrimSpace(id) == "" {
		return "", false
	}
	if ids == nil {
		return id, true
	}
	if i, dup := ids.find(id); dup {
		c.rep.add(Error{File: file, Row: r.n, Column: "sourcedId",
			Message: fmt.Sprintf("%q is already the sourcedId of row %d", id, rowOf(i))})
		return "", false
	}
	return id, true
}

// enum returns the set's copy of a column's value, or "" after reporting a value out of
// the enumeration (what names it in the message).
func (c *checker) enum(file string, r row, col string, e enumSet, what string) string {
	v := r.get(col)
	if canon, ok := e.values[v]; ok {
		return canon
	}
	if strings.TrimSpace(v) != "" {
		c.rep.add(Error{File: file, Row: r.n, Column: col,
			Message: fmt.Sprintf("%q is not a OneRoster %s (use %s)", v, what, e.list)})
	}
	return ""
}

// date checks an optional (required is checked elsewhere) YYYY-MM-DD date.
func (c *checker) date(file string, r row, col string) (time.Time, bool) {
	v := r.get(col)
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		c.rep.add(Error{File: file, Row: r.n, Column: col, Message: fmt.Sprintf("%q is not a date like 2026-09-01", v)})
		return time.Time{}, false
	}
	return t, true
}

// list splits a multi-valued cell (comma-separated) into trimmed values, for the row's
// checks: they are the CSV line's, so the set keeps copies of those it holds.
func list(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// unknown reports a reference to a sourcedId the target file does not have.
func (c *checker) unknown(file string, r row, col, id, target string) {
	c.rep.add(Error{File: file, Row: r.n, Column: col,
		Message: fmt.Sprintf("%q is not the sourcedId of any row of %s", id, target)})
}
