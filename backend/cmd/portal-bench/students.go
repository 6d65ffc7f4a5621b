package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/schoolpass/portal/backend/internal/testapi"
)

// benchPassword is the password of every student the bench creates: a
// target then needs only the username.
const benchPassword = "Lantern-Meadow-86"

// The sign-in throttle claims each attempt as a failure before the password
// is checked, so an account with more than policy.SignInFreeFailures sign-ins
// in flight gets 429 for the extras. Real load is many students signing in at
// once, each a few times at most; the bench spreads its sign-ins the same way.
const (
	// burstRightPerStudent and burstWrongPerStudent are each created
	// student's sign-ins in every ten of the burst: 9 in flight at most, and
	// the tenth sign-in is an unknown username.
	burstRightPerStudent = 7
	burstWrongPerStudent = 2
	burstGroup           = 10
)

// signInStudents is how many students benchmark 1 rotates its clients over:
// twice the clients, so no account has more than a couple of sign-ins in
// flight (as many as the clients in a smoke run, where only a working bench
// matters).
func (o options) signInStudents() int {
	if o.smoke {
		return o.signInClients
	}
	return 2 * o.signInClients
}

// burstStudents is how many students a burst of n sign-ins needs: one for
// every burstGroup sign-ins.
func burstStudents(n int) int { return (n + burstGroup - 1) / burstGroup }

// createStudents creates n students with benchPassword through the server's
// test API (POST /api/test/students; on only because the bench's server is a
// throwaway with its own temporary data folder). Each password is hashed at
// production cost, so a few are created at a time, enough to keep the
// server's cores busy.
func createStudents(ctx context.Context, client *http.Client, base string, n int) ([]credentials, error) {
	body, err := json.Marshal(testapi.StudentRequest{Password: benchPassword})
	if err != nil {
		return nil, err
	}
	students := make([]credentials, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, 2*runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				students[i], errs[i] = createStudent(ctx, client, base, body)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return students, nil
}

func createStudent(ctx context.Context, client *http.Client, base string, body []byte) (credentials, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+testapi.Path, bytes.NewReader(body))
	if err != nil {
		return credentials{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return credentials{}, fmt.Errorf("create a student: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return credentials{}, fmt.Errorf("create a student: POST %s: %s %s", testapi.Path, resp.Status, bytes.TrimSpace(data))
	}
	var st testapi.Student
	if err := json.Unmarshal(data, &st); err != nil || st.Username == "" {
		return credentials{}, fmt.Errorf("create a student: no username in %s", bytes.TrimSpace(data))
	}
	return credentials{st.Username, benchPassword}, nil
}

// timedStudents creates n students and notes how long it took in r.
func timedStudents(ctx context.Context, r *benchResult, client *http.Client, base string, n int) ([]credentials, error) {
	began := time.Now()
	students, err := createStudents(ctx, client, base, n)
	if err == nil {
		r.info("created %d students with one known password through the test API in %.1f s (not measured)",
			n, time.Since(began).Seconds())
	}
	return students, err
}

// burstTargets are n sign-ins in a fixed random order, in groups of ten
// over the students (burstStudents(n) of them): burstRightPerStudent right
// passwords, burstWrongPerStudent wrong ones and one unknown username (it
// fails after a dummy hash). No student has 10 sign-ins in flight, so none
// meets the throttle, whatever the order; 70 % of the sign-ins are right.
func burstTargets(base string, n int, students []credentials) (targets []vegeta.Target, right, wrong int) {
	for i := range n {
		c := students[i/burstGroup]
		switch k := i % burstGroup; {
		case k < burstRightPerStudent:
			right++
		case k < burstRightPerStudent+burstWrongPerStudent:
			c.Password = fmt.Sprintf("Wrong-Guess-%02d", k)
		default:
			c = credentials{fmt.Sprintf("nobody%05d", i/burstGroup), "Unknown-User-42"}
		}
		targets = append(targets, signInTarget(base, c))
	}
	rnd := rand.New(rand.NewPCG(2026, 1000))
	rnd.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
	return targets, right, n - right
}
