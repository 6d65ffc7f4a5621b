package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func rules(vs []Violation) []Rule {
	var rs []Rule
	for _, v := range vs {
		rs = append(rs, v.Rule)
	}
	return rs
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name string
		c    PasswordCandidate
		want []Rule
	}{
		{"acceptable", PasswordCandidate{Password: "Purple7Giraffe"}, nil},
		{"exactly 8", PasswordCandidate{Password: "Hzqwmvb7"}, nil},
		{"exactly 128", PasswordCandidate{Password: "Ab7" + strings.Repeat("x", 125)}, nil},
		{"129", PasswordCandidate{Password: "Ab7" + strings.Repeat("x", 126)}, []Rule{RuleMaxLength}},
		{"7 characters", PasswordCandidate{Password: "Hzqwmv7"}, []Rule{RuleMinLength}},
		{"empty", PasswordCandidate{}, []Rule{RuleMinLength, RuleLowercase, RuleUppercase, RuleDigit}},
		{"no lower", PasswordCandidate{Password: "PURPLE7GIRAFFE"}, []Rule{RuleLowercase}},
		{"no upper", PasswordCandidate{Password: "purple7giraffe"}, []Rule{RuleUppercase}},
		{"no digit", PasswordCandidate{Password: "PurpleGiraffe"}, []Rule{RuleDigit}},
		{"spaces count", PasswordCandidate{Password: "A b c 7 "}, nil},
		{"common", PasswordCandidate{Password: "Password1"}, []Rule{RuleCommon}},
		{"common any case", PasswordCandidate{Password: "pASSWORD1"}, []Rule{RuleCommon}},
		{"common and short rules", PasswordCandidate{Password: "password"}, []Rule{RuleUppercase, RuleDigit, RuleCommon}},
		{"contains username", PasswordCandidate{Password: "xJohnS1234x", Username: "johns1234"}, []Rule{RuleContainsUsername}},
		{"username elsewhere is fine", PasswordCandidate{Password: "Purple7Giraffe", Username: "johns1234"}, nil},
		{"contains first name", PasswordCandidate{Password: "Maria2015ok", Names: []string{"María", "Maria"}}, []Rule{RuleContainsName}},
		{"contains last name", PasswordCandidate{Password: "SuperRodriguez9", Names: []string{"Ana", "Rodríguez", "Rodriguez"}}, []Rule{RuleContainsName}},
		{"short name ignored", PasswordCandidate{Password: "Alphabets7", Names: []string{"Al"}}, nil},
		{"hyphenated name part", PasswordCandidate{Password: "JaneRocks7", Names: []string{"Mary-Jane"}}, []Rule{RuleContainsName}},
		{"name with short part", PasswordCandidate{Password: "Delawares7", Names: []string{"De La Cruz"}}, nil},
		{"multi-word name part", PasswordCandidate{Password: "Cruz2020ab", Names: []string{"De La Cruz"}}, []Rule{RuleContainsName}},
		{"name case-insensitive", PasswordCandidate{Password: "aNNA4ever", Names: []string{"ANNA"}}, []Rule{RuleContainsName}},
		{"empty names", PasswordCandidate{Password: "Purple7Giraffe", Names: []string{"", " "}}, nil},
		{"same as current", PasswordCandidate{Password: "Purple7Giraffe", SameAsCurrent: true}, []Rule{RuleSameAsCurrent}},
		{
			"everything wrong, stable order",
			PasswordCandidate{Password: "bob", Username: "bob", Names: []string{"Bob"}, SameAsCurrent: true},
			[]Rule{RuleMinLength, RuleUppercase, RuleDigit, RuleContainsUsername, RuleContainsName, RuleSameAsCurrent},
		},
		// NFKC: full-width letters and digits become ASCII before any rule runs.
		{"full-width", PasswordCandidate{Password: "Ｐｕｒｐｌｅ７Ｇｉ"}, nil},
		{"full-width common", PasswordCandidate{Password: "Ｐａｓｓｗｏｒｄ１"}, []Rule{RuleCommon}},
		{"full-width username", PasswordCandidate{Password: "ＪＯＨＮＳ1234a", Username: "johns1234"}, []Rule{RuleContainsUsername}},
		// The ligature "ﬁ" is one rune before NFKC and two after.
		{"length after NFKC", PasswordCandidate{Password: "Aﬁ34567"}, nil},
		{"unicode letters", PasswordCandidate{Password: "Ñandú2024x"}, nil},
		{"unicode upper only", PasswordCandidate{Password: "ÑANDÚ2024X"}, []Rule{RuleLowercase}},
		{"caseless script", PasswordCandidate{Password: "密码密码密码12"}, []Rule{RuleLowercase, RuleUppercase}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rules(CheckPassword(tt.c))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckPassword(%+v) rules: got %v, want %v (-want +got):\n%s", tt.c, got, tt.want, diff)
			}
		})
	}
}

func TestCheckPasswordMessages(t *testing.T) {
	vs := CheckPassword(PasswordCandidate{Password: "bob", Username: "bob", Names: []string{"Bob"}, SameAsCurrent: true})
	for _, v := range vs {
		if v.Message == "" || v.Message != messages[v.Rule] {
			t.Errorf("violation %q: got message %q, want %q", v.Rule, v.Message, messages[v.Rule])
		}
		if v.Field != "" {
			t.Errorf("violation %q: got field %q, want none", v.Rule, v.Field)
		}
	}
}

func TestMessagesComplete(t *testing.T) {
	all := []Rule{
		RuleMinLength, RuleMaxLength, RuleLowercase, RuleUppercase, RuleDigit, RuleCommon,
		RuleContainsUsername, RuleContainsName, RuleSameAsCurrent,
		RulePINDigits, RulePINLength, RulePINRepeated, RulePINSequence, RulePINStudentID,
		RuleQuestionCount, RuleQuestionUnknown, RuleQuestionRepeated,
		RuleAnswerShort, RuleAnswerRepeated, RuleAnswerPersonal,
		RuleEmailFormat, RuleNameRequired, RuleNameTooLong, RuleStudentIDFormat, RuleAccessCodeFormat,
	}
	if got, want := len(messages), len(all); got != want {
		t.Errorf("messages: got %d rules, want %d", got, want)
	}
	for _, r := range all {
		m := messages[r]
		if m == "" || !strings.HasSuffix(m, ".") || len(m) > 80 {
			t.Errorf("message of %q: got %q, want a short sentence ending in a period", r, m)
		}
	}
}

func TestNormalizePassword(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Abc12345", "Abc12345"},
		{"Ｐａｓｓ１", "Pass1"},
		{"ﬁ", "fi"},
		{"e\u0301", "é"},
		{"Å", "Å"}, // U+212B ANGSTROM SIGN
	}
	for _, tt := range tests {
		if got := NormalizePassword(tt.in); got != tt.want {
			t.Errorf("NormalizePassword(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsCommonPassword(t *testing.T) {
	tests := []struct {
		pw   string
		want bool
	}{
		{"Password1", true},
		{"password1", true},
		{"PASSWORD1", true},
		{"Iloveyou1", true},
		{"Sunshine1", true},
		{"Trustno1", true},
		{"Ｐａｓｓｗｏｒｄ１", true},
		{"password", true},
		{"Purple7Giraffe", false},
		{"", false},
		{"# source", false},
		{"123456", false}, // in the source list but too short to be kept
	}
	for _, tt := range tests {
		if got := IsCommonPassword(tt.pw); got != tt.want {
			t.Errorf("IsCommonPassword(%q): got %v, want %v", tt.pw, got, tt.want)
		}
	}
}

func TestCommonPasswordList(t *testing.T) {
	set := commonPasswords()
	if got, want := len(set), 10000; got < want {
		t.Errorf("common passwords: got %d, want at least %d", got, want)
	}
	if !strings.HasPrefix(commonPasswordsText, "# source: @zxcvbn-ts/language-common@") {
		t.Errorf("common-passwords.txt: got first line %q, want a # source: header",
			strings.SplitN(commonPasswordsText, "\n", 2)[0])
	}
	fitting := 0
	for pw := range set {
		if pw != strings.ToLower(NormalizePassword(pw)) {
			t.Errorf("entry %q: not lower-cased NFKC", pw)
		}
		if strings.TrimSpace(pw) != pw || strings.HasPrefix(pw, "#") {
			t.Errorf("entry %q: stray space or comment marker", pw)
		}
		if len([]rune(pw)) < MinPasswordLength {
			t.Errorf("entry %q: shorter than %d, could never be typed past the rules", pw, MinPasswordLength)
		}
		// Capitalising the first letter gives a password the printed rules accept.
		if _, _, digit := classes(pw); digit {
			fitting++
		}
	}
	if fitting < 5000 {
		t.Errorf("entries with a digit: got %d, want at least 5000", fitting)
	}
}
