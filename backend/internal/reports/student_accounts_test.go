package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/reports"
)

// accountRows is an AccountStore of fixed rows.
type accountRows []reports.AccountRecord

func (a accountRows) StudentAccounts(_ context.Context, _ string, fn func(reports.AccountRecord) error) error {
	for _, r := range a {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// TestStudentAccountsPasswords: a student still on a school-issued default shows it, even
// with a district default on file too (it is the one that signs in); a district default on
// file shows for a student using their own password; a sealed value bound to another
// student cannot be opened, and fails the export (audited as failed) rather than showing
// a wrong or empty cell.
func TestStudentAccountsPasswords(t *testing.T) {
	sealer, err := accounts.NewSealer(map[string][]byte{"k1": bytes.Repeat([]byte{7}, 32)}, "k1")
	if err != nil {
		t.Fatal(err)
	}
	seal := func(pw, id string) []byte {
		s, _, err := sealer.Seal(pw, []byte(id))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	store := accountRows{
		{StudentID: "s1", StudentNumber: "200000001", CurrentSealed: seal("Current-1", "s1"), CurrentKeyID: "k1",
			OnFileSealed: seal("OnFile-1", "s1"), OnFileKeyID: "k1"},
		{StudentID: "s2", StudentNumber: "200000002", OnFileSealed: seal("OnFile-2", "s2"), OnFileKeyID: "k1"},
		{StudentID: "s3", StudentNumber: "200000003"},
	}
	rec := &recorded{}
	r := &reports.StudentAccounts{Store: store, Sealer: sealer, Exports: &reports.Exports{Recorder: rec}}
	m := accounts.Staff{ID: "a1", Role: policy.RoleSchoolAdmin}
	school := reports.School{ID: "school-1"}
	var file bytes.Buffer
	if err := r.Export(context.Background(), m, school, reports.CSV, &file); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&file)
	cr.FieldsPerRecord = -1
	all, err := cr.ReadAll()
	if err != nil || len(all) != 5 {
		t.Fatalf("csv: %v %q", err, all)
	}
	var got [][]string
	for _, row := range all[2:] {
		got = append(got, row[7:])
	}
	want := [][]string{{"Current-1", reports.StatusDefault}, {"OnFile-2", reports.StatusDefaultOnFile}, {"", reports.StatusOwn}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("passwords and statuses (-want +got):\n%s", diff)
	}

	moved := accountRows{{StudentID: "s2", CurrentSealed: seal("Current-1", "s1"), CurrentKeyID: "k1"}}
	r.Store = moved
	err = r.Export(context.Background(), m, school, reports.XLSX, &bytes.Buffer{})
	if !errors.Is(err, accounts.ErrSealedCorrupt) {
		t.Errorf("a password sealed for another student: got %v, want ErrSealedCorrupt", err)
	}
	events := rec.snapshot()
	if len(events) != 2 || events[1].Outcome != audit.Failed || events[1].Action != "student_accounts_exported" ||
		events[1].SubjectID != "school=school-1 format=xlsx rows=0" {
		t.Errorf("audit: got %+v", events)
	}
}

// TestStudentAccountsTeacherRefused: a teacher is refused before any school is looked up,
// and the refusal audited.
func TestStudentAccountsTeacherRefused(t *testing.T) {
	rec := &recorded{}
	r := &reports.StudentAccounts{Exports: &reports.Exports{Recorder: rec}}
	_, err := r.School(context.Background(), accounts.Staff{ID: "t1", Role: policy.RoleTeacher}, "school-1", reports.CSV)
	if !errors.Is(err, reports.ErrNotAllowed) {
		t.Fatalf("teacher: got %v, want ErrNotAllowed", err)
	}
	if e := rec.snapshot(); len(e) != 1 || e[0].Outcome != audit.Refused || e[0].Reason != "not_allowed" ||
		e[0].SubjectID != "school=school-1 format=csv" {
		t.Errorf("audit: got %+v", e)
	}
}
