package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// newClient returns an HTTP client for conns concurrent requests to one
// host: every connection stays open between requests, none is capped.
func newClient(conns int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			MaxIdleConns:        conns + 16,
			MaxIdleConnsPerHost: conns + 16,
			MaxConnsPerHost:     0,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
			ForceAttemptHTTP2:   false,
		},
		// Answers are checked as they come; redirects would be a bug.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// attacker is a vegeta attacker with exactly workers concurrent clients on
// client's connections: with the rate-0 pacer each client sends its next
// request as soon as the previous one is answered. Answers are read to the
// end but not kept (only the status counts): the bench shares the CPUs with
// the server and should spend as little as it can.
func attacker(client *http.Client, workers int) *vegeta.Attacker {
	return vegeta.NewAttacker(
		vegeta.Client(client),
		vegeta.Workers(uint64(workers)),
		vegeta.MaxWorkers(uint64(workers)),
		vegeta.MaxBody(0),
	)
}

// maxRate is vegeta's "as fast as the workers go" pacer.
var maxRate vegeta.Pacer = vegeta.ConstantPacer{}

// hits is a pacer sending n requests as fast as the workers take them, then
// stopping: with n workers, n simultaneous requests.
type hits int

func (n hits) Pace(_ time.Duration, sent uint64) (time.Duration, bool) { return 0, sent >= uint64(n) }

// Rate is vegeta's instantaneous rate; zero stands for unbounded.
func (hits) Rate(time.Duration) float64 { return 0 }

// summary is what we keep of an attack's results.
type summary struct {
	Requests int            `json:"requests"`
	OK       int            `json:"ok"`
	Codes    map[string]int `json:"statusCodes"`
	Errors   map[string]int `json:"errors,omitempty"`

	latencies []time.Duration
	began     time.Time // the first request's start
	ended     time.Time // the last answer's end
}

// runAttack runs an attack until du passes (zero: until the pacer stops or
// ctx ends) and summarizes it; ok tells a good answer.
func runAttack(ctx context.Context, a *vegeta.Attacker, tr vegeta.Targeter, p vegeta.Pacer, du time.Duration,
	name string, ok func(*vegeta.Result) bool) *summary {
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	s := &summary{Codes: map[string]int{}, Errors: map[string]int{}}
	for r := range a.Attack(tr, p, du, name) {
		s.add(r, ok)
	}
	return s
}

func (s *summary) add(r *vegeta.Result, ok func(*vegeta.Result) bool) {
	s.Requests++
	s.Codes[strconv.Itoa(int(r.Code))]++
	if ok(r) {
		s.OK++
	} else if r.Error != "" && r.Code == 0 && len(s.Errors) < 10 {
		s.Errors[r.Error]++
	}
	s.latencies = append(s.latencies, r.Latency)
	if s.began.IsZero() || r.Timestamp.Before(s.began) {
		s.began = r.Timestamp
	}
	if end := r.End(); end.After(s.ended) {
		s.ended = end
	}
}

// wall is the time from the first request's start to the last answer.
func (s *summary) wall() time.Duration { return s.ended.Sub(s.began) }

// okRate is good answers per second of wall time.
func (s *summary) okRate() float64 {
	if w := s.wall().Seconds(); w > 0 {
		return float64(s.OK) / w
	}
	return 0
}

// quantile is the exact q-quantile (nearest rank) of every request's latency,
// good or not.
func (s *summary) quantile(q float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	if !slices.IsSorted(s.latencies) {
		slices.Sort(s.latencies)
	}
	i := int(float64(len(s.latencies))*q+0.999999) - 1
	return s.latencies[max(0, min(i, len(s.latencies)-1))]
}

func (s *summary) latencyDetails() map[string]float64 {
	return map[string]float64{
		"p50Ms": ms(s.quantile(0.50)), "p90Ms": ms(s.quantile(0.90)), "p99Ms": ms(s.quantile(0.99)),
		"maxMs": ms(s.quantile(1)),
	}
}

func (s *summary) describe() string {
	return fmt.Sprintf("%d requests in %.2f s, status codes %v, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
		s.Requests, s.wall().Seconds(), s.Codes, ms(s.quantile(0.5)), ms(s.quantile(0.99)), ms(s.quantile(1)))
}

func codeIs(code uint16) func(*vegeta.Result) bool {
	return func(r *vegeta.Result) bool { return r.Code == code }
}

// credentials are a demo sign-in.
type credentials struct{ Login, Password string }

// namedStudents are the demo students `make run` prints; sofiar3157 still has
// her school default password and must change it, so her session cannot read
// the account page.
var namedStudents = []credentials{
	{"mayag2024", "Orchard-Lamp-73"},
	{"danielo4821", "Harbor-Kite-58"},
	{"leoc6420", "HappyPanda52"},
	{"sofiar3157", "MangoRocket38"},
}

func signInTarget(base string, c credentials) vegeta.Target {
	body, _ := json.Marshal(map[string]string{"login": c.Login, "password": c.Password})
	return vegeta.Target{
		Method: http.MethodPost, URL: base + "/api/v1/session", Body: body,
		Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}},
	}
}

// signIn signs in once and returns the session cookie's value.
func signIn(ctx context.Context, client *http.Client, base string, c credentials) (string, error) {
	t := signInTarget(base, c)
	req, err := http.NewRequestWithContext(ctx, t.Method, t.URL, bytes.NewReader(t.Body))
	if err != nil {
		return "", err
	}
	req.Header = t.Header
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("sign in as %s: %w", c.Login, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("sign in as %s: %s %s", c.Login, resp.Status, bytes.TrimSpace(body))
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "portal_session" && ck.Value != "" {
			return ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign in as %s: no portal_session cookie in the answer", c.Login)
}

// get fetches url with the session cookie and checks for 200.
func get(ctx context.Context, client *http.Client, url, cookie string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", "portal_session="+cookie)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s %s", url, resp.Status, bytes.TrimSpace(body))
	}
	return nil
}
