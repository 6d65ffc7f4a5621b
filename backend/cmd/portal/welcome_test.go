package main

import (
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/banner"
	"github.com/schoolpass/portal/backend/internal/config"
)

// TestWelcomeBannerParses reads the real banner with the parsers the bench
// (cmd/portal-bench) and the tests use, so a change of the banner that they
// no longer understand fails here rather than in `make bench`.
func TestWelcomeBannerParses(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cfg         config.Config
		addr        string
		wantURL     string
		wantMetrics string
	}{
		{"metrics off", config.Config{}, "127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"metrics on", config.Config{MetricsAddr: "127.0.0.1:9464"}, "127.0.0.1:40123", "http://127.0.0.1:40123", "http://127.0.0.1:9464/metrics"},
		{"demo district", config.Config{Demo: true}, "[::1]:8080", "http://[::1]:8080", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			printWelcome(&out, tc.cfg, &infra{}, tc.addr, tc.cfg.MetricsAddr, false)
			if got, _ := banner.ListeningURL(out.String()); got != tc.wantURL {
				t.Errorf("got listening URL %q, want %q from the banner:\n%s", got, tc.wantURL, out.String())
			}
			if got, _ := banner.MetricsURL(out.String()); got != tc.wantMetrics {
				t.Errorf("got metrics URL %q, want %q from the banner:\n%s", got, tc.wantMetrics, out.String())
			}
		})
	}
}
