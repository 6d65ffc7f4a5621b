package tokens

import (
	"errors"
	"testing"
	"time"
)

// TestIssueStaff: a staff token carries its sign-in and second-factor times; a re-issued one
// keeps its session id; a pending token is not a session, nor a session a pending token.
func TestIssueStaff(t *testing.T) {
	i := testIssuerAt(t, testNow, testKey(t, "k1"))
	times := StaffTimes{SignInAt: testNow.Add(-time.Hour), SecondFactorAt: testNow.Add(-time.Minute)}
	tok, c, err := i.IssueStaff(Session, "staff-1", 2, times, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got, err := i.Parse(Session, tok)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != "staff" || got.Version != 2 || !got.SignInAt.Equal(times.SignInAt) ||
		!got.SecondFactorAt.Equal(times.SecondFactorAt) || !got.ExpiresAt.Equal(testNow.Add(30*time.Minute)) {
		t.Errorf("got claims %+v, want staff v2 with the times and a 30-minute expiry", got)
	}
	times.SessionID = c.ID
	_, again, err := i.IssueStaff(Session, "staff-1", 2, times, time.Minute)
	if err != nil || again.ID != c.ID {
		t.Errorf("re-issued: got id %q (%v), want %q", again.ID, err, c.ID)
	}
	if _, err := i.Parse(StaffPending, tok); !errors.Is(err, ErrInvalid) {
		t.Errorf("a session parsed as pending: got %v, want ErrInvalid", err)
	}
	pending, _, err := i.IssueStaff(StaffPending, "staff-1", 2, StaffTimes{}, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := i.Parse(Session, pending); !errors.Is(err, ErrInvalid) {
		t.Errorf("a pending token parsed as a session: got %v, want ErrInvalid", err)
	}
	if p, err := i.Parse(StaffPending, pending); err != nil || p.SignInAt != nil || p.SecondFactorAt != nil {
		t.Errorf("pending: got %+v %v, want no session times", p, err)
	}
}
