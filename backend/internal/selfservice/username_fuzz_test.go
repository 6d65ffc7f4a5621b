package selfservice

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzUsernameKey checks the key forgot-password counters use for a typed
// username: one key for every way of typing it, so retyping it with other
// spaces, width or case cannot reset a lock. Idempotence holds for text
// only: an invalid byte survives NFKC and becomes U+FFFD in ToLower, after
// normalisation; the API refuses such input at the edge.
func FuzzUsernameKey(f *testing.F) {
	for _, s := range []string{"", "mayag2024", "  MayaG2024 ", "ｍａｙａｇ２０２４", "İstanbul", "Straße",
		"\u3000maya\u00A0", "a\x00b", "a\xffb", "\xed\xa0\x80", "\u13A0\uAB70"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := usernameKey(s)
		if again := usernameKey(got); utf8.ValidString(s) && again != got {
			t.Errorf("usernameKey(%q) = %q, and again %q: want idempotent", s, got, again)
		}
		if strings.TrimSpace(got) != got {
			t.Errorf("usernameKey(%q) = %q: want no surrounding spaces", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("usernameKey(%q) = %q: want valid UTF-8 from valid UTF-8", s, got)
		}
		if usernameKey(" "+strings.ToUpper(s)+" ") != usernameKey(strings.ToUpper(s)) {
			t.Errorf("usernameKey(%q): surrounding spaces changed the key", s)
		}
	})
}
