package badges

import (
	"bytes"
	"crypto/rand"
	"testing"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// TestDrawPictures: drawn pictures always pass the rules, and over many draws every picture
// comes in every position about as often (a biased draw would shrink the 3,360).
func TestDrawPictures(t *testing.T) {
	counts := [policy.PictureCount]map[string]int{{}, {}, {}}
	const draws = 48000
	for range draws {
		p, err := drawPictures(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if v := policy.CheckPictures(p); v != nil {
			t.Fatalf("drawn %v breaks %v", p, v)
		}
		for i, id := range p {
			counts[i][id]++
		}
	}
	for i, c := range counts {
		for _, id := range policy.PictureIDs {
			// 3,000 expected; 5 standard deviations is about ±270.
			if n := c[id]; n < 2700 || n > 3300 {
				t.Errorf("position %d, %s: drawn %d times of %d, want about %d", i, id, n, draws, draws/16)
			}
		}
	}
	if _, err := drawPictures(bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("a short random source: no error")
	}
}

// TestDisplayNameAndClassCode: a class page shows first name and last initial (of a
// surname that starts with a letter outside ASCII too); a typed class code is read in any
// case, with spaces and dashes ignored.
func TestDisplayNameAndClassCode(t *testing.T) {
	for _, tt := range [][3]string{{"Maya", "Rodríguez", "Maya R."}, {" Leo ", "Ñúñez", "Leo Ñ."}, {"Ana", "", "Ana"}} {
		if got := DisplayName(tt[0], tt[1]); got != tt[2] {
			t.Errorf("DisplayName(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
	for _, in := range []string{"HAPPY234", "happy234", " happy-234 ", "HAP PY23 4"} {
		if got := normalizeClassCode(in); got != "HAPPY234" {
			t.Errorf("normalizeClassCode(%q) = %q, want HAPPY234", in, got)
		}
	}
}
