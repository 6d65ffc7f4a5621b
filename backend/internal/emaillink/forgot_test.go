package emaillink

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// TestStartForgot: every request is audited inside the transaction; only an address that
// can be one is queued, normalized, with the time taken inside the transaction; a failed
// audit queues nothing.
func TestStartForgot(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	auditDown := errors.New("audit down")
	tests := []struct {
		name       string
		email      string
		recordErr  error
		wantRecord string
		wantQueued []string
		wantErr    error
	}{
		{"an address", "  Ana@School.TEST ", nil, "ana@school.test", []string{"ana@school.test"}, nil},
		{"not an address", "Ana <ana@school.test>", nil, "", nil, nil},
		{"empty", "", nil, "", nil, nil},
		{"audit fails", "ana@school.test", auditDown, "ana@school.test", nil, auditDown},
	}
	for _, tc := range tests {
		var inTx bool
		var recorded []string
		var queued []string
		err := StartForgot(context.Background(),
			func(ctx context.Context, fn func(context.Context) error) error {
				inTx = true
				defer func() { inTx = false }()
				return fn(ctx)
			},
			tc.email, func() time.Time { return at },
			func(_ context.Context, email string) error {
				if !inTx {
					t.Errorf("%s: got the audit event outside the transaction", tc.name)
				}
				recorded = append(recorded, email)
				return tc.recordErr
			},
			func(_ context.Context, args ForgotArgs[testPath]) error {
				if !inTx || !args.RequestedAt.Equal(at) {
					t.Errorf("%s: got %+v queued in a transaction: %v, want the request at %v inside one", tc.name, args, inTx, at)
				}
				queued = append(queued, args.Email)
				return nil
			})
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.wantErr)
		}
		if !slices.Equal(recorded, []string{tc.wantRecord}) || !slices.Equal(queued, tc.wantQueued) {
			t.Errorf("%s: got recorded %q and queued %q, want %q and %q", tc.name, recorded, queued, tc.wantRecord, tc.wantQueued)
		}
	}
}
