package policy

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// searchLetters are letters that carry their accent in the letter itself, so that NFKD
// leaves them whole, with what a search folds them to.
var searchLetters = map[rune]string{
	'Ø': "o", 'ø': "o", 'Ł': "l", 'ł': "l", 'Đ': "d", 'đ': "d", 'Ð': "d", 'ð': "d", 'ı': "i",
	'ß': "ss", 'Æ': "ae", 'æ': "ae", 'Œ': "oe", 'œ': "oe", 'Þ': "th", 'þ': "th",
	'’': "'", 'ʼ': "'",
}

// SearchKey folds a name, username or email for staff search: compatibility-decomposed
// (NFKD), accents dropped (the combining marks U+0300 to U+036F), the few Latin letters that
// hold their accent mapped to plain ones ("Ø" to "o", "ß" to "ss"), ASCII letters lower-cased,
// runs of white space made one space, trimmed. "Peña" and "PENA" both give "pena".
//
// The database keeps the same key in stored columns (the SQL function portal_fold of
// migration 007), so the two must change together; a test compares them. Case folding stops
// at ASCII because PostgreSQL's lower() under the "C" collation does, whatever locale the
// server was set up with: a search in another script matches as typed.
func SearchKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 0x300 && r <= 0x36f:
			continue
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if m, ok := searchLetters[r]; ok {
			b.WriteString(m)
		} else if r >= 'A' && r <= 'Z' {
			b.WriteRune(r + ('a' - 'A'))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
