package badges

import (
	"context"
	"fmt"
	"strings"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// VoidSchool ends every live badge of a school's students (year end). School and district
// admins only (a teacher is refused with schoolreset.ErrNotAllowed, a school outside the
// scope is accounts.ErrNotFound); confirm must be the school's display code, as typed on a
// printed list, ignoring case and surrounding spaces (ErrConfirmationMismatch otherwise).
// Refusals are audited and change nothing; a void is audited with its count.
func (s *Service) VoidSchool(ctx context.Context, m accounts.Staff, schoolID, confirm string) (int, error) {
	var n int
	err := s.inTx(ctx, func(ctx context.Context) error {
		school, err := s.Scope.AuthorizeSchool(ctx, m, schoolID, actionVoid)
		if err != nil {
			return err
		}
		code, err := s.Store.SchoolDisplayCode(ctx, school.ID)
		if err != nil {
			return err
		}
		if !strings.EqualFold(strings.TrimSpace(confirm), strings.TrimSpace(code)) {
			if err := s.record(ctx, m, "school", school.ID, actionVoid, audit.Refused, "confirmation_mismatch"); err != nil {
				return err
			}
			return ErrConfirmationMismatch
		}
		if n, err = s.Store.VoidSchool(ctx, school.ID, s.now()); err != nil {
			return err
		}
		return s.record(ctx, m, "school", school.ID, actionVoid, audit.Succeeded, fmt.Sprintf("voided:%d", n))
	})
	return n, err
}
