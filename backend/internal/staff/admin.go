package staff

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Members lists up to 50 staff of the district admin's own district whose email, first or
// last name starts with q (accents and case ignored). Other roles may not.
func (s *Service) Members(ctx context.Context, actor accounts.Staff, q string) ([]accounts.Staff, error) {
	if actor.Role != policy.RoleDistrictAdmin {
		return nil, s.refused(ctx, actor.ID, actionMembers, ErrNotAllowed, "not_allowed")
	}
	all, err := s.Store.DistrictStaff(ctx, actor.DistrictID)
	if err != nil {
		return nil, err
	}
	prefix := fold(q)
	out := []accounts.Staff{}
	for _, m := range all {
		if len(out) == maxMembers {
			break
		}
		if prefix == "" || strings.HasPrefix(fold(m.Email), prefix) ||
			strings.HasPrefix(fold(m.FirstName), prefix) || strings.HasPrefix(fold(m.LastName), prefix) {
			out = append(out, m)
		}
	}
	return out, nil
}

// fold lower-cases s and strips its accents, for prefix search.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.TrimSpace(s))
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// ResetSecondFactor removes a staff member's authenticator, passkeys and recovery codes for
// a district admin whose second factor was proven at secondFactorAt: their sessions end and
// their next sign-in enrols anew. Someone outside the admin's district is not found; the
// admin's own account is refused. The reset, audit event and email commit together.
func (s *Service) ResetSecondFactor(ctx context.Context, actor accounts.Staff, targetID string, secondFactorAt time.Time) error {
	switch {
	case actor.Role != policy.RoleDistrictAdmin:
		return s.adminRefused(ctx, actor, targetID, ErrNotAllowed, "not_allowed")
	case !policy.SecondFactorFresh(secondFactorAt, s.now()):
		return s.adminRefused(ctx, actor, targetID, ErrSecondFactorStale, "second_factor_stale")
	case targetID == actor.ID:
		return s.adminRefused(ctx, actor, targetID, ErrOwnAccount, "own_account")
	}
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		m, err := s.Store.LockStaff(ctx, targetID)
		if err != nil {
			return err
		}
		if m.DistrictID != actor.DistrictID {
			return accounts.ErrNotFound
		}
		if err := s.Store.ClearSecondFactors(ctx, m.ID); err != nil {
			return err
		}
		if err := s.record(ctx, actor.ID, "staff", m.ID, actionFactorReset, audit.Succeeded, ""); err != nil {
			return err
		}
		return s.email(ctx, m, mail.StaffSecondFactorReset, func(a *mail.StaffEmailArgs) {
			a.ResetBy = actor.FirstName + " " + actor.LastName
		})
	})
	if errors.Is(err, accounts.ErrNotFound) {
		return s.adminRefused(ctx, actor, targetID, err, "not_found")
	}
	return err
}

func (s *Service) adminRefused(ctx context.Context, actor accounts.Staff, targetID string, err error, reason string) error {
	if rerr := s.record(ctx, actor.ID, "staff", targetID, actionFactorReset, audit.Refused, reason); rerr != nil {
		return rerr
	}
	return err
}
