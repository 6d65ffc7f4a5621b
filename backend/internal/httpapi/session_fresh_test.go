package httpapi

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/schoolpass/portal/backend/internal/tokens"
)

func TestFreshSignInUntil(t *testing.T) {
	now := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
	issued := func(ago time.Duration, signIn bool) tokens.Claims {
		return tokens.Claims{SignIn: signIn, RegisteredClaims: jwt.RegisteredClaims{IssuedAt: jwt.NewNumericDate(now.Add(-ago))}}
	}
	tests := []struct {
		name   string
		claims tokens.Claims
		want   *time.Time
	}{
		{"signed in a minute ago", issued(time.Minute, true), ptr(now.Add(9 * time.Minute))},
		{"signed in 9m59s ago", issued(9*time.Minute+59*time.Second, true), ptr(now.Add(time.Second))},
		{"signed in 10 minutes ago", issued(10*time.Minute, true), nil},
		{"signed in an hour ago", issued(time.Hour, true), nil},
		{"re-issued a second ago", issued(time.Second, false), nil},
		{"no issue time", tokens.Claims{SignIn: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := freshSignInUntil(tt.claims, now)
			if (got == nil) != (tt.want == nil) || (got != nil && !got.Equal(*tt.want)) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
