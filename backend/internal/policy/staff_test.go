package policy

import (
	"testing"
	"time"
)

func TestSecondFactorFresh(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		provenAt time.Time
		want     bool
	}{
		{"never proven in this session", time.Time{}, false},
		{"just now", now, true},
		{"a second short of five minutes", now.Add(-FreshSecondFactor + time.Second), true},
		{"exactly five minutes ago", now.Add(-FreshSecondFactor), false},
		{"an hour ago", now.Add(-time.Hour), false},
	}
	for _, tt := range tests {
		if got := SecondFactorFresh(tt.provenAt, now); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
