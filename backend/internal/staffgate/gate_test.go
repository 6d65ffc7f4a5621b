package staffgate

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

type recorder struct{ events []audit.Event }

func (r *recorder) Record(_ context.Context, e audit.Event) error {
	r.events = append(r.events, e)
	return nil
}

var errNo, errStale = errors.New("no"), errors.New("stale")

// TestGate: the role rule first, then the second factor's freshness; each refusal is the
// caller's error and one audited event of the member about themselves; a pass audits nothing.
func TestGate(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	admin := accounts.Staff{ID: "a1", Role: policy.RoleDistrictAdmin}
	teacher := accounts.Staff{ID: "t1", Role: policy.RoleTeacher}
	for _, tc := range []struct {
		name       string
		m          accounts.Staff
		factorAt   time.Time
		want       error
		wantReason string
	}{
		{"admin, fresh factor", admin, now.Add(-time.Minute), nil, ""},
		{"admin, stale factor", admin, now.Add(-policy.FreshSecondFactor - time.Second), errStale, ReasonStale},
		{"teacher, fresh factor", teacher, now, errNo, ReasonNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			g := Gate{Audit: rec, May: policy.MayRegenerate, ErrNotAllowed: errNo, ErrStale: errStale}
			if err := g.Fresh(t.Context(), tc.m, "act", tc.factorAt, now); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Fresh: got %v, want %v", err, tc.want)
			}
			if tc.want == nil {
				if len(rec.events) != 0 {
					t.Errorf("a pass audited %+v", rec.events)
				}
				return
			}
			want := audit.Event{OccurredAt: now, ActorKind: "staff", ActorID: tc.m.ID, SubjectKind: "staff", SubjectID: tc.m.ID,
				Action: "act", Path: string(policy.PathStaff), Outcome: audit.Refused, Reason: tc.wantReason}
			if len(rec.events) != 1 || rec.events[0] != want {
				t.Errorf("audited %+v, want %+v", rec.events, want)
			}
		})
	}
	// Role alone ignores the second factor.
	if err := (Gate{Audit: &recorder{}, May: policy.MayRegenerate, ErrNotAllowed: errNo, ErrStale: errStale}).Role(t.Context(), admin, "act", now); err != nil {
		t.Errorf("Role for an admin: %v", err)
	}
}
