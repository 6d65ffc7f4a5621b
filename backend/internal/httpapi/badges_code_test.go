package httpapi_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"
)

// TestBadgeCodeClashDrawsAnother: a new badge whose printed code another live badge has
// gets a fresh code instead of a 500, and both badges go on signing in.
func TestBadgeCodeClashDrawsAnother(t *testing.T) {
	w := newBadgeWorld(t)
	first, firstCode := issue(t, w.h.StaffClient(w.teacher), w.young.ID)

	// The next draw: a token, then the first badge's code again (each letter's index in the
	// printed alphabet, padded with bytes the draw rejects), then real randomness.
	const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	clash := make([]byte, 32, 48)
	for _, r := range firstCode {
		clash = append(clash, byte(strings.IndexRune(alphabet, r)))
	}
	clash = append(clash, bytes.Repeat([]byte{255}, 8)...)
	svc := w.h.Portal.Badges
	svc.Random = io.MultiReader(bytes.NewReader(clash), rand.Reader)
	t.Cleanup(func() { svc.Random = nil })

	second, secondCode := issue(t, w.h.StaffClient(w.other), w.elsewhere.ID)
	if secondCode == firstCode || len(secondCode) != len(firstCode) {
		t.Fatalf("second badge's code %q, first's %q: want a different code of the same length", secondCode, firstCode)
	}
	for _, token := range []string{first, second} {
		clearBadgeTries(t, w.h)
		if _, r := badgeSignIn(w.h, token); r.Status != 200 {
			t.Errorf("badge sign-in after a code clash: %d %s", r.Status, r.Raw)
		}
	}
}
