package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rosterHeader is the header row of both files.
var rosterHeader = []string{"Student ID", "Last name", "First name", "Grade", "Email", "PIN set",
	"Questions set", "Last change", "Must change"}

// readCSV parses a roster CSV: the confidential line, then the header and rows.
func readCSV(t *testing.T, raw []byte) (marker string, rows [][]string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	all, err := r.ReadAll()
	if err != nil || len(all) < 2 {
		t.Fatalf("csv: %v in %s", err, raw)
	}
	return all[0][0], all[1:]
}

// TestStaffRosterFiles downloads the roster as CSV and XLSX and reads both back: the
// confidential marker, the header, the formula-named student inert (a leading apostrophe,
// no formula in the workbook), grade -1 a number in both, no password anywhere, and each
// download audited with its school, format and row count. An empty school's files hold
// the marker and the header alone.
func TestStaffRosterFiles(t *testing.T) {
	w := newRosterWorld(t)
	ac := w.h.StaffClient(w.admin)

	r := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/schools/"+w.school+"/roster.csv", nil), 200, "")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		r.Header.Get("Content-Disposition") != `attachment; filename="roster-T001.csv"` {
		t.Errorf("csv headers: %v", r.Header)
	}
	marker, rows := readCSV(t, r.Raw)
	if !strings.HasPrefix(marker, "CONFIDENTIAL") || !strings.Contains(marker, w.admin.Email) {
		t.Errorf("csv marker: %q", marker)
	}
	if !slices.Equal(rows[0], rosterHeader) || len(rows) != 4 {
		t.Fatalf("csv: got %q", rows)
	}
	var formulaRow []string
	for _, row := range rows[1:] {
		if row[0] == w.formula.StudentNumber {
			formulaRow = row
		}
	}
	if formulaRow == nil || formulaRow[2] != "'"+hyperlink || formulaRow[3] != "-1" || formulaRow[5] != "yes" {
		t.Errorf("csv formula row: got %q", formulaRow)
	}
	if strings.Contains(string(r.Raw), w.formula.Password) || strings.Contains(string(r.Raw), w.classmate.Password) {
		t.Error("csv holds a password")
	}

	x := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/schools/"+w.school+"/roster.xlsx", nil), 200, "")
	if x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		x.Header.Get("Content-Disposition") != `attachment; filename="roster-T001.xlsx"` {
		t.Errorf("xlsx headers: %v", x.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Raw))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	xrows, err := f.GetRows(sheet)
	if err != nil || len(xrows) != 5 || !strings.HasPrefix(xrows[0][0], "CONFIDENTIAL") || !slices.Equal(xrows[1], rosterHeader) {
		t.Fatalf("xlsx rows: %v %q", err, xrows)
	}
	for i, row := range xrows[2:] {
		if row[0] != w.formula.StudentNumber {
			continue
		}
		name, _ := excelize.CoordinatesToCellName(3, i+3)
		grade, _ := excelize.CoordinatesToCellName(4, i+3)
		formula, _ := f.GetCellFormula(sheet, name)
		nameType, _ := f.GetCellType(sheet, name)
		gradeType, _ := f.GetCellType(sheet, grade)
		if row[2] != "'"+hyperlink || formula != "" || nameType != excelize.CellTypeInlineString {
			t.Errorf("xlsx name cell: %q formula %q type %v", row[2], formula, nameType)
		}
		if row[3] != "-1" || gradeType != excelize.CellTypeUnset && gradeType != excelize.CellTypeNumber {
			t.Errorf("xlsx grade cell: %q type %v, want the number -1", row[3], gradeType)
		}
		xrows = nil
		break
	}
	if xrows != nil {
		t.Errorf("xlsx: no row for %s", w.formula.StudentNumber)
	}

	// The teacher's files hold her class alone.
	tc := w.h.StaffClient(w.teacher)
	if _, rows := readCSV(t, tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/schools/"+w.school+"/roster.csv", nil), 200, "").Raw); len(rows) != 3 {
		t.Errorf("teacher's csv: got %q", rows)
	}

	// An empty school: the marker and the header, nothing else, in both files.
	dc := w.h.StaffClient(w.district)
	if _, rows := readCSV(t, dc.Expect(dc.Do(http.MethodGet, "/api/v1/staff/schools/"+w.empty+"/roster.csv", nil), 200, "").Raw); len(rows) != 1 {
		t.Errorf("empty school's csv: got %q", rows)
	}
	ex := dc.Expect(dc.Do(http.MethodGet, "/api/v1/staff/schools/"+w.empty+"/roster.xlsx", nil), 200, "")
	ef, err := excelize.OpenReader(bytes.NewReader(ex.Raw))
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	if erows, err := ef.GetRows(ef.GetSheetName(0)); err != nil || len(erows) != 2 {
		t.Errorf("empty school's xlsx: %v %q", err, erows)
	}

	// Every download audited: who, which school, format, rows.
	for _, want := range []struct {
		actor, subject string
	}{
		{w.admin.ID, "school=" + w.school + " format=csv rows=3"},
		{w.admin.ID, "school=" + w.school + " format=xlsx rows=3"},
		{w.teacher.ID, "school=" + w.school + " format=csv rows=2"},
		{w.district.ID, "school=" + w.empty + " format=csv rows=0"},
		{w.district.ID, "school=" + w.empty + " format=xlsx rows=0"},
	} {
		if n := w.h.Count(`select count(*) from audit_events where action = 'roster_exported' and actor_kind = 'staff'
			and actor_id = $1 and subject_kind = 'roster' and subject_id = $2 and outcome = 'succeeded' and path = 'staff'`,
			want.actor, want.subject); n != 1 {
			t.Errorf("audit of %s by %s: %d events, want 1", want.subject, want.actor, n)
		}
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'roster_exported'`); n != 5 {
		t.Errorf("roster_exported events: %d, want 5 (the JSON view is no download)", n)
	}
}
