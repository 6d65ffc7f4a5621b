package accounts

import (
	"strings"
	"testing"
)

// FuzzSignInKey checks the sign-in throttle's key: the kind stays in front,
// and a login typed with other spaces or case counts against the same key.
func FuzzSignInKey(f *testing.F) {
	for _, s := range []string{"", "mayag2024", " MayaG2024 ", "Dana@Family.Test.Example", "İ", "a\x00b", "a\xffb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, login string) {
		for _, kind := range []string{"student-login", "guardian-login"} {
			got := SignInKey(kind, login)
			rest, ok := strings.CutPrefix(got, kind+":")
			if !ok {
				t.Fatalf("SignInKey(%q, %q) = %q: want the prefix %q", kind, login, got, kind+":")
			}
			if again := SignInKey(kind, rest); again != got {
				t.Errorf("SignInKey(%q, %q) = %q, and again %q: want idempotent", kind, login, got, again)
			}
			if padded := SignInKey(kind, "\t "+login+" \n"); padded != got {
				t.Errorf("SignInKey(%q, %q) = %q, with spaces around %q: want equal", kind, login, got, padded)
			}
		}
	})
}
