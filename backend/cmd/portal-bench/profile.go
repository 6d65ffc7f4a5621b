package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuProfile is a CPU profile of the server being taken.
type cpuProfile struct {
	path string
	done chan error
}

// startCPUProfile asks the server's profiler (beside its metrics, never on
// the public address) for a CPU profile of the next d, rounded down to whole
// seconds and at least one, and saves it to path when it arrives.
func startCPUProfile(ctx context.Context, metricsURL, path string, d time.Duration) *cpuProfile {
	p := &cpuProfile{path: path, done: make(chan error, 1)}
	url := fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", strings.TrimSuffix(metricsURL, "/metrics"), max(1, int(d.Seconds())))
	go func() { p.done <- fetchTo(ctx, url, path) }()
	return p
}

// wait returns once the profile is saved, or why it could not be.
func (p *cpuProfile) wait() error { return <-p.done }

func fetchTo(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("CPU profile: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("CPU profile: %s %s", resp.Status, strings.TrimSpace(string(body)))
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("CPU profile: %w", err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("CPU profile: save %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("CPU profile: save %s: %w", path, err)
	}
	return nil
}

// gcCycles reads the number of garbage collections the server has finished
// from its metrics (go_gc_duration_seconds_count); -1 when it cannot.
func gcCycles(ctx context.Context, metricsURL string) int64 {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metricsURL, nil)
	if err != nil {
		return -1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "go_gc_duration_seconds_count "); ok {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return n
			}
		}
	}
	return -1
}
