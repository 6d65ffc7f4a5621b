package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Password length limits, counted in runes of the NFKC form.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 128
)

// minNameLength is the shortest name (or part of a name) a password may not contain:
// shorter ones, such as "Al" or "Li", occur inside too many ordinary words.
const minNameLength = 3

// NormalizePassword returns the NFKC form of pw, the form that is checked and hashed, so a
// password typed on a phone and on a laptop is the same password.
func NormalizePassword(pw string) string {
	return norm.NFKC.String(pw)
}

// PasswordCandidate is a proposed new password with what it must not contain.
type PasswordCandidate struct {
	Password string
	// Username is the account's username; an empty one is not checked.
	Username string
	// Names are the person's names, such as first and last name.
	Names []string
	// SameAsCurrent is true when the caller found Password to match the current password
	// hash (the policy core never sees hashes).
	SameAsCurrent bool
}

// CheckPassword returns every rule c.Password fails, or nil when it is acceptable.
//
// The rules run on the NFKC form and are reported in a stable order: min_length,
// max_length, lowercase, uppercase, digit, common, contains_username, contains_name,
// same_as_current. Username and name containment ignore case and accents (see [foldName]).
// Each name is also split into parts at spaces, hyphens and apostrophes ("Mary-Jane" gives
// "Mary" and "Jane"); names and parts shorter than 3 runes once folded are ignored.
func CheckPassword(c PasswordCandidate) []Violation {
	pw := NormalizePassword(c.Password)
	var vs []Violation

	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		vs = append(vs, violation(RuleMinLength, ""))
	}
	if n > MaxPasswordLength {
		vs = append(vs, violation(RuleMaxLength, ""))
	}
	lower, upper, digit := classes(pw)
	if !lower {
		vs = append(vs, violation(RuleLowercase, ""))
	}
	if !upper {
		vs = append(vs, violation(RuleUppercase, ""))
	}
	if !digit {
		vs = append(vs, violation(RuleDigit, ""))
	}
	if isCommonNormalized(pw) {
		vs = append(vs, violation(RuleCommon, ""))
	}

	folded := foldName(pw)
	if u := foldName(c.Username); u != "" && strings.Contains(folded, u) {
		vs = append(vs, violation(RuleContainsUsername, ""))
	}
	if containsName(folded, c.Names) {
		vs = append(vs, violation(RuleContainsName, ""))
	}
	if c.SameAsCurrent {
		vs = append(vs, violation(RuleSameAsCurrent, ""))
	}
	return vs
}

// classes reports whether s holds a lower-case letter (Ll), an upper-case letter (Lu) and
// a decimal digit (Nd).
func classes(s string) (lower, upper, digit bool) {
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	return lower, upper, digit
}

// containsName reports whether folded (a password in the form of [foldName]) contains any of names or a
// part of one, ignoring those shorter than minNameLength.
func containsName(folded string, names []string) bool {
	for _, name := range nameParts(names) {
		if strings.Contains(folded, name) {
			return true
		}
	}
	return false
}

// nameParts returns the names in the form of [foldName] and their parts split at spaces,
// hyphens and apostrophes, keeping those of at least minNameLength runes.
func nameParts(names []string) []string {
	var parts []string
	keep := func(s string) {
		if utf8.RuneCountInString(s) >= minNameLength {
			parts = append(parts, s)
		}
	}
	for _, name := range names {
		name = strings.TrimSpace(foldName(name))
		keep(name)
		fields := strings.FieldsFunc(name, isNameSeparator)
		if len(fields) > 1 {
			for _, f := range fields {
				keep(f)
			}
		}
	}
	return parts
}

func isNameSeparator(r rune) bool {
	return unicode.IsSpace(r) || r == '-' || r == '\'' || r == '’' || r == '.'
}

// foldName returns the form in which a password is searched for the username and names:
// NFKC, case folded, then without accents (decomposed with NFKD, nonspacing marks removed,
// composed again with NFC). A child types "Sofia" on a keyboard without "í", and that is
// still her name: "Sofia" is found for "Sofía", "pena" for "Peña", "ZOE" for "Zoë". Composing
// again keeps a Hangul syllable one rune, so lengths and matches stay whole syllables.
func foldName(s string) string {
	bare := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFKD.String(foldCase(NormalizePassword(s))))
	return norm.NFC.String(bare)
}

// foldCase applies Unicode case folding. A cases.Caser is not safe for concurrent use, so
// each call makes its own.
func foldCase(s string) string {
	return cases.Fold().String(s)
}
