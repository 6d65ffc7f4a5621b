package policy

import "strings"

// PIN length limits, in digits.
const (
	MinPINLength = 6
	MaxPINLength = 8
)

// minStudentIDRun is the length of the shortest run of student-ID digits a PIN may not
// contain.
const minStudentIDRun = 6

// CheckPIN returns every rule pin fails, or nil when it is acceptable. The student ID is
// the student's 9-digit ID; characters other than digits in it are ignored.
//
// A PIN is 6 to 8 ASCII digits (pin_digits, pin_length). A PIN of that form must also not
// be trivial:
//
//   - pin_repeated: one digit repeated, such as 111111;
//   - pin_sequence: an ascending or descending run without wrap-around, each digit one more
//     (or one less) than the one before, such as 123456, 3456789 or 98765432 (890123 is not
//     a run);
//   - pin_student_id: the PIN appears anywhere inside the student ID, or the PIN contains any
//     6 consecutive digits of the student ID (so 6, 7 or 8 of them too). With the ID
//     305127846 both 512784 (inside the ID) and 40305127 (contains 305127) are refused,
//     while 30512099 (only 5 digits of the ID in a row) is accepted.
//
// The triviality rules are only checked once the PIN has the right form, so a PIN such as
// "12a" reports what to fix first rather than every rule at once.
func CheckPIN(pin, studentID string) []Violation {
	var vs []Violation
	allDigits := pin != "" && strings.Trim(pin, "0123456789") == ""
	if !allDigits {
		vs = append(vs, violation(RulePINDigits, ""))
	}
	// Counting bytes is counting digits for a valid PIN; for an invalid one any count
	// outside the range is refused anyway.
	if len(pin) < MinPINLength || len(pin) > MaxPINLength {
		vs = append(vs, violation(RulePINLength, ""))
	}
	if vs != nil {
		return vs
	}

	if isRepeatedDigit(pin) {
		vs = append(vs, violation(RulePINRepeated, ""))
	}
	if isRun(pin, 1) || isRun(pin, -1) {
		vs = append(vs, violation(RulePINSequence, ""))
	}
	if containsStudentID(pin, digitsOnly(studentID)) {
		vs = append(vs, violation(RulePINStudentID, ""))
	}
	return vs
}

// isRepeatedDigit reports whether pin is one digit repeated.
func isRepeatedDigit(pin string) bool {
	return strings.Count(pin, pin[:1]) == len(pin)
}

// isRun reports whether every digit of pin is the previous digit plus step, without
// wrapping from 9 to 0 or 0 to 9.
func isRun(pin string, step int) bool {
	for i := 1; i < len(pin); i++ {
		if int(pin[i])-int(pin[i-1]) != step {
			return false
		}
	}
	return true
}

// containsStudentID reports whether pin is a substring of id or contains a run of
// minStudentIDRun consecutive digits of id.
func containsStudentID(pin, id string) bool {
	if id == "" {
		return false
	}
	if strings.Contains(id, pin) {
		return true
	}
	for i := 0; i+minStudentIDRun <= len(id); i++ {
		if strings.Contains(pin, id[i:i+minStudentIDRun]) {
			return true
		}
	}
	return false
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
