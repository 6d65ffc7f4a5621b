package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// attackTries is how many picture combinations the attack sends; attackWorkers send them
// at once.
const (
	attackTries   = 10000
	attackWorkers = 64
)

// TestPicturesAttack: 10,000 picture combinations against one child, sent by 64 concurrent
// clients through the HTTP server, each try from its own address (the portal trusts the
// loopback proxy's X-Forwarded-For, so the per-address throttle stays out of the way and
// only the per-student lock stands). The right combination is sent twice: after the first
// hundred tries and as the very last. Exactly 5 wrong tries are counted (4 answer 401, the
// fifth locks and answers 423), every other answer is 423, the right ones included, and
// nothing signs in; after a staff unlock the
// right combination signs in.
func TestPicturesAttack(t *testing.T) {
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	h := apitest.New(t, apitest.WithPoolSize(24), apitest.WithConfig(func(c *config.Config) {
		c.TrustedProxies = []*net.IPNet{loopback}
	}))
	child := h.Student(apitest.StudentOpts{Grade: 1})
	teacher := h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "K-ATTACK", StudentIDs: []string{child.ID}}}})
	tc := h.Client()
	tc.SignInStaff(teacher)
	right := []string{"moon", "rocket", "apple"}
	setPictures(t, tc, child.ID, right)

	bodies := attackBodies(child.Username, right)
	url := h.Server.URL + "/api/v1/session/pictures"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: attackWorkers}}
	statuses := make([]string, len(bodies))
	next := make(chan int)
	var wg sync.WaitGroup
	for range attackWorkers {
		wg.Go(func() {
			for i := range next {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i/65536, (i/256)%256, i%256))
				resp, err := client.Do(req)
				if err != nil {
					statuses[i] = err.Error()
					continue
				}
				var body struct{ Code string }
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				_ = json.Unmarshal(raw, &body)
				statuses[i] = fmt.Sprintf("%d %s", resp.StatusCode, body.Code)
			}
		})
	}
	start := time.Now()
	for i := range bodies {
		next <- i
	}
	close(next)
	wg.Wait()
	t.Logf("%d tries in %v", len(bodies), time.Since(start))

	got := map[string]int{}
	for _, s := range statuses {
		got[s]++
	}
	want := map[string]int{"401 pictures_invalid": policy.MaxPictureTries - 1, "423 pictures_locked": attackTries - policy.MaxPictureTries + 1}
	if !maps.Equal(got, want) {
		t.Errorf("answers to %d tries: %v, want %v", attackTries, got, want)
	}
	for _, i := range []int{attackRightAt, attackTries - 1} {
		if statuses[i] != "423 pictures_locked" {
			t.Errorf("the right combination at try %d: %s, want 423 pictures_locked", i+1, statuses[i])
		}
	}
	if row, _ := pictureRowOf(t, h, child.ID); row.tries != policy.MaxPictureTries || !row.locked || row.used {
		t.Errorf("after the attack: %+v, want %d tries, locked, never used", row, policy.MaxPictureTries)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'pictures_locked' and subject_id = $1`, child.ID); n != 1 {
		t.Errorf("lock events: %d, want 1", n)
	}

	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+child.ID+"/pictures/unlock", nil), 200, "")
	if _, r := pictureSignIn(h, byUsername(child.Username, right), "X-Forwarded-For", "192.0.2.1"); r.Status != 200 {
		t.Errorf("the right pictures after unlock: %d %s, want 200", r.Status, r.Raw)
	}
}

// attackRightAt is where the right combination first comes in the attack: after the first
// hundred tries.
const attackRightAt = 137

// attackBodies are attackTries sign-in bodies for username: combinations of 3 different
// pictures in a shuffled order (each one of the 3,360 comes about 3 times), none the right
// one except at attackRightAt and at the very end.
func attackBodies(username string, right []string) [][]byte {
	var all [][]string
	for _, a := range policy.PictureIDs {
		for _, b := range policy.PictureIDs {
			for _, c := range policy.PictureIDs {
				if a != b && b != c && a != c && !slices.Equal([]string{a, b, c}, right) {
					all = append(all, []string{a, b, c})
				}
			}
		}
	}
	out := make([][]byte, attackTries)
	for i := range out {
		p := all[(i*7919)%len(all)]
		if i == attackRightAt || i == attackTries-1 {
			p = right
		}
		out[i], _ = json.Marshal(byUsername(username, p))
	}
	return out
}

// TestPicturesBurstThrottle: 150 picture sign-ins at once from one address: exactly 120
// are looked up (401), the other 30 wait for the window (429 pictures_throttled with a
// retryAt within the minute), and the address's counter stands at 120. A class page asked
// from that address then waits too.
func TestPicturesBurstThrottle(t *testing.T) {
	h := apitest.New(t, apitest.WithPoolSize(burstSize+8))
	c := h.Client()
	const n = badges.PictureTriesPerMinute + 30
	got, responses := burst(t, n, func(i int) (apitest.Response, error) {
		return c.ForgotPost("/api/v1/session/pictures", byUsername(fmt.Sprintf("nobody%d", i), []string{"cat", "dog", "fish"}))
	})
	want := map[string]int{"401 pictures_invalid": badges.PictureTriesPerMinute, "429 pictures_throttled": n - badges.PictureTriesPerMinute}
	if !maps.Equal(got, want) {
		t.Errorf("answers to %d tries at once: %v, want %v", n, got, want)
	}
	for _, r := range responses {
		if r.Status == 429 {
			at, err := time.Parse(time.RFC3339, r.String("retryAt"))
			if err != nil || time.Until(at) <= 0 || time.Until(at) > time.Minute {
				t.Errorf("retryAt %q: want within the next minute", r.String("retryAt"))
			}
		}
	}
	if got := h.Count(`select tries from badge_attempts where attempt_key like 'picture-ip:%'`); got != badges.PictureTriesPerMinute {
		t.Errorf("tries counted: %d, want %d", got, badges.PictureTriesPerMinute)
	}
	c.Expect(c.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": "ZZZZZZZZ"}), 429, "pictures_throttled")
	// The badge throttle is another count.
	c.Expect(c.Do(http.MethodPost, "/api/v1/session/badge", map[string]string{"token": "not-a-badge"}), 401, "badge_invalid")
}

// TestPicturesThrottleIgnoresForwardedFor: without a trusted proxy (the default), a client
// that names a new address in X-Forwarded-For on every try is still one address.
func TestPicturesThrottleIgnoresForwardedFor(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	for i := range badges.PictureTriesPerMinute + 1 {
		r := c.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": "ZZZZZZZZ"}, "X-Forwarded-For", fmt.Sprintf("203.0.%d.%d", i/256, i%256))
		want := 404
		if i == badges.PictureTriesPerMinute {
			want = 429
		}
		if r.Status != want {
			t.Fatalf("try %d with a new forwarded address: %d %s, want %d", i+1, r.Status, r.Raw, want)
		}
	}
}
