package mail

import "testing"

// FuzzNormalizeLocale checks that any locale, however written, maps to a
// language the catalog has, and that a mapped one maps to itself.
func FuzzNormalizeLocale(f *testing.F) {
	for _, s := range []string{"", "en", "es", "es-US", " ES_mx ", "fr", "\x00", "\xff", "es\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := normalizeLocale(s)
		if _, ok := catalog[got]; !ok {
			t.Fatalf("normalizeLocale(%q) = %q: want a language of the catalog", s, got)
		}
		if again := normalizeLocale(got); again != got {
			t.Errorf("normalizeLocale(%q) = %q, and again %q: want idempotent", s, got, again)
		}
	})
}
