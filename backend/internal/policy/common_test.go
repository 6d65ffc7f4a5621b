package policy

import (
	"crypto/rand"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestIsCommonPasswordVariants(t *testing.T) {
	tests := []struct {
		pw   string
		want bool
	}{
		// Exact entries, any case.
		{"Password1", true},
		{"pASSWORD1", true},
		{"Trustno1", true},
		{"1Qaz2wsx", true},
		// A common base with digits and symbols added at the end, or at both ends.
		{"Sunshine1", true},
		{"Sunshine2024!", true},
		{"Password123", true},
		{"Dragon12345", true},
		{"Iloveyou2", true},
		{"Monkey99", true},
		{"Tiger2024", true},
		{"Football#1", true},
		{"Qwerty123!", true},
		{"Trustno1!", true},    // base "trustno", from the entry "trustno1"
		{"2024Sunshine", true}, // leading digits stripped
		{"!!Dragon12", true},
		{"Ｓｕｎｓｈｉｎｅ２０２４", true}, // full-width, NFKC "Sunshine2024"
		{"dragon", true},
		// Not common.
		{"Orchard-Lamp-73", false},
		{"SunnyTiger47", false}, // two kid words: "sunnytiger" is on no list
		{"Tr4mpoline-Gl0be", false},
		{"Purple7Giraffe", false},
		{"Sunshine1x", false}, // a letter at the end: no stripping, and not an entry
		{"Sun12345", false},   // base "sun" shorter than 5
		{"Tree2024!", false},  // base "tree" shorter than 5
		{"Sun shine1", false}, // spaces are not stripped or ignored
		{"12345678", false},   // entries without a letter are not kept
		{"123456", false},
		{"!!!!1234", false},
		{"# source", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsCommonPassword(tt.pw); got != tt.want {
			t.Errorf("IsCommonPassword(%q): got %v, want %v", tt.pw, got, tt.want)
		}
	}
}

// TestCommonPasswordCoverage counts the distinct passwords a student could type past the
// printed rules (8 characters, lower, upper, digit) that the check refuses, in the simplest
// way: each exact entry with its first letter capitalised, and each base capitalised with
// "1" (then "2", "3", ... up to 8 characters) appended. The product asks for at least the
// top 10,000.
func TestCommonPasswordCoverage(t *testing.T) {
	l := commonList()
	covered := map[string]struct{}{}
	count := func(pw string) {
		if got := rules(CheckPassword(PasswordCandidate{Password: pw})); slices.Equal(got, []Rule{RuleCommon}) {
			covered[strings.ToLower(pw)] = struct{}{}
		}
	}
	for pw := range l.exact {
		count(capitaliseFirstLetter(pw))
	}
	exact := len(covered)
	for base := range l.bases {
		pw := capitaliseFirstLetter(base) + "1"
		for d := '2'; utf8.RuneCountInString(pw) < MinPasswordLength; d++ {
			pw += string(d)
		}
		count(pw)
	}
	t.Logf("covered: %d distinct rule-passing passwords (%d exact entries capitalised); list: %d exact entries, %d bases",
		len(covered), exact, len(l.exact), len(l.bases))
	if got, want := len(covered), 10000; got < want {
		t.Errorf("rule-passing common passwords covered: got %d, want at least %d", got, want)
	}
}

// capitaliseFirstLetter upper-cases the first letter of s.
func capitaliseFirstLetter(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return s[:i] + string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}

func TestCommonPasswordBases(t *testing.T) {
	l := commonList()
	if !strings.Contains(commonPasswordsText, "\n# use: ") {
		t.Error("common-passwords.txt: want a # use: header saying how the list is used")
	}
	for base := range l.bases {
		if utf8.RuneCountInString(base) < minCommonBaseLength {
			t.Errorf("base %q: shorter than %d", base, minCommonBaseLength)
		}
		if stripTrailing(base) != base {
			t.Errorf("base %q: ends in a digit or symbol", base)
		}
	}
	for _, base := range []string{"sunshine", "password", "dragon", "iloveyou", "trustno", "tiger"} {
		if _, ok := l.bases[base]; !ok {
			t.Errorf("base %q: missing", base)
		}
	}
}

// TestFixedPasswordsNotCommon checks the fixed passwords of backend/internal/demo (seeded
// accounts and the ones printed in the demo guide) pass every rule.
func TestFixedPasswordsNotCommon(t *testing.T) {
	for _, pw := range []string{
		"Orchard-Lamp-73", "Harbor-Kite-58", "HappyPanda52", "MangoRocket38",
		"Staff-Demo-2026x", "Family-Demo-2026x",
	} {
		if IsCommonPassword(pw) {
			t.Errorf("IsCommonPassword(%q): got true, want false", pw)
		}
		if vs := CheckPassword(PasswordCandidate{Password: pw}); vs != nil {
			t.Errorf("CheckPassword(%q): got %v, want none", pw, rules(vs))
		}
	}
}

// TestKidWordPairsRarelyCommon checks word-based generated passwords stay usable: a pair of
// kid words is refused only when the whole pair is a common password ("RockStar47"),
// which GeneratePassword then draws again.
func TestKidWordPairsRarelyCommon(t *testing.T) {
	refused := 0
	for _, a := range kidWords {
		for _, b := range kidWords {
			pw := capitaliseFirstLetter(a) + capitaliseFirstLetter(b) + "47"
			if !IsCommonPassword(pw) {
				continue
			}
			refused++
			if _, ok := commonList().bases[a+b]; !ok {
				t.Errorf("IsCommonPassword(%q): refused, but %q is not a base", pw, a+b)
			}
		}
	}
	pairs := len(kidWords) * len(kidWords)
	t.Logf("kid word pairs refused as common: %d of %d", refused, pairs)
	if refused*100 > pairs {
		t.Errorf("kid word pairs refused as common: got %d of %d, want under 1%%", refused, pairs)
	}
	for range 2000 {
		for _, grade := range []int{2, 9} {
			pw, err := GeneratePassword(grade, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			if IsCommonPassword(pw) {
				t.Errorf("GeneratePassword(%d): got %q, refused as common", grade, pw)
			}
		}
	}
}

func TestIsCommonPasswordAllocs(t *testing.T) {
	commonList()
	for _, pw := range []string{"sunshine2024!", "orchard-lamp-73", "!!dragon12"} {
		if n := testing.AllocsPerRun(100, func() { isCommonNormalized(pw) }); n != 0 {
			t.Errorf("isCommonNormalized(%q): got %v allocations, want 0", pw, n)
		}
	}
	// Lower-casing "Sunshine2024!" is the only allocation.
	if n := testing.AllocsPerRun(100, func() { IsCommonPassword("Sunshine2024!") }); n > 1 {
		t.Errorf("IsCommonPassword: got %v allocations, want at most 1", n)
	}
}

func BenchmarkIsCommonPasswordVariant(b *testing.B) {
	for b.Loop() {
		IsCommonPassword("Orchard-Lamp-73")
	}
}
