package policy

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// famNow is the "now" of the family-rule tests.
var famNow = time.Date(2026, time.June, 15, 9, 30, 0, 0, time.UTC)

// famRules lists the rule and field of each violation, in order.
func famRules(vs []Violation) [][2]string {
	var out [][2]string
	for _, v := range vs {
		out = append(out, [2]string{string(v.Rule), v.Field})
	}
	return out
}

func TestNormalizeLinkInput(t *testing.T) {
	const goodID, goodCode = "123456789", "ABCDEFGHJK23"
	idBad := [2]string{"student_id_format", "studentId"}
	codeBad := [2]string{"access_code_format", "accessCode"}
	tests := []struct {
		name, id, code   string
		wantID, wantCode string
		want             [][2]string
	}{
		{"canonical", goodID, goodCode, goodID, goodCode, nil},
		{"printed with dashes", "123-456-789", "ABCD-EFGH-JK23", goodID, goodCode, nil},
		{"spaces around and inside", " 123 456 789 ", " ABCD EFGH JK23 ", goodID, goodCode, nil},
		{"tabs and new lines", "123\t456\n789", "ABCD\tEFGH\nJK23", goodID, goodCode, nil},
		{"lower case code", goodID, "abcd-efgh-jk23", goodID, goodCode, nil},
		{"mixed case code", goodID, "aBcD efGH-jK23", goodID, goodCode, nil},
		{"ID of 8 digits", "12345678", goodCode, "12345678", goodCode, [][2]string{idBad}},
		{"ID of 10 digits", "1234567890", goodCode, "1234567890", goodCode, [][2]string{idBad}},
		{"ID with a letter", "12345678a", goodCode, "12345678a", goodCode, [][2]string{idBad}},
		{"ID with a dot", "123.456.789", goodCode, "123.456.789", goodCode, [][2]string{idBad}},
		{"ID in full-width digits", "１２３４５６７８９", goodCode, "１２３４５６７８９", goodCode, [][2]string{idBad}},
		{"negative ID", "-12345678", goodCode, "12345678", goodCode, [][2]string{idBad}},
		{"empty ID", "", goodCode, "", goodCode, [][2]string{idBad}},
		{"capital O", goodID, "ABCD-EFGH-JK2O", goodID, "ABCDEFGHJK2O", [][2]string{codeBad}},
		{"zero", goodID, "ABCD-EFGH-JK20", goodID, "ABCDEFGHJK20", [][2]string{codeBad}},
		{"capital I", goodID, "IBCD-EFGH-JK23", goodID, "IBCDEFGHJK23", [][2]string{codeBad}},
		{"one", goodID, "1BCD-EFGH-JK23", goodID, "1BCDEFGHJK23", [][2]string{codeBad}},
		{"capital L", goodID, "ABCD-LFGH-JK23", goodID, "ABCDLFGHJK23", [][2]string{codeBad}},
		{"small l reads as L", goodID, "abcd-lfgh-jk23", goodID, "ABCDLFGHJK23", [][2]string{codeBad}},
		{"small o reads as O", goodID, "abcd-efgh-jk2o", goodID, "ABCDEFGHJK2O", [][2]string{codeBad}},
		{"small i reads as I", goodID, "abcd-efgh-ik23", goodID, "ABCDEFGHIK23", [][2]string{codeBad}},
		{"code of 11", goodID, "ABCD-EFGH-JK2", goodID, "ABCDEFGHJK2", [][2]string{codeBad}},
		{"code of 13", goodID, "ABCD-EFGH-JK23A", goodID, "ABCDEFGHJK23A", [][2]string{codeBad}},
		{"code with dots", goodID, "ABCD.EFGH.JK23", goodID, "ABCD.EFGH.JK23", [][2]string{codeBad}},
		{"code with underscores", goodID, "ABCD_EFGH_JK23", goodID, "ABCD_EFGH_JK23", [][2]string{codeBad}},
		{"empty code", goodID, "", goodID, "", [][2]string{codeBad}},
		{"both wrong", "12345", "ABCD", "12345", "ABCD", [][2]string{idBad, codeBad}},
		{"both empty", "", "", "", "", [][2]string{idBad, codeBad}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, code, vs := NormalizeLinkInput(tt.id, tt.code)
			if id != tt.wantID || code != tt.wantCode {
				t.Errorf("NormalizeLinkInput(%q, %q): got %q, %q, want %q, %q", tt.id, tt.code, id, code, tt.wantID, tt.wantCode)
			}
			if diff := cmp.Diff(tt.want, famRules(vs)); diff != "" {
				t.Errorf("NormalizeLinkInput(%q, %q) rules (-want +got):\n%s", tt.id, tt.code, diff)
			}
			for _, v := range vs {
				if v.Message == "" {
					t.Errorf("violation %q: got no message", v.Rule)
				}
			}
		})
	}
}

func TestNormalizeAccessCode(t *testing.T) {
	for in, want := range map[string]string{
		"abcd-efgh-jk23":   "ABCDEFGHJK23",
		" ABCD EFGH JK23 ": "ABCDEFGHJK23",
		"--ab--":           "AB",
		"":                 "",
	} {
		if got := NormalizeAccessCode(in); got != want {
			t.Errorf("NormalizeAccessCode(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	long := func(local, domainLen int) string {
		// Labels of at most 63 characters, ending in ".org".
		d := strings.Repeat("d", 63) + "." + strings.Repeat("d", 63) + "." + strings.Repeat("d", domainLen-63-63-2-4) + ".org"
		return strings.Repeat("a", local) + "@" + d
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ana@example.org", "ana@example.org", true},
		{"  Ana.Lopez@Example.ORG  ", "ana.lopez@example.org", true},
		{"ana+kids@mail.example.co.uk", "ana+kids@mail.example.co.uk", true},
		{"ñandú@example.org", "ñandú@example.org", true},
		{long(64, 189), long(64, 189), true}, // 254 characters
		{long(64, 190), "", false},           // 255 characters
		{"Ana <ana@example.org>", "", false},
		{"<ana@example.org>", "", false},
		{`"Ana" <ana@example.org>`, "", false},
		{"ana@example.org (Ana)", "", false},
		{"ana@example", "", false},
		{"ana@localhost", "", false},
		{"ana@example.org.", "", false},
		{"ana@example..org", "", false},
		{"ana@.example.org", "", false},
		{".ana@example.org", "", false},
		{"ana..b@example.org", "", false},
		{"a b@example.org", "", false},
		{`"ana"@example.org`, "", false},
		{"ana@@example.org", "", false},
		{"ana@example.org, bo@example.org", "", false},
		{"ana", "", false},
		{"ana@", "", false},
		{"@example.org", "", false},
		{"", "", false},
		{"   ", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeEmail(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeEmail(%q): got %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCheckGuardianRegistration(t *testing.T) {
	emailBad := [2]string{"email_format", "email"}
	tests := []struct {
		name, email, fullName string
		want                  [][2]string
	}{
		{"good", "ana@example.org", "Ana López", nil},
		{"email in capitals with spaces", " ANA@EXAMPLE.ORG ", "Ana", nil},
		{"name of 100 characters", "ana@example.org", strings.Repeat("é", 100), nil},
		{"name of 100 characters with spaces around", "ana@example.org", "  " + strings.Repeat("n", 100) + "  ", nil},
		{"name of 101 characters", "ana@example.org", strings.Repeat("é", 101), [][2]string{{"name_too_long", "name"}}},
		{"empty name", "ana@example.org", "", [][2]string{{"name_required", "name"}}},
		{"blank name", "ana@example.org", " \t ", [][2]string{{"name_required", "name"}}},
		{"malformed email", "ana.example.org", "Ana", [][2]string{emailBad}},
		{"name and address", "Ana <ana@example.org>", "Ana", [][2]string{emailBad}},
		{"no dot in the domain", "ana@example", "Ana", [][2]string{emailBad}},
		{"both wrong", "ana@", "", [][2]string{emailBad, {"name_required", "name"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := CheckGuardianRegistration(tt.email, tt.fullName)
			if diff := cmp.Diff(tt.want, famRules(vs)); diff != "" {
				t.Errorf("CheckGuardianRegistration(%q, %q) (-want +got):\n%s", tt.email, tt.fullName, diff)
			}
		})
	}
}

func TestGuardianPasswordCandidate(t *testing.T) {
	tests := []struct {
		password, email, name string
		same                  bool
		want                  PasswordCandidate
	}{
		{"Maple-Drum-47", "ana.lopez@example.org", "Ana López", false,
			PasswordCandidate{Password: "Maple-Drum-47", Username: "ana.lopez", Names: []string{"Ana López"}}},
		{"Maple-Drum-47", " bo@example.org ", "Bo", true,
			PasswordCandidate{Password: "Maple-Drum-47", Username: "bo", Names: []string{"Bo"}, SameAsCurrent: true}},
		{"Maple-Drum-47", "no-at-sign", "Bo", false,
			PasswordCandidate{Password: "Maple-Drum-47", Username: "no-at-sign", Names: []string{"Bo"}}},
	}
	for _, tt := range tests {
		got := GuardianPasswordCandidate(tt.password, tt.email, tt.name, tt.same)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("GuardianPasswordCandidate(%q, %q, %q, %v) (-want +got):\n%s", tt.password, tt.email, tt.name, tt.same, diff)
		}
	}
	// The candidate carries the guardian's context into the shared password rules.
	vs := CheckPassword(GuardianPasswordCandidate("Xx-Rosalind-42", "rosalind@example.org", "Kim Park", false))
	if diff := cmp.Diff([]Rule{RuleContainsUsername}, rules(vs)); diff != "" {
		t.Errorf("a password holding the email's local part (-want +got):\n%s", diff)
	}
}

// famCounting is a reader whose every 4 bytes are the big-endian numbers 0, 1, 2, …
func famCounting(n int) io.Reader {
	b := make([]byte, 4*n)
	for i := range n {
		binary.BigEndian.PutUint32(b[4*i:], uint32(i))
	}
	return bytes.NewReader(b)
}

func TestGenerateAccessCodeDeterministic(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		want string
	}{
		{"zeros", bytes.NewReader(make([]byte, 4*AccessCodeLength)), "AAAAAAAAAAAA"},
		{"counting", famCounting(AccessCodeLength), "ABCDEFGHJKMN"},
	}
	for _, tt := range tests {
		got, err := GenerateAccessCode(tt.r)
		if err != nil || got != tt.want {
			t.Errorf("GenerateAccessCode(%s): got %q, %v, want %q, nil", tt.name, got, err, tt.want)
		}
	}
	// Values 31..42 wrap around the 31-character alphabet.
	r := bytes.NewReader(func() []byte {
		b := make([]byte, 4*AccessCodeLength)
		for i := range AccessCodeLength {
			binary.BigEndian.PutUint32(b[4*i:], uint32(31+i))
		}
		return b
	}())
	if got, err := GenerateAccessCode(r); err != nil || got != "ABCDEFGHJKMN" {
		t.Errorf("GenerateAccessCode(31, 32, …): got %q, %v, want %q", got, err, "ABCDEFGHJKMN")
	}
}

func TestGenerateAccessCodeReaderError(t *testing.T) {
	_, err := GenerateAccessCode(bytes.NewReader(make([]byte, 4*AccessCodeLength-1)))
	if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		t.Errorf("GenerateAccessCode with a short reader: got %v, want an EOF error", err)
	}
}

func TestGenerateAccessCode(t *testing.T) {
	if got := len(accessCodeAlphabet); got != 31 {
		t.Errorf("accessCodeAlphabet: got %d characters, want 31", got)
	}
	if strings.ContainsAny(accessCodeAlphabet, "0O1IL") {
		t.Errorf("accessCodeAlphabet %q: contains a look-alike", accessCodeAlphabet)
	}
	seen := map[string]bool{}
	used := map[rune]bool{}
	for range 2000 {
		code, err := GenerateAccessCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != AccessCodeLength || strings.Trim(code, accessCodeAlphabet) != "" {
			t.Fatalf("got %q, want %d characters of %q", code, AccessCodeLength, accessCodeAlphabet)
		}
		for _, printed := range []string{code, FormatAccessCode(code), strings.ToLower(FormatAccessCode(code))} {
			if _, got, vs := NormalizeLinkInput("123456789", printed); vs != nil || got != code {
				t.Errorf("NormalizeLinkInput(%q): got %q %v, want %q and no violation", printed, got, famRules(vs), code)
			}
		}
		for _, r := range code {
			used[r] = true
		}
		seen[code] = true
	}
	if len(seen) != 2000 {
		t.Errorf("got %d distinct codes of 2000, want all", len(seen))
	}
	if len(used) != len(accessCodeAlphabet) {
		t.Errorf("got %d different characters in 2000 codes, want all %d", len(used), len(accessCodeAlphabet))
	}
}

func TestFormatAccessCode(t *testing.T) {
	for in, want := range map[string]string{
		"ABCDEFGHJK23": "ABCD-EFGH-JK23",
		"ABCDE":        "ABCD-E",
		"ABCD":         "ABCD",
		"ABC":          "ABC",
		"":             "",
	} {
		if got := FormatAccessCode(in); got != want {
			t.Errorf("FormatAccessCode(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestIsAdult(t *testing.T) {
	s := DefaultSettings()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	newYork := time.FixedZone("EDT", -4*3600)
	tests := []struct {
		name     string
		born     time.Time
		now      time.Time
		adultAge int
		want     bool
	}{
		{"a second before the 18th birthday", day(2008, 6, 15), day(2026, 6, 15).Add(-time.Second), 18, false},
		{"the day before the 18th birthday", day(2008, 6, 15), day(2026, 6, 14).Add(12 * time.Hour), 18, false},
		{"on the 18th birthday at midnight", day(2008, 6, 15), day(2026, 6, 15), 18, true},
		{"the day after", day(2008, 6, 15), day(2026, 6, 16), 18, true},
		{"17", day(2009, 1, 1), famNow, 18, false},
		{"19", day(2007, 1, 1), famNow, 18, true},
		{"born Feb 29, on Feb 28 of a year without one", day(2008, 2, 29), day(2026, 2, 28).Add(23 * time.Hour), 18, false},
		{"born Feb 29, on Mar 1 of a year without one", day(2008, 2, 29), day(2026, 3, 1), 18, true},
		{"born Feb 29, adult at 16, on Feb 28 of a leap year", day(2008, 2, 29), day(2024, 2, 28), 16, false},
		{"born Feb 29, adult at 16, on Feb 29 of a leap year", day(2008, 2, 29), day(2024, 2, 29), 16, true},
		{"birthday counted in UTC without a district time zone", day(2008, 6, 15), time.Date(2026, 6, 14, 21, 0, 0, 0, newYork), 18, true},
		{"an adult age of 21", day(2007, 1, 1), famNow, 21, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.AdultAge = tt.adultAge
			if got := IsAdult(tt.born, tt.now, s); got != tt.want {
				t.Errorf("IsAdult(%v, %v): got %v, want %v", tt.born, tt.now, got, tt.want)
			}
		})
	}
}

func TestIsAdultInTheDistrictsTimeZone(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	s.Location = newYork
	born := time.Date(2008, 6, 15, 0, 0, 0, 0, time.UTC) // a DATE column reads as UTC midnight
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		// 9 pm on the 14th in New York is already the 15th in UTC: not yet 18 there.
		{time.Date(2026, 6, 14, 21, 0, 0, 0, newYork), false},
		{time.Date(2026, 6, 14, 23, 59, 59, 0, newYork), false},
		{time.Date(2026, 6, 15, 0, 0, 0, 0, newYork), true},
	} {
		if got := IsAdult(born, tt.now, s); got != tt.want {
			t.Errorf("IsAdult at %v: got %v, want %v", tt.now, got, tt.want)
		}
	}
}

func TestGuardianAccess(t *testing.T) {
	s := DefaultSettings()
	child, adult := famNow.AddDate(-12, 0, 0), famNow.AddDate(-19, 0, 0)
	tests := []struct {
		name string
		link GuardianLink
		born time.Time
		want Access
	}{
		{"not linked, child", GuardianLink{}, child, AccessNone},
		{"not linked, adult", GuardianLink{}, adult, AccessNone},
		{"not linked, kept flag alone", GuardianLink{KeepAfterAdult: true}, adult, AccessNone},
		{"linked child", GuardianLink{Linked: true}, child, AccessActive},
		{"linked child, kept", GuardianLink{Linked: true, KeepAfterAdult: true}, child, AccessActive},
		{"linked adult", GuardianLink{Linked: true}, adult, AccessAdult},
		{"linked adult, kept by the school", GuardianLink{Linked: true, KeepAfterAdult: true}, adult, AccessActive},
		{"linked, 18 today", GuardianLink{Linked: true}, famNow.Truncate(24*time.Hour).AddDate(-18, 0, 0), AccessAdult},
	}
	for _, tt := range tests {
		if got := GuardianAccess(tt.link, tt.born, famNow, s); got != tt.want {
			t.Errorf("%s: GuardianAccess: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
