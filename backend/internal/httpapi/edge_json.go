package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxJSONDepth matches encoding/json's nesting limit: a deeper body is
// refused by the decoder anyway, so the scan stops following it.
const maxJSONDepth = 10000

// textFault is the first string of a JSON body that is not storable text.
type textFault struct {
	field string // where it is, e.g. "login" or "answers[1].answer"
	rule  string // ruleNUL or ruleUTF8
}

// jsonFrame is one open object or array while scanning a body.
type jsonFrame struct {
	object  bool
	wantKey bool   // an object's next string is a key
	key     []byte // an object's current key as written, quotes included
	index   int    // an array's current index
}

// scanJSONText finds the first string of a JSON body, key or value, that
// holds a NUL character (raw or \u0000), bytes that are not UTF-8, or a
// UTF-16 surrogate escape that is not part of a pair. It reads the raw
// bytes because encoding/json replaces the last two with U+FFFD without a
// word, which would make a decoded U+FFFD ambiguous: a person may type one.
// It never fails on malformed JSON; the decoder refuses that afterwards.
func scanJSONText(b []byte) (textFault, bool) {
	var stack []jsonFrame
	for i := 0; i < len(b); i++ {
		top := len(stack) - 1
		switch b[i] {
		case '{', '[':
			if len(stack) == maxJSONDepth {
				return textFault{}, true
			}
			stack = append(stack, jsonFrame{object: b[i] == '{', wantKey: b[i] == '{'})
		case '}', ']':
			if top >= 0 {
				stack = stack[:top]
			}
		case ',':
			if top >= 0 {
				stack[top].wantKey = stack[top].object
				stack[top].index++
			}
		case ':':
			if top >= 0 {
				stack[top].wantKey = false
			}
		case '"':
			end, rule := scanJSONString(b, i+1)
			if top >= 0 && stack[top].object && stack[top].wantKey {
				stack[top].key = b[i:min(end+1, len(b))]
			}
			if rule != "" {
				return textFault{field: fieldPath(stack), rule: rule}, false
			}
			i = end
		}
	}
	return textFault{}, true
}

// scanJSONString scans a string's content from start and returns the index
// of its closing quote (len(b) when it has none) and the rule its first
// fault breaks, if any.
func scanJSONString(b []byte, start int) (end int, rule string) {
	fault := func(r string) {
		if rule == "" {
			rule = r
		}
	}
	for j := start; j < len(b); {
		c := b[j]
		switch {
		case c == '"':
			return j, rule
		case c == '\\':
			if j+1 < len(b) && b[j+1] == 'u' {
				if r, ok := hex4(b, j+2); ok {
					j += 6
					switch {
					case r == 0:
						fault(ruleNUL)
					case r >= 0xD800 && r < 0xDC00:
						if lowSurrogateAt(b, j) {
							j += 6
						} else {
							fault(ruleUTF8)
						}
					case r >= 0xDC00 && r < 0xE000:
						fault(ruleUTF8)
					}
					continue
				}
			}
			j += 2
		case c == 0:
			fault(ruleNUL)
			j++
		case c < utf8.RuneSelf:
			j++
		default:
			r, size := utf8.DecodeRune(b[j:])
			if r == utf8.RuneError && size == 1 {
				fault(ruleUTF8)
			}
			j += size
		}
	}
	return len(b), rule
}

// lowSurrogateAt reports whether a \uDC00–\uDFFF escape starts at j.
func lowSurrogateAt(b []byte, j int) bool {
	if j+1 >= len(b) || b[j] != '\\' || b[j+1] != 'u' {
		return false
	}
	r, ok := hex4(b, j+2)
	return ok && r >= 0xDC00 && r < 0xE000
}

// hex4 reads the four hexadecimal digits of a \u escape starting at j.
func hex4(b []byte, j int) (rune, bool) {
	if j+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[j : j+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// fieldPath names the place the scan is at, as the refusals name fields:
// "login", "answers[1].answer".
func fieldPath(stack []jsonFrame) string {
	var sb strings.Builder
	for _, f := range stack {
		switch {
		case !f.object:
			sb.WriteString("[" + strconv.Itoa(f.index) + "]")
		case f.key != nil:
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(printable(jsonKey(f.key)))
		}
	}
	return sb.String()
}

// jsonKey decodes a key as written; an unterminated one is shown as is.
func jsonKey(raw []byte) string {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return strings.TrimPrefix(string(raw), `"`)
	}
	return s
}
