package roster

import "fmt"

// MaxListedErrors is how many errors a report lists; the rest are only counted, so a
// broken file of a million rows cannot fill memory with messages.
const MaxListedErrors = 1000

// Error is one problem of a set: the file, the row as a spreadsheet numbers it (the
// header is row 1; 0 for a problem of the whole file), the column (empty when none) and a
// message in plain words that quotes the value.
type Error struct {
	File    string
	Row     int
	Column  string
	Message string
}

func (e Error) String() string {
	switch {
	case e.Row == 0 && e.Column == "":
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	case e.Row == 0:
		return fmt.Sprintf("%s, %s: %s", e.File, e.Column, e.Message)
	case e.Column == "":
		return fmt.Sprintf("%s row %d: %s", e.File, e.Row, e.Message)
	}
	return fmt.Sprintf("%s row %d, %s: %s", e.File, e.Row, e.Column, e.Message)
}

// FileRows is how many data rows (header excluded) a file had.
type FileRows struct {
	File string
	Rows int
}

// Report is the outcome of checking a set: the rows read per file and the errors.
type Report struct {
	Files []FileRows
	// Errors are the first MaxListedErrors errors; More counts the others.
	Errors []Error
	More   int
}

// OK reports whether the set has no error.
func (r *Report) OK() bool { return len(r.Errors) == 0 && r.More == 0 }

// ErrorCount is the number of errors, listed or not.
func (r *Report) ErrorCount() int { return len(r.Errors) + r.More }

func (r *Report) add(e Error) {
	if len(r.Errors) < MaxListedErrors {
		r.Errors = append(r.Errors, e)
		return
	}
	r.More++
}
