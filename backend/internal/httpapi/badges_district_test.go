package httpapi_test

import (
	"testing"
)

// TestBadgeOfAnotherDistrict: each district runs its own portal on its own database, so a
// badge another district's portal issued is a token this one never stored: it gets the same
// 401 badge_invalid as a guess, and no session. (The
// SPA's scanner refuses such a badge before it is sent: its address is another origin.)
func TestBadgeOfAnotherDistrict(t *testing.T) {
	theirs := newBadgeWorld(t)
	ours := newBadgeWorld(t)
	token, _ := issue(t, theirs.h.StaffClient(theirs.teacher), theirs.young.ID)

	_, r := badgeSignIn(ours.h, token)
	if r.Status != 401 || r.Code() != "badge_invalid" || r.Header.Get("Set-Cookie") != "" {
		t.Errorf("another district's badge here: got %d %s, want 401 badge_invalid and no cookie", r.Status, r.Raw)
	}
	if _, r := badgeSignIn(theirs.h, token); r.Status != 200 {
		t.Errorf("the badge at its own district: got %d %s, want 200", r.Status, r.Raw)
	}
}
