package regen

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Audit action and reasons of a refused dry run. A dry run that is answered changes
// nothing and is not audited.
const (
	actionDryRun     = "regeneration_dry_run"
	reasonNotAllowed = "not_allowed"
	reasonStale      = "second_factor_stale"
)

// Refusals by the policy: regeneration is for district admins with a second factor proven
// less than policy.FreshSecondFactor ago. (The paths do not import each other, so these are
// regen's own; the HTTP layer answers them as the staff routes answer theirs.)
var (
	ErrNotAllowed        = errors.New("regen: only district admins regenerate default passwords")
	ErrSecondFactorStale = errors.New("regen: second factor not fresh")
)

// Store reads what a regeneration request is checked against and counts its students.
type Store interface {
	// DistrictPSU returns the PSU code of the district.
	DistrictPSU(ctx context.Context, districtID string) (string, error)
	// DistrictCampuses returns which of codes (upper case) are campus codes of the
	// district's schools, in upper case.
	DistrictCampuses(ctx context.Context, districtID string, codes []string) ([]string, error)
	// CountStudents counts the district's students of the campuses (none: every school) and
	// grades (none: every grade), by school and grade: schools by campus code, grades lowest
	// first with -9 last.
	CountStudents(ctx context.Context, districtID string, campuses []string, grades []int) ([]Count, error)
}

// Count is the number of students of one school and grade.
type Count struct {
	CampusCode, SchoolName string
	Grade, Students        int
}

// GradeCount is the number of students of one grade of a school.
type GradeCount struct{ Grade, Count int }

// SchoolCount is a school's students a request would touch.
type SchoolCount struct {
	CampusCode, Name string
	Total            int
	Grades           []GradeCount
}

// DryRun is what a request would touch: schools with at least one student, and the total.
type DryRun struct {
	Total   int
	Schools []SchoolCount
}

// Service checks regeneration requests and answers their dry runs.
type Service struct {
	Store Store
	Audit audit.Recorder
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// DryRun checks r for district admin m and counts the students it would touch. A staff
// member of another role is refused with ErrNotAllowed, a second factor older than
// policy.FreshSecondFactor with ErrSecondFactorStale (both audited); fields breaking
// rules with one *policy.RefusalError of code RefusedRules listing every violation.
func (s *Service) DryRun(ctx context.Context, m accounts.Staff, r Request) (DryRun, error) {
	sel, err := s.Check(ctx, m, r)
	if err != nil {
		return DryRun{}, err
	}
	counts, err := s.Store.CountStudents(ctx, m.DistrictID, sel.CampusCodes, sel.Grades)
	if err != nil {
		return DryRun{}, err
	}
	return summarize(counts), nil
}

// Check applies the policy and every rule to r for m, and returns the checked selection.
func (s *Service) Check(ctx context.Context, m accounts.Staff, r Request) (Selection, error) {
	switch {
	case m.Role != policy.RoleDistrictAdmin:
		return Selection{}, s.refused(ctx, m, ErrNotAllowed, reasonNotAllowed)
	case !policy.SecondFactorFresh(r.SecondFactorAt, s.now()):
		return Selection{}, s.refused(ctx, m, ErrSecondFactorStale, reasonStale)
	}
	sel, violations := Parse(r)
	if sel.PSUCode != "" {
		own, err := s.Store.DistrictPSU(ctx, m.DistrictID)
		if err != nil {
			return Selection{}, err
		}
		if sel.PSUCode != own {
			violations = append(violations, otherDistrict(sel.PSUCode, own))
		}
	}
	if len(sel.CampusCodes) > 0 {
		known, err := s.Store.DistrictCampuses(ctx, m.DistrictID, sel.CampusCodes)
		if err != nil {
			return Selection{}, err
		}
		for _, code := range sel.CampusCodes {
			if !slices.Contains(known, code) {
				violations = append(violations, campusUnknown(sel.typed[code]))
			}
		}
	}
	if len(violations) > 0 {
		return Selection{}, policy.Refuse(RefusedRules, byField(violations))
	}
	return sel, nil
}

// fieldOrder is the order of the form's fields, so refusals read top to bottom.
var fieldOrder = []string{FieldPSU, FieldCampusCodes, FieldGrades, FieldForceChange}

// byField orders violations as the form's fields, keeping their order within a field.
func byField(vs []policy.Violation) []policy.Violation {
	slices.SortStableFunc(vs, func(a, b policy.Violation) int {
		return slices.Index(fieldOrder, a.Field) - slices.Index(fieldOrder, b.Field)
	})
	return vs
}

// summarize groups counts (ordered by school, then grade) by school.
func summarize(counts []Count) DryRun {
	out := DryRun{Schools: []SchoolCount{}}
	for _, c := range counts {
		if n := len(out.Schools); n == 0 || out.Schools[n-1].CampusCode != c.CampusCode {
			out.Schools = append(out.Schools, SchoolCount{CampusCode: c.CampusCode, Name: c.SchoolName})
		}
		sc := &out.Schools[len(out.Schools)-1]
		sc.Grades = append(sc.Grades, GradeCount{Grade: c.Grade, Count: c.Students})
		sc.Total += c.Students
		out.Total += c.Students
	}
	return out
}

// refused audits a refusal by the policy as an event of m about their own account, as the
// staff routes do, and returns err; a failure to write the trace is the error instead.
func (s *Service) refused(ctx context.Context, m accounts.Staff, err error, reason string) error {
	if rerr := s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: "staff", SubjectID: m.ID,
		Action: actionDryRun, Path: string(policy.PathStaff), Outcome: audit.Refused, Reason: reason,
	}); rerr != nil {
		return rerr
	}
	return err
}
