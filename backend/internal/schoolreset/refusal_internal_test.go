package schoolreset

import (
	"fmt"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// TestChangeFailureIsNeverARefusal: inTx commits a refusal to keep its audit event, so an
// error met after students started to change must not count as one, even when it wraps an
// error that would be a refusal before any change (a student not found).
func TestChangeFailureIsNeverARefusal(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"a student not found before any change", accounts.ErrNotFound, true},
		{"the same, wrapped", fmt.Errorf("lock: %w", accounts.ErrNotFound), true},
		{"a student not found once changes began", &changeFailedError{err: accounts.ErrNotFound}, false},
		{"a refusal wrapped around a failed change", fmt.Errorf("x: %w", &changeFailedError{err: ErrNotAllowed}), false},
	}
	for _, tt := range tests {
		if got := isRefusal(tt.err); got != tt.want {
			t.Errorf("%s: isRefusal = %v, want %v", tt.name, got, tt.want)
		}
	}
}
