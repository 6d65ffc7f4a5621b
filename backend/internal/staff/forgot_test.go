package staff_test

import (
	"testing"

	"github.com/schoolpass/portal/backend/internal/staff"
)

// TestForgotJobKind pins the name of the forgot-password job: queued jobs carry it, so a
// change would strand them.
func TestForgotJobKind(t *testing.T) {
	if got, want := (staff.ForgotArgs{}).Kind(), "staff_forgot_request"; got != want {
		t.Errorf("Kind: got %q, want %q", got, want)
	}
}
