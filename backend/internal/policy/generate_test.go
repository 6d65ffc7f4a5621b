package policy

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

var (
	wordShape   = regexp.MustCompile(`^[A-Z][a-z]{2,6}[A-Z][a-z]{2,6}[2-9]{2}$`)
	strongShape = regexp.MustCompile(`^[a-zA-Z2-9]{14}$`)
)

func TestGeneratePassword(t *testing.T) {
	tests := []struct {
		grade int
		shape *regexp.Regexp
	}{
		{-5, wordShape},
		{-1, wordShape},
		{0, wordShape},
		{3, wordShape},
		{5, wordShape},
		{6, strongShape},
		{12, strongShape},
		{13, strongShape},
		{-9, strongShape},
	}
	for _, tt := range tests {
		seen := map[string]bool{}
		for range 200 {
			pw, err := GeneratePassword(tt.grade, rand.Reader)
			if err != nil {
				t.Fatalf("GeneratePassword(%d): got error %v, want none", tt.grade, err)
			}
			if !tt.shape.MatchString(pw) {
				t.Errorf("GeneratePassword(%d): got %q, want it to match %s", tt.grade, pw, tt.shape)
			}
			if strings.ContainsAny(pw, LookAlikes) {
				t.Errorf("GeneratePassword(%d): got %q, want none of %q", tt.grade, pw, LookAlikes)
			}
			if vs := CheckPassword(PasswordCandidate{Password: pw}); vs != nil {
				t.Errorf("GeneratePassword(%d): got %q failing %v, want it to pass", tt.grade, pw, rules(vs))
			}
			seen[pw] = true
		}
		if len(seen) < 190 {
			t.Errorf("GeneratePassword(%d): got %d distinct of 200, want nearly all", tt.grade, len(seen))
		}
	}
}

func TestGeneratePasswordInvalidGrade(t *testing.T) {
	for _, g := range []int{-10, -6, 14, 100} {
		pw, err := GeneratePassword(g, rand.Reader)
		if !errors.Is(err, ErrInvalidGrade) {
			t.Errorf("GeneratePassword(%d): got %q, %v, want ErrInvalidGrade", g, pw, err)
		}
	}
}

func TestGeneratePasswordReaderError(t *testing.T) {
	for _, g := range []int{2, 9} {
		_, err := GeneratePassword(g, bytes.NewReader([]byte{1, 2, 3}))
		if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			t.Errorf("GeneratePassword(%d) with a short reader: got %v, want an EOF error", g, err)
		}
	}
}

// TestGeneratePasswordDeterministic pins the mapping from random bytes to passwords, so a
// change to it is a deliberate one.
func TestGeneratePasswordDeterministic(t *testing.T) {
	zeros := bytes.NewReader(make([]byte, 1024))
	pw, err := GeneratePassword(1, zeros)
	if err != nil {
		t.Fatal(err)
	}
	if want := "AntAnt22"; pw != want {
		t.Errorf("GeneratePassword(1, zeros): got %q, want %q", pw, want)
	}
	// All-zero bytes give "aaaa…" for older students, which lacks a capital and a digit;
	// the generator must keep drawing until the reader runs out rather than return it.
	if pw, err := GeneratePassword(9, bytes.NewReader(make([]byte, 1024))); err == nil {
		t.Errorf("GeneratePassword(9, zeros): got %q, want an error", pw)
	}
}

func TestKidWords(t *testing.T) {
	if got, want := len(kidWords), 300; got < want {
		t.Errorf("kidWords: got %d, want at least %d for enough combinations", got, want)
	}
	shape := regexp.MustCompile(`^[a-z]{3,7}$`)
	seen := map[string]bool{}
	for _, w := range kidWords {
		if !shape.MatchString(w) {
			t.Errorf("word %q: want 3 to 7 lower-case letters", w)
		}
		if strings.Contains(w, "l") || strings.HasPrefix(w, "i") || strings.HasPrefix(w, "o") {
			t.Errorf("word %q: becomes a look-alike once capitalised", w)
		}
		if seen[w] {
			t.Errorf("word %q: duplicate", w)
		}
		seen[w] = true
	}
}

func TestAlphabets(t *testing.T) {
	if strings.ContainsAny(strongChars, LookAlikes) {
		t.Errorf("strongChars %q: contains a look-alike", strongChars)
	}
	if got, want := len(strongChars), 26+26+10-len(LookAlikes); got != want {
		t.Errorf("strongChars: got %d characters, want %d", got, want)
	}
}

func TestUniform(t *testing.T) {
	// 0xFFFFFFFF is rejected for n = 3 (the last partial block), so the next value is used.
	r := bytes.NewReader([]byte{0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 5})
	got, err := uniform(r, 3)
	if err != nil || got != 2 {
		t.Errorf("uniform(3): got %d, %v, want 2, nil", got, err)
	}
	counts := make([]int, 7)
	for range 7000 {
		i, err := uniform(rand.Reader, 7)
		if err != nil {
			t.Fatal(err)
		}
		counts[i]++
	}
	for i, c := range counts {
		if c < 800 || c > 1200 {
			t.Errorf("uniform(7): value %d drawn %d times of 7000, want about 1000", i, c)
		}
	}
}

func TestGenerateDefaultPassword(t *testing.T) {
	young := regexp.MustCompile(`^[A-Z][a-z]{2,6}[A-Z][a-z]{2,6}[2-9]{2}$`)
	older := regexp.MustCompile(`^[A-Z][a-z]{2,6}[A-Z][a-z]{2,6}[A-Z][a-z]{2,6}[2-9]{3}$`)
	for _, tt := range []struct {
		grade int
		shape *regexp.Regexp
	}{{-5, young}, {0, young}, {5, young}, {6, older}, {13, older}, {-9, older}} {
		seen := map[string]bool{}
		for range 2000 {
			pw, err := GenerateDefaultPassword("tigerlily", []string{"Sunny", "Moon"}, tt.grade, rand.Reader)
			if err != nil {
				t.Fatalf("grade %d: got error %v", tt.grade, err)
			}
			if !tt.shape.MatchString(pw) {
				t.Errorf("grade %d: got %q, want it to match %s", tt.grade, pw, tt.shape)
			}
			if strings.ContainsAny(pw, LookAlikes) {
				t.Errorf("grade %d: got %q, want none of %q", tt.grade, pw, LookAlikes)
			}
			if vs := CheckPassword(PasswordCandidate{Password: pw, Username: "tigerlily", Names: []string{"Sunny", "Moon"}}); vs != nil {
				t.Errorf("grade %d: got %q failing %v", tt.grade, pw, rules(vs))
			}
			folded := strings.ToLower(pw)
			if strings.Contains(folded, "sunny") || strings.Contains(folded, "moon") {
				t.Errorf("grade %d: got %q, which contains a name", tt.grade, pw)
			}
			seen[pw] = true
		}
		if len(seen) < 1900 {
			t.Errorf("grade %d: got %d distinct of 2000, want nearly all", tt.grade, len(seen))
		}
	}
}

func TestGenerateDefaultPasswordRefuses(t *testing.T) {
	if _, err := GenerateDefaultPassword("x", nil, 14, rand.Reader); !errors.Is(err, ErrInvalidGrade) {
		t.Errorf("grade 14: got %v, want ErrInvalidGrade", err)
	}
	if _, err := GenerateDefaultPassword("x", nil, 9, bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("a short reader: got no error")
	}
	// All-zero bytes draw "AntAntAnt222" for grade 9 every time, which contains the name
	// "Ant": the generator keeps drawing until the reader runs out rather than return it.
	if pw, err := GenerateDefaultPassword("x", []string{"Ant"}, 9, bytes.NewReader(make([]byte, 4096))); err == nil {
		t.Errorf("zeros with the name Ant: got %q, want an error", pw)
	}
}
