package config

import (
	"strings"
	"testing"
)

func TestLoadMetrics(t *testing.T) {
	for _, tc := range []struct {
		name      string
		env       map[string]string
		wantAddr  string
		wantPprof bool
		wantErr   string
	}{
		{name: "off by default"},
		{name: "an internal address", env: map[string]string{"PORTAL_METRICS_ADDR": "10.0.0.5:9464"}, wantAddr: "10.0.0.5:9464"},
		{name: "with the profiler", env: map[string]string{"PORTAL_METRICS_ADDR": "127.0.0.1:0", "PORTAL_PPROF": "1"},
			wantAddr: "127.0.0.1:0", wantPprof: true},
		{name: "the public port", env: map[string]string{"PORTAL_ADDR": "0.0.0.0:8443", "PORTAL_METRICS_ADDR": "127.0.0.1:8443"},
			wantErr: "never served on the public port"},
		{name: "the default public port", env: map[string]string{"PORTAL_METRICS_ADDR": "127.0.0.1:8080"},
			wantErr: "never served on the public port"},
		{name: "no port", env: map[string]string{"PORTAL_METRICS_ADDR": "127.0.0.1"}, wantErr: "want host:port"},
		{name: "profiler without metrics", env: map[string]string{"PORTAL_PPROF": "true"}, wantErr: "PORTAL_PPROF needs PORTAL_METRICS_ADDR"},
		{name: "profiler not a boolean", env: map[string]string{"PORTAL_METRICS_ADDR": "127.0.0.1:9464", "PORTAL_PPROF": "yes please"},
			wantErr: "want true or false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(name string) string { return tc.env[name] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if c.MetricsAddr != tc.wantAddr || c.Pprof != tc.wantPprof {
				t.Errorf("got MetricsAddr %q, Pprof %v; want %q, %v", c.MetricsAddr, c.Pprof, tc.wantAddr, tc.wantPprof)
			}
		})
	}
}

func TestLoadBadgeSettings(t *testing.T) {
	c, err := Load(func(string) string { return "" })
	if err != nil || c.Policy.BadgeMaxGrade != 5 || c.BadgeTriesPerMinute != 30 || c.PictureTriesPerMinute != 120 || len(c.TrustedProxies) != 0 {
		t.Fatalf("defaults: %v, max grade %d, tries %d, proxies %v; want 5, 30 and none", err, c.Policy.BadgeMaxGrade,
			c.BadgeTriesPerMinute, c.TrustedProxies)
	}
	env := map[string]string{"PORTAL_BADGE_MAX_GRADE": "2", "PORTAL_BADGE_TRIES_PER_MINUTE": "100",
		"PORTAL_PICTURE_TRIES_PER_MINUTE": "240", "PORTAL_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7/32"}
	c, err = Load(func(name string) string { return env[name] })
	if err != nil || c.Policy.BadgeMaxGrade != 2 || c.BadgeTriesPerMinute != 100 || c.PictureTriesPerMinute != 240 || len(c.TrustedProxies) != 2 ||
		c.TrustedProxies[1].String() != "192.168.1.7/32" {
		t.Fatalf("set: %v, %d, %d, %v", err, c.Policy.BadgeMaxGrade, c.BadgeTriesPerMinute, c.TrustedProxies)
	}
	for name, value := range map[string]string{
		"PORTAL_BADGE_MAX_GRADE": "14", "PORTAL_BADGE_TRIES_PER_MINUTE": "0", "PORTAL_PICTURE_TRIES_PER_MINUTE": "0",
		"PORTAL_TRUSTED_PROXIES": "10.0.0.1",
	} {
		if _, err := Load(func(n string) string {
			if n == name {
				return value
			}
			return ""
		}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: got %v, want an error naming it", name, value, err)
		}
	}
	if _, err := Load(func(n string) string {
		if n == "PORTAL_BADGE_MAX_GRADE" {
			return "-6"
		}
		return ""
	}); err == nil {
		t.Error("PORTAL_BADGE_MAX_GRADE=-6: want an error")
	}
}

func TestLoadBulkMailWorkers(t *testing.T) {
	for _, tc := range []struct {
		value   string
		want    int
		wantErr string
	}{
		{"", 16, ""}, {"64", 64, ""}, {"1000", 1000, ""},
		{"0", 0, "want a whole number of at least 1"}, {"many", 0, "want a whole number"},
		{"1001", 0, "want at most 1000"},
	} {
		c, err := Load(func(n string) string {
			if n == "PORTAL_BULK_MAIL_WORKERS" {
				return tc.value
			}
			return ""
		})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "PORTAL_BULK_MAIL_WORKERS") {
				t.Errorf("%q: got error %v, want one naming the variable and %q", tc.value, err, tc.wantErr)
			}
			continue
		}
		if err != nil || c.BulkMailWorkers != tc.want {
			t.Errorf("%q: got %d, %v; want %d", tc.value, c.BulkMailWorkers, err, tc.want)
		}
	}
}
