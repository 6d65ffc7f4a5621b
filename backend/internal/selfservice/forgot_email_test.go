package selfservice_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/selfservice"
)

// unitEmail is the school email the test env gives a student.
func unitEmail(username string) string {
	return username + "@students.unit.example"
}

func questionIDs(qs []policy.Question) []string {
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	return ids
}

// TestForgotByEmailSharesTheUsernamesLock: the school email starts the same
// flow as the username (the same questions, the same counter), so five wrong
// PINs typed after the email lock the username too, and the other way round.
func TestForgotByEmailSharesTheUsernamesLock(t *testing.T) {
	e := newForgotEnv(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	e.svc.Now = func() time.Time { return now }
	const pin, wrongPIN = "583920", "694102"

	for _, tc := range []struct {
		name        string
		first, then func(string) string
	}{
		{"email, then username", unitEmail, strings.ToUpper},
		{"username, then email", strings.ToUpper, func(u string) string { return " " + strings.ToUpper(unitEmail(u)) + " " }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			username := e.student(7, pin, forgotUnitAnswers)
			flow, qs, err := e.svc.Start(ctx, tc.first(username))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := questionIDs(qs), []string{"first-pet", "birth-city", "grandmother-name"}; !slices.Equal(got, want) {
				t.Errorf("got questions %v, want the student's own %v", got, want)
			}
			for i := range 5 {
				if _, err := e.svc.Verify(ctx, flow, selfservice.MethodPIN, wrongPIN, nil); !errors.Is(err, selfservice.ErrVerificationFailed) {
					t.Fatalf("try %d: got %v, want ErrVerificationFailed", i+1, err)
				}
			}
			other, _, err := e.svc.Start(ctx, tc.then(username))
			if err != nil {
				t.Fatal(err)
			}
			e.hasher.reset()
			_, err = e.svc.Verify(ctx, other, selfservice.MethodPIN, pin, nil)
			var locked *selfservice.LockedError
			if !errors.As(err, &locked) || !locked.Until.Equal(now.Add(15*time.Minute)) {
				t.Errorf("right PIN by the other name: got %v, want locked until %v", err, now.Add(15*time.Minute))
			}
			if n := e.hasher.verify.Load() + e.hasher.verifyDummy.Load(); n != 0 {
				t.Errorf("got %d verifications while locked, want 0", n)
			}
		})
	}
}

// TestForgotUnknownEmailLooksLikeUnknownUsername: an email no student has gets
// three different catalogue questions, the same on every visit and whatever
// its case, and locks after five wrong tries like any username.
func TestForgotUnknownEmailLooksLikeUnknownUsername(t *testing.T) {
	e := newForgotEnv(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	e.svc.Now = func() time.Time { return now }
	for _, typed := range []string{"nosuchunitkid@students.unit.example", "nosuchunitkid"} {
		flow, qs, err := e.svc.Start(ctx, typed)
		if err != nil {
			t.Fatal(err)
		}
		_, again, err := e.svc.Start(ctx, "  "+strings.ToUpper(typed))
		if err != nil {
			t.Fatal(err)
		}
		ids := questionIDs(qs)
		if len(ids) != 3 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 3 {
			t.Errorf("%s: got questions %v, want three different ones", typed, ids)
		}
		if !slices.Equal(ids, questionIDs(again)) {
			t.Errorf("%s: got %v, then %v typed in capitals, want the same", typed, ids, questionIDs(again))
		}
		for _, q := range qs {
			if q.EN == "" || q.ES == "" {
				t.Errorf("%s: question %+v has no text", typed, q)
			}
		}
		for range 5 {
			if _, err := e.svc.Verify(ctx, flow, selfservice.MethodPIN, "694102", nil); !errors.Is(err, selfservice.ErrVerificationFailed) {
				t.Fatalf("%s: got %v, want ErrVerificationFailed", typed, err)
			}
		}
		var locked *selfservice.LockedError
		if _, err := e.svc.Verify(ctx, flow, selfservice.MethodPIN, "583920", nil); !errors.As(err, &locked) {
			t.Errorf("%s: got %v after five wrong PINs, want locked", typed, err)
		}
	}
}
