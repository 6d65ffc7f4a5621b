package schoolreset

import (
	"context"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// The scope checks below are By Student's, exported so other staff features (QR badges)
// apply the same policy core, with the same audited refusals, instead of a copy.

// Authorize reads the student with id for m (its row locked in ctx's transaction when lock
// is set) and applies the policy core to action; a refusal is audited as auditAction and
// returned: accounts.ErrNotFound outside the scope, ErrNotAllowed for a role that may not.
func (s *Service) Authorize(ctx context.Context, m accounts.Staff, id string, action policy.StaffAction, auditAction string, lock bool) (Record, error) {
	return s.authorize(ctx, m, id, action, auditAction, lock)
}

// AuthorizeClass reads the class with id for m within m's scope (accounts.ErrNotFound,
// audited as auditAction, otherwise).
func (s *Service) AuthorizeClass(ctx context.Context, m accounts.Staff, id, auditAction string) (ClassRecord, error) {
	return s.authorizeClass(ctx, m, id, auditAction)
}

// AuthorizeSchool reads the school with id for a school-wide action of m: a teacher gets
// ErrNotAllowed, a school outside an admin's scope accounts.ErrNotFound; both audited as
// auditAction.
func (s *Service) AuthorizeSchool(ctx context.Context, m accounts.Staff, id, auditAction string) (SchoolRecord, error) {
	return s.authorizeSchool(ctx, m, id, auditAction)
}

// IsRefusal reports whether err is one of the refusals above (or another of By Student's),
// which a transaction commits with its audit event before returning.
func IsRefusal(err error) bool { return isRefusal(err) }
