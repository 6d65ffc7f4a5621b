package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckPIN(t *testing.T) {
	const id = "305127846"
	tests := []struct {
		name      string
		pin       string
		studentID string
		want      []Rule
	}{
		{"6 digits", "482915", id, nil},
		{"7 digits", "4829153", id, nil},
		{"8 digits", "48291537", id, nil},
		{"leading zeros", "004829", id, nil},
		{"empty", "", id, []Rule{RulePINDigits, RulePINLength}},
		{"5 digits", "48291", id, []Rule{RulePINLength}},
		{"9 digits", "482915372", id, []Rule{RulePINLength}},
		{"letter", "48a915", id, []Rule{RulePINDigits}},
		{"space", "482 915", id, []Rule{RulePINDigits}},
		{"full-width digits", "４８２９１５", id, []Rule{RulePINDigits, RulePINLength}},
		{"arabic-indic digits", "٤٨٢٩١٥", id, []Rule{RulePINDigits, RulePINLength}},
		{"short and not digits", "12a", id, []Rule{RulePINDigits, RulePINLength}},
		{"repeated", "111111", id, []Rule{RulePINRepeated}},
		{"repeated 8", "00000000", id, []Rule{RulePINRepeated}},
		{"almost repeated", "111112", id, nil},
		{"ascending", "123456", id, []Rule{RulePINSequence}},
		{"ascending from 0", "0123456", id, []Rule{RulePINSequence}},
		{"ascending 8", "23456789", id, []Rule{RulePINSequence}},
		{"descending", "987654", id, []Rule{RulePINSequence}},
		{"descending 8", "76543210", id, []Rule{RulePINSequence}},
		{"wrapping is not a run", "890123", id, nil},
		{"wrapping down is not a run", "210987", id, nil},
		{"broken run", "123465", id, nil},
		{"run by twos", "135797", id, nil},
		{"inside the ID", "512784", id, []Rule{RulePINStudentID}},
		{"whole ID prefix", "30512784", id, []Rule{RulePINStudentID}},
		{"contains 6 ID digits", "40305127", id, []Rule{RulePINStudentID}},
		{"contains 6 ID digits at end", "99127846", id, []Rule{RulePINStudentID}},
		{"only 5 ID digits in a row", "30512099", id, nil},
		{"ID with separators", "512784", "305-127-846", []Rule{RulePINStudentID}},
		{"no ID", "512784", "", nil},
		{"ID shorter than 6", "512784", "5127", nil},
		{"sequence and ID", "123456", "123456789", []Rule{RulePINSequence, RulePINStudentID}},
		{"repeated and ID", "000000", "100000009", []Rule{RulePINRepeated, RulePINStudentID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rules(CheckPIN(tt.pin, tt.studentID))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckPIN(%q, %q): got %v, want %v (-want +got):\n%s", tt.pin, tt.studentID, got, tt.want, diff)
			}
		})
	}
}

func TestCheckPINMessages(t *testing.T) {
	got := CheckPIN("111111", "")
	want := []Violation{{Rule: RulePINRepeated, Message: "Don't use the same number over and over, like 111111."}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CheckPIN(111111): (-want +got):\n%s", diff)
	}
}
