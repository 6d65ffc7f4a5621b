package policy

import (
	"testing"
	"time"
)

func TestSSOReauthenticatedRecently(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		authTime time.Time
		want     bool
	}{
		{"not sent", time.Time{}, true},
		{"just now", now.Add(-5 * time.Second), true},
		{"within the limit", now.Add(-SSOReauthMaxAge + time.Second), true},
		{"at the limit", now.Add(-SSOReauthMaxAge), false},
		{"an earlier login reused", now.Add(-2 * time.Hour), false},
		{"slightly ahead (clock skew)", now.Add(30 * time.Second), true},
		{"far in the future", now.Add(10 * time.Minute), false},
	} {
		if got := SSOReauthenticatedRecently(tc.authTime, now); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMaySSORenewSecondFactor(t *testing.T) {
	if !MaySSORenewSecondFactor(false) || MaySSORenewSecondFactor(true) {
		t.Error("want a renewal through the provider only when its second factor counts")
	}
}

func TestStaffReturnPath(t *testing.T) {
	for raw, want := range map[string]string{
		"":                                   "/staff",
		"/staff":                             "/staff",
		"/staff/":                            "/staff/",
		"/staff/district/setup":              "/staff/district/setup",
		"/staff/regen?school=a%20b&step=2":   "/staff/regen?school=a%20b&step=2",
		"/staff/classes/8d6a0f4e-1c2b/reset": "/staff/classes/8d6a0f4e-1c2b/reset",
	} {
		if got, ok := StaffReturnPath(raw); !ok || got != want {
			t.Errorf("StaffReturnPath(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	}
	long := "/staff/" + string(make([]byte, maxReturnPath))
	for _, raw := range []string{
		"https://evil.example/staff",
		"//evil.example/staff",
		"///evil.example",
		"/\\evil.example",
		"/staff\\..\\..\\evil",
		"\\\\evil.example",
		"javascript:alert(1)",
		"http:/staff",
		"staff/district",
		"/staffevil",
		"/staff@evil.example",
		"/staff/../api/v1/staff/session",
		"/staff/./x",
		"/staff//evil.example",
		"/staff/%2e%2e/%2e%2e/evil",
		"/staff%2f%2fevil.example",
		"/staff/\t/evil",
		"/staff/\r\nLocation: https://evil.example",
		"/staff#https://evil.example",
		"/account",
		"/",
		long,
	} {
		if got, ok := StaffReturnPath(raw); ok {
			t.Errorf("StaffReturnPath(%q) = %q, accepted; want refused", raw, got)
		}
	}
}
