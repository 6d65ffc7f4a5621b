package sso

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// memStates is a StateStore in memory.
type memStates map[string]State

func (m memStates) SaveState(_ context.Context, st State) error {
	m[string(st.StateDigest)] = st
	return nil
}

func (m memStates) TakeState(_ context.Context, d []byte) (State, error) {
	st, ok := m[string(d)]
	if !ok {
		return State{}, ErrStateInvalid
	}
	delete(m, string(d))
	return st, nil
}

type memAudit []audit.Event

func (a *memAudit) Record(_ context.Context, e audit.Event) error {
	*a = append(*a, e)
	return nil
}

type noStaff struct{}

func (noStaff) StaffByEmail(context.Context, string) (accounts.Staff, error) {
	return accounts.Staff{}, accounts.ErrNotFound
}

// TestFinishRefusesBeforeTheProvider: the checks that need no provider (the state, the
// provider's error, the response's issuer) refuse with their codes, audit, and spend the
// state. The provider's address goes nowhere: a test that reached it would fail.
func TestFinishRefusesBeforeTheProvider(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		cb        Callback
		age       time.Duration
		code      string
		reason    string
		stateKept bool
	}{
		{name: "expired", cb: Callback{Code: "c"}, age: StateTTL, code: CodeStateInvalid, reason: "state_expired"},
		{name: "another browser", cb: Callback{Code: "c", Browser: "someone-else"}, code: CodeStateInvalid, reason: "state_other_browser"},
		{name: "no cookie", cb: Callback{Code: "c", Browser: "-"}, code: CodeStateInvalid, reason: "state_other_browser"},
		{name: "unknown state", cb: Callback{Code: "c", State: "made-up"}, code: CodeStateInvalid, reason: "state_unknown_or_used", stateKept: true},
		{name: "cancelled", cb: Callback{Error: "access_denied"}, code: CodeDenied, reason: "access_denied"},
		{name: "provider in trouble", cb: Callback{Error: "temporarily_unavailable"}, code: CodeProviderUnavailable, reason: "temporarily_unavailable"},
		{name: "an error code that is not one", cb: Callback{Error: "<script>"}, code: CodeDenied, reason: "provider_error"},
		{name: "another issuer's response", cb: Callback{Code: "c", Issuer: "https://evil.example"}, code: CodeTokenInvalid, reason: "response_issuer_mismatch"},
		{name: "no code", cb: Callback{}, code: CodeTokenInvalid, reason: "no_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			states := memStates{}
			var trail memAudit
			s := &Service{
				Settings: Settings{Issuer: "https://127.0.0.1:1", ClientID: "portal", EmailDomain: "district.example"},
				States:   states, Staff: noStaff{}, Audit: &trail, Now: func() time.Time { return now },
			}
			states[string(digest("the-state"))] = State{StateDigest: digest("the-state"), BrowserDigest: digest("the-browser"),
				Nonce: "n", Verifier: "v", CreatedAt: now.Add(-tc.age), ExpiresAt: now.Add(-tc.age).Add(StateTTL)}
			cb := tc.cb
			if cb.State == "" {
				cb.State = "the-state"
			}
			switch cb.Browser {
			case "":
				cb.Browser = "the-browser"
			case "-":
				cb.Browser = ""
			}
			_, err := s.Finish(context.Background(), cb)
			var f *Failure
			if !errors.As(err, &f) || f.Code != tc.code || f.Reason != tc.reason {
				t.Fatalf("got %v, want %s (%s)", err, tc.code, tc.reason)
			}
			if len(trail) != 1 || trail[0].Outcome != audit.Refused || trail[0].Reason != tc.code+":"+tc.reason ||
				trail[0].Action != "staff_sign_in_sso" {
				t.Errorf("got audit %+v, want one refusal %s:%s", trail, tc.code, tc.reason)
			}
			if _, kept := states[string(digest("the-state"))]; kept != tc.stateKept {
				t.Errorf("got state kept %v, want %v", kept, tc.stateKept)
			}
		})
	}
}

func TestNotConfigured(t *testing.T) {
	s := &Service{}
	if _, err := s.Start(context.Background()); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("Start: got %v, want ErrNotConfigured", err)
	}
	if _, err := s.Finish(context.Background(), Callback{}); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("Finish: got %v, want ErrNotConfigured", err)
	}
	if _, err := s.Check(context.Background()); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("Check: got %v, want ErrNotConfigured", err)
	}
}

func TestEmailVerified(t *testing.T) {
	for raw, want := range map[string]bool{`true`: true, `"true"`: true, `false`: false, `"false"`: false, ``: false, `1`: false} {
		if got := (emailClaims{EmailVerified: []byte(raw)}).verified(); got != want {
			t.Errorf("email_verified %s: got %v, want %v", raw, got, want)
		}
	}
}
