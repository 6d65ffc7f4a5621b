package badges

import (
	"cmp"
	"context"
	"slices"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// ClassBatch is a class's new badges, by last and first name: tokens shown once.
type ClassBatch struct {
	Class  schoolreset.ClassSummary
	Badges []Issued
}

// IssueClass issues badges for the students of a class in the badge grades: to those with
// no live badge, or to every one when reissue is set. One transaction under the students'
// row locks, one audit event per student and one for the class. A class outside m's scope
// is accounts.ErrNotFound (audited); a student enrolled from outside it, or outside the
// badge grades, is left out.
func (s *Service) IssueClass(ctx context.Context, m accounts.Staff, classID string, reissue bool) (ClassBatch, error) {
	var batch ClassBatch
	err := s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.AuthorizeClass(ctx, m, classID, actionClass)
		if err != nil {
			return err
		}
		students, err := s.Scope.Classrooms.ClassCodeStudents(ctx, m, rec.Class.ID, s.now(), true)
		if err != nil {
			return err
		}
		ids := make([]string, len(students))
		for i, st := range students {
			ids[i] = st.Student.ID
		}
		live, err := s.Store.Live(ctx, ids)
		if err != nil {
			return err
		}
		batch = ClassBatch{Class: rec.Class, Badges: []Issued{}}
		for _, st := range students {
			_, has := live[st.Student.ID]
			if (has && !reissue) || !policy.BadgeEligible(st.Student.Grade, s.Settings) ||
				policy.StaffMay(m.Role, st.Relation, policy.StaffIssueBadge) != policy.StaffAllowed {
				continue
			}
			sec, err := newSecret(s.random())
			if err != nil {
				return err
			}
			issued, err := s.store(ctx, m, st.Student, sec)
			if err != nil {
				return err
			}
			batch.Badges = append(batch.Badges, issued)
		}
		reason := "missing_only"
		if reissue {
			reason = "reissue"
		}
		return s.record(ctx, m, "class", rec.Class.ID, actionClass, audit.Succeeded, reason)
	})
	slices.SortFunc(batch.Badges, func(a, b Issued) int {
		return cmp.Or(cmp.Compare(a.Student.LastName, b.Student.LastName), cmp.Compare(a.Student.FirstName, b.Student.FirstName),
			cmp.Compare(a.Student.ID, b.Student.ID))
	})
	return batch, err
}
