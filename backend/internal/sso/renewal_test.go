package sso

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// oneSession is a SessionFinder holding one staff member, whose session may be signed out.
type oneSession struct {
	member  accounts.Staff
	revoked bool
}

func (o oneSession) StaffSession(_ context.Context, staffID, _ string) (accounts.Staff, bool, error) {
	if staffID != o.member.ID {
		return accounts.Staff{}, false, accounts.ErrNotFound
	}
	return o.member, o.revoked, nil
}

// TestFinishRenewalRefusesAnEndedSession: a renewal whose session ended while at the
// provider is refused before the code is exchanged (the provider's address goes nowhere),
// audited as a refused renewal by the staff member, and the renewal comes back so the
// browser can be sent on.
func TestFinishRenewalRefusesAnEndedSession(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	renewal := Renewal{StaffID: "staff-1", SessionID: "session-1", TokenVersion: 2, SignInAt: now.Add(-time.Hour), ReturnTo: "/staff"}
	for _, tc := range []struct {
		name     string
		sessions oneSession
		reason   string
	}{
		{"signed out", oneSession{member: accounts.Staff{ID: "staff-1", TokenVersion: 2}, revoked: true}, "session_signed_out"},
		{"password reset since", oneSession{member: accounts.Staff{ID: "staff-1", TokenVersion: 3}}, "session_version_changed"},
		{"account gone", oneSession{member: accounts.Staff{ID: "someone-else"}}, "staff_unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			states := memStates{}
			var trail memAudit
			s := &Service{
				Settings: Settings{Issuer: "https://127.0.0.1:1", ClientID: "portal", EmailDomain: "district.example"},
				States:   states, Staff: noStaff{}, Sessions: tc.sessions, Audit: &trail, Now: func() time.Time { return now },
			}
			r := renewal
			states[string(digest("the-state"))] = State{StateDigest: digest("the-state"), BrowserDigest: digest("the-browser"),
				Nonce: "n", Verifier: "v", CreatedAt: now, ExpiresAt: now.Add(StateTTL), Renewal: &r}
			out, err := s.Finish(context.Background(), Callback{Code: "c", State: "the-state", Browser: "the-browser"})
			var f *Failure
			if !errors.As(err, &f) || f.Code != CodeSessionEnded || f.Reason != tc.reason {
				t.Fatalf("got %v, want %s (%s)", err, CodeSessionEnded, tc.reason)
			}
			if out.Renewal == nil || out.Renewal.ReturnTo != "/staff" || out.Staff.ID != "" {
				t.Errorf("got %+v, want the renewal back and no staff member", out)
			}
			if len(trail) != 1 || trail[0].Action != renewAction || trail[0].ActorID != "staff-1" || trail[0].Outcome != audit.Refused ||
				trail[0].Reason != "sso:"+CodeSessionEnded+":"+tc.reason {
				t.Errorf("got audit %+v, want one refused renewal by staff-1", trail)
			}
		})
	}
}

// TestStartRenewalWhereThePortalsFactorIsRequired: the district's rule refuses a renewal
// through the provider before anything is stored or fetched.
func TestStartRenewalWhereThePortalsFactorIsRequired(t *testing.T) {
	states := memStates{}
	var trail memAudit
	s := &Service{
		Settings: Settings{Issuer: "https://127.0.0.1:1", ClientID: "portal", RequirePortalSecondFactor: true},
		States:   states, Audit: &trail,
	}
	_, err := s.StartRenewal(context.Background(), Renewal{StaffID: "staff-1", ReturnTo: "/staff"})
	var f *Failure
	if !errors.As(err, &f) || f.Code != CodeRenewalNotAllowed {
		t.Fatalf("got %v, want %s", err, CodeRenewalNotAllowed)
	}
	if len(states) != 0 || len(trail) != 1 || trail[0].ActorID != "staff-1" {
		t.Errorf("got %d states and audit %+v, want none stored and one refusal by staff-1", len(states), trail)
	}
}
