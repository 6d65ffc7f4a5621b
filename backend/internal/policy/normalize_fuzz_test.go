package policy

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// normalizeSeeds are inputs every normaliser's fuzz target starts from:
// ASCII, accents composed and not, compatibility forms, the expanding
// U+FDFA, the case-folding oddities (ß, İ, final sigma, Cherokee), spaces of
// every kind, NUL, invalid UTF-8 and an encoded surrogate.
var normalizeSeeds = []string{
	"", "Lantern-Moss-47", "  José  ", "Jose\u0301", "ＬａｎｔｅｒｎＭｏｓｓ４７", "\uFDFA", "ﬁ",
	"Straße", "İstanbul", "ΣΊΣΥΦΟΣ", "\u13A0\uAB70", "a\u00A8", "\u3000x\u00A0", "a\x00b", "a\xffb",
	"\xed\xa0\x80", "dana.okafor@family.test.example", " Dana@Family.Test.Example ", "Name <a@b.c>",
	"abcd-efgh-jkmn", "ab cd\tef\ngh", "123-456-789", "New-York!",
}

// maxNFKCExpansion is the most code points NFKC makes of one (U+FDFA becomes 18).
const maxNFKCExpansion = 18

// maxFoldExpansion is the most code points case folding makes of one (U+0390 becomes 3).
const maxFoldExpansion = 3

func FuzzNormalizePassword(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizePassword(s)
		if again := NormalizePassword(got); again != got {
			t.Errorf("NormalizePassword(%q) = %q, and again %q: want idempotent", s, got, again)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("NormalizePassword(%q) = %q: want valid UTF-8 from valid UTF-8", s, got)
		}
		if n, max := utf8.RuneCountInString(got), maxNFKCExpansion*utf8.RuneCountInString(s); n > max {
			t.Errorf("NormalizePassword(%q) has %d runes, want at most %d", s, n, max)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizeEmail(s)
		if !ok {
			if got != "" {
				t.Errorf("NormalizeEmail(%q) = %q, false: want an empty result when refused", s, got)
			}
			return
		}
		if again, ok := NormalizeEmail(got); !ok || again != got {
			t.Errorf("NormalizeEmail(%q) = %q, and again %q, %v: want idempotent", s, got, again, ok)
		}
		if len(got) > 254 || strings.TrimSpace(got) != got || strings.ToLower(got) != got || !strings.Contains(got, "@") {
			t.Errorf("NormalizeEmail(%q) = %q: want at most 254 bytes, trimmed, lower case, with @", s, got)
		}
		if !utf8.ValidString(got) || strings.IndexByte(got, 0) >= 0 {
			t.Errorf("NormalizeEmail(%q) = %q: want valid UTF-8 without NUL", s, got)
		}
	})
}

// FuzzFoldAnswer checks what comparing answers relies on. Folding is not
// idempotent and the fuzz target does not ask it to be: NFKC runs before
// folding, so removing a space can leave a combining mark to compose on a
// second pass ("a¨" folds to "a\u0308", which folds to "ä"), and
// golang.org/x/text folds Cherokee both ways. Answers are always folded
// from what was typed, so only determinism matters there.
func FuzzFoldAnswer(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := FoldAnswer(s)
		if !utf8.ValidString(got) {
			t.Errorf("FoldAnswer(%q) = %q: want valid UTF-8", s, got)
		}
		for _, r := range got {
			if !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsNumber(r) {
				t.Errorf("FoldAnswer(%q) = %q keeps %U: want only letters, marks and numbers", s, got, r)
				break
			}
		}
		if n, max := utf8.RuneCountInString(got), maxNFKCExpansion*maxFoldExpansion*utf8.RuneCountInString(s); n > max {
			t.Errorf("FoldAnswer(%q) has %d runes, want at most %d", s, n, max)
		}
		if again := FoldAnswer(s); again != got {
			t.Errorf("FoldAnswer(%q) = %q, then %q: want deterministic", s, got, again)
		}
		if padded := FoldAnswer("  " + s + " !?"); utf8.ValidString(s) && padded != got {
			t.Errorf("FoldAnswer(%q) = %q, but with spaces and punctuation around it %q: want equal", s, got, padded)
		}
	})
}

func FuzzNormalizeLinkInput(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s, s)
	}
	f.Add("123 456-789", "abcd-efgh-jkmn")
	f.Fuzz(func(t *testing.T, studentID, code string) {
		id, c, vs := NormalizeLinkInput(studentID, code)
		if c != NormalizeAccessCode(code) {
			t.Errorf("NormalizeLinkInput code %q, NormalizeAccessCode %q: want the same", c, NormalizeAccessCode(code))
		}
		if again := NormalizeAccessCode(c); again != c {
			t.Errorf("NormalizeAccessCode(%q) = %q, and again %q: want idempotent", code, c, again)
		}
		id2, c2, vs2 := NormalizeLinkInput(id, c)
		if id2 != id || c2 != c || len(vs2) != len(vs) {
			t.Errorf("NormalizeLinkInput(%q, %q) = %q, %q, %v; again %q, %q, %v: want idempotent", studentID, code, id, c, vs, id2, c2, vs2)
		}
		for _, out := range []string{id, c} {
			if strings.ContainsFunc(out, func(r rune) bool { return r == '-' || unicode.IsSpace(r) }) {
				t.Errorf("NormalizeLinkInput(%q, %q) kept a separator in %q", studentID, code, out)
			}
		}
		if utf8.ValidString(code) && !utf8.ValidString(c) {
			t.Errorf("NormalizeAccessCode(%q) = %q: want valid UTF-8 from valid UTF-8", code, c)
		}
		if utf8.RuneCountInString(c) > utf8.RuneCountInString(code) {
			t.Errorf("NormalizeAccessCode(%q) = %q: want no longer than its input", code, c)
		}
		for _, v := range vs {
			if v.Field == "studentId" && len(id) == StudentNumberLength && strings.Trim(id, "0123456789") == "" ||
				v.Field == "accessCode" && len(c) == AccessCodeLength && strings.Trim(c, accessCodeAlphabet) == "" {
				t.Errorf("NormalizeLinkInput(%q, %q) refused a well-formed %s", studentID, code, v.Field)
			}
		}
	})
}
