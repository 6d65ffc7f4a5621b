package httpapi_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/badges"
)

// TestBurstBadgeSignIn sends 40 wrong tokens at once from one address: exactly 30 are
// looked up (401 badge_invalid), the other 10 wait for the window (429 badge_throttled),
// and the counter stands at 30.
func TestBurstBadgeSignIn(t *testing.T) {
	h := burstHarness(t)
	c := h.Client()
	got, responses := burst(t, burstSize, func(i int) (apitest.Response, error) {
		raw := make([]byte, 32)
		_, _ = rand.Read(raw)
		return c.ForgotPost("/api/v1/session/badge", map[string]string{"token": base64.RawURLEncoding.EncodeToString(raw)})
	})
	burstExpect(t, got, map[string]int{"401 badge_invalid": badges.TriesPerMinute, "429 badge_throttled": burstSize - badges.TriesPerMinute})
	for _, r := range responses {
		if r.Status == 429 {
			at, err := time.Parse(time.RFC3339, r.String("retryAt"))
			if err != nil || time.Until(at) <= 0 || time.Until(at) > time.Minute {
				t.Errorf("retryAt %q: want within the next minute", r.String("retryAt"))
			}
		}
	}
	if n := h.Count(`select tries from badge_attempts`); n != badges.TriesPerMinute {
		t.Errorf("tries counted: %d, want %d", n, badges.TriesPerMinute)
	}
}

// TestBadgeRandomTokens: 10,000 random well-formed tokens, each from its own address so the
// throttle stays out of the way, through the service: none signs in, whatever badges are
// live.
func TestBadgeRandomTokens(t *testing.T) {
	w := newBadgeWorld(t)
	tc := w.h.StaffClient(w.teacher)
	issue(t, tc, w.young.ID)
	svc := w.h.Portal.Badges
	var successes, others atomic.Int64
	var wg sync.WaitGroup
	const workers, each = 8, 1250
	for g := range workers {
		wg.Go(func() {
			raw := make([]byte, 32)
			for i := range each {
				_, _ = rand.Read(raw)
				_, err := svc.SignIn(context.Background(), base64.RawURLEncoding.EncodeToString(raw), fmt.Sprintf("10.%d.%d.%d", g, i/256, i%256))
				switch {
				case err == nil:
					successes.Add(1)
				case !errors.Is(err, badges.ErrInvalid):
					others.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if successes.Load() != 0 || others.Load() != 0 {
		t.Errorf("10,000 random tokens: %d signed in, %d other errors; want none", successes.Load(), others.Load())
	}
}

// TestBadgeThrottleIgnoresForwardedFor: without a trusted proxy (the default), a client
// that names a new address in X-Forwarded-For on every try is still one address: its 31st
// try in a minute waits.
func TestBadgeThrottleIgnoresForwardedFor(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	for i := range badges.TriesPerMinute + 1 {
		r := c.Do("POST", "/api/v1/session/badge", map[string]string{"token": "not-a-badge"}, "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))
		want := 401
		if i == badges.TriesPerMinute {
			want = 429
		}
		if r.Status != want {
			t.Fatalf("try %d with a new forwarded address: %d %s, want %d", i+1, r.Status, r.Raw, want)
		}
	}
}
