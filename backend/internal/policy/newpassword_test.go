package policy

import (
	"bytes"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		name      string
		candidate PasswordCandidate
		confirm   string
		want      []string // rule@field, in order; none for an accepted password
	}{
		{"accepted", PasswordCandidate{Password: "Harbor7Lantern"}, "Harbor7Lantern", nil},
		{"confirmation differs", PasswordCandidate{Password: "Harbor7Lantern"}, "Harbor7lantern",
			[]string{"confirm_mismatch@confirmPassword"}},
		{"rules and confirmation", PasswordCandidate{Password: "qzvk"}, "",
			[]string{"min_length@newPassword", "uppercase@newPassword", "digit@newPassword", "confirm_mismatch@confirmPassword"}},
		{"names and current", PasswordCandidate{Password: "OmarDiaz2024x", Names: []string{"Omar Diaz"}, SameAsCurrent: true},
			"OmarDiaz2024x", []string{"contains_name@newPassword", "same_as_current@newPassword"}},
	}
	for _, tc := range tests {
		err := CheckNewPassword(tc.candidate, tc.confirm)
		var got []string
		if err != nil {
			var refusal *RefusalError
			if !errors.As(err, &refusal) || refusal.Code != RefusedPassword {
				t.Fatalf("%s: got %v, want a %s refusal", tc.name, err, RefusedPassword)
			}
			for _, v := range refusal.Violations {
				got = append(got, string(v.Rule)+"@"+v.Field)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestGeneratePasswordFor(t *testing.T) {
	tests := []struct {
		name     string
		username string
		names    []string
		grade    int
	}{
		{"young", "omar.d", []string{"Omar", "Diaz"}, 2},
		{"older", "ines.r", []string{"Ines", "Ruiz"}, 9},
		{"ungraded", "kim", []string{"Kim", "Lee"}, GradeUngraded},
	}
	for _, tc := range tests {
		for range 100 {
			pw, err := GeneratePasswordFor(tc.username, tc.names, tc.grade, rand.Reader)
			if err != nil {
				t.Fatalf("%s: got error %v, want none", tc.name, err)
			}
			if vs := CheckPassword(PasswordCandidate{Password: pw, Username: tc.username, Names: tc.names}); vs != nil {
				t.Fatalf("%s: got %q failing %v, want a password passing the account's rules", tc.name, pw, vs)
			}
		}
	}
}

// TestGeneratePasswordForAvoidsNames draws from zeros, which always gives "AntAnt22" for a
// young student: a student named Ant can never have it, so the draws run out.
func TestGeneratePasswordForAvoidsNames(t *testing.T) {
	zeros := func() *bytes.Reader { return bytes.NewReader(make([]byte, 4096)) }
	if pw, err := GeneratePasswordFor("omar", []string{"Omar", "Diaz"}, 1, zeros()); err != nil || pw != "AntAnt22" {
		t.Errorf("GeneratePasswordFor(Omar Diaz, zeros): got %q, %v, want AntAnt22", pw, err)
	}
	pw, err := GeneratePasswordFor("ant.b", []string{"Ant", "Bell"}, 1, zeros())
	if err == nil || !strings.Contains(err.Error(), "avoided the username and names") {
		t.Errorf("GeneratePasswordFor(Ant Bell, zeros): got %q, %v, want an error", pw, err)
	}
}
