package badges

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"testing"
)

// TestNewSecret: a token is 43 characters of base64url whose digest is what is stored, and
// a code is 8 letters of the alphabet without look-alikes; digestOf accepts exactly such
// tokens.
func TestNewSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		s, err := newSecret(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		d := sha256.Sum256([]byte(s.token))
		if len(s.token) != TokenLength || !bytes.Equal(s.digest, d[:]) || seen[s.token] {
			t.Fatalf("secret %+v: want a new 43-character token and its digest", s)
		}
		seen[s.token] = true
		if len(s.code) != codeLength || strings.Trim(s.code, codeAlphabet) != "" || strings.ContainsAny(s.code, "01ILO") {
			t.Fatalf("code %q: want 8 letters of %s", s.code, codeAlphabet)
		}
		if got, ok := digestOf(s.token); !ok || !bytes.Equal(got, s.digest) {
			t.Fatalf("digestOf(%q) refused its own token", s.token)
		}
	}
	good := "A" + strings.Repeat("b", 42)
	for _, bad := range []string{"", "short", good + "A", good[:42] + "=", good[:42] + "+", good[:42] + "/", strings.Repeat("!", 43),
		// The last character carries 4 bits of padding; a non-zero one is not canonical.
		good[:42] + "B"} {
		if _, ok := digestOf(bad); ok {
			t.Errorf("digestOf(%q) accepted it", bad)
		}
	}
}
