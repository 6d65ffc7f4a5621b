package roster

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

// Open returns the files of a set stored in a folder or a .zip archive, and a closer to
// call when done.
func Open(path string) (fs.FS, io.Closer, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("roster: %w", err)
	}
	if info.IsDir() {
		return os.DirFS(path), io.NopCloser(nil), nil
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, fmt.Errorf("roster: %s is neither a folder nor a zip archive: %w", path, err)
	}
	return setRoot(&z.Reader), z, nil
}

// OpenZip returns the files of a set held in a zip archive of size bytes read through r
// (an upload kept in memory or in the database). It fails with ErrNotZip when r holds no
// zip archive.
func OpenZip(r io.ReaderAt, size int64) (fs.FS, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotZip, err)
	}
	return setRoot(z), nil
}

// ErrNotZip is the error of OpenZip given bytes that are not a zip archive.
var ErrNotZip = errors.New("roster: not a zip archive")

// setRoot returns the folder of a zip that holds the set: its root, or the one folder
// under it when the district zipped a folder rather than its files (macOS's __MACOSX
// folder aside).
func setRoot(z *zip.Reader) fs.FS {
	if _, err := fs.Stat(z, fileManifest); err == nil {
		return z
	}
	entries, err := fs.ReadDir(z, ".")
	if err != nil {
		return z
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "__MACOSX" {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) != 1 {
		return z
	}
	sub, err := fs.Sub(z, dirs[0])
	if err != nil {
		return z
	}
	return sub
}

// row is a data row of a file: its values by column name.
type row struct {
	n      int // as a spreadsheet numbers it; the header is 1
	record []string
	index  map[string]int
}

// get returns the value of a column, "" when the file has no such column.
func (r row) get(col string) string {
	if i, ok := r.index[col]; ok {
		return r.record[i]
	}
	return ""
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readFile streams a file of the set to each, after checking its header against the
// OneRoster columns. It returns the number of data rows read and false when the file is
// missing. Encoding and CSV errors go to the report.
func readFile(fsys fs.FS, name string, rep *Report, each func(row)) (int, bool) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, false
	}
	if err != nil {
		rep.add(Error{File: name, Message: fmt.Sprintf("cannot be read: %v", err)})
		return 0, true
	}
	defer f.Close()
	return readCSV(name, f, rep, each), true
}

// readCSV reads one CSV stream; see readFile.
func readCSV(name string, r io.Reader, rep *Report, each func(row)) int {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		rep.add(Error{File: name, Message: "is empty: the first row must name the columns"})
		return 0
	}
	if err != nil {
		rep.add(Error{File: name, Row: 1, Message: csvMessage(err)})
		return 0
	}
	header = slices.Clone(header) // ReuseRecord: the next Read overwrites the slice
	index := make(map[string]int, len(header))
	for i, h := range header {
		if !utf8.ValidString(h) {
			rep.add(Error{File: name, Row: 1, Message: "the header is not UTF-8 text: save the file as UTF-8"})
			return 0
		}
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	// Rows are still read when a required column is missing, so that the other files'
	// references to them are checked rather than all reported unknown.
	for _, c := range headers[name] {
		if _, ok := index[c.name]; !ok && c.required {
			rep.add(Error{File: name, Row: 1, Column: c.name,
				Message: fmt.Sprintf("the required column %q is missing from the header", c.name)})
		}
	}
	cr.FieldsPerRecord = len(header)
	rows := 0
	for n := 2; ; n++ {
		record, err := cr.Read()
		if err == io.EOF {
			return rows
		}
		rows++
		if err != nil {
			// encoding/csv resumes after the broken record (an unterminated quote runs
			// to the end of the file), so the rows after it are still checked.
			rep.add(Error{File: name, Row: n, Message: csvMessage(err)})
			continue
		}
		// A value that is not UTF-8 is reported and replaced, and the row still read:
		// the set is refused anyway, and its id stays known to the other files.
		for i, v := range record {
			if !utf8.ValidString(v) {
				record[i] = strings.ToValidUTF8(v, "\uFFFD")
				rep.add(Error{File: name, Row: n, Column: header[i],
					Message: fmt.Sprintf("%q is not UTF-8 text: save the file as UTF-8", record[i])})
			}
		}
		each(row{n: n, record: record, index: index})
	}
}

// csvMessage words an encoding/csv error for a person.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return "the row does not have as many values as the header has columns"
		case errors.Is(pe.Err, csv.ErrBareQuote), errors.Is(pe.Err, csv.ErrQuote):
			return "a quotation mark is out of place (a value with a quote must be quoted, and its quotes doubled)"
		}
		return pe.Err.Error()
	}
	return fmt.Sprintf("cannot be read: %v", err)
}

// lineCount counts the newlines of a file of the set, 0 when it cannot be read (readFile
// reports that). A quoted value may hold a newline, so it is an upper bound of the rows.
func lineCount(fsys fs.FS, name string) int {
	f, err := fsys.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	n := 0
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			return n
		}
	}
}
