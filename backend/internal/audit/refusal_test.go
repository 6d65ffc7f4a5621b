package audit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/schoolpass/portal/backend/internal/audit"
)

// TestInTxKeepingRefusals: a refusal commits (the transaction sees no error) and is returned;
// another error rolls back; success commits.
func TestInTxKeepingRefusals(t *testing.T) {
	refused, broken := errors.New("refused"), errors.New("broken")
	isRefusal := func(err error) bool { return errors.Is(err, refused) }
	for _, tc := range []struct {
		name       string
		fnErr      error
		wantCommit bool
		want       error
	}{
		{"success commits", nil, true, nil},
		{"a refusal commits and is returned", refused, true, refused},
		{"another error rolls back", broken, false, broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			committed := false
			inTx := func(ctx context.Context, fn func(context.Context) error) error {
				err := fn(ctx)
				committed = err == nil
				return err
			}
			err := audit.InTxKeepingRefusals(context.Background(), inTx, isRefusal, func(context.Context) error { return tc.fnErr })
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) || committed != tc.wantCommit {
				t.Errorf("got error %v, committed %v; want %v, committed %v", err, committed, tc.want, tc.wantCommit)
			}
		})
	}
}
