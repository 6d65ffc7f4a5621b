package regen

import (
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/staffgate"
)

// Refusals by the policy: regeneration is for district admins with a second factor proven
// less than policy.FreshSecondFactor ago. (The paths do not import each other, so these are
// regen's own; the HTTP layer answers them as the staff routes answer theirs.)
var (
	ErrNotAllowed        = errors.New("regen: only district admins regenerate default passwords")
	ErrSecondFactorStale = errors.New("regen: second factor not fresh")
)

// Count is the number of students of one school and grade.
type Count struct {
	CampusCode, SchoolName string
	Grade, Students        int
}

// GradeCount is the number of students of one grade of a school.
type GradeCount struct {
	Grade int `json:"grade"`
	Count int `json:"count"`
}

// SchoolCount is a school's students a request would touch.
type SchoolCount struct {
	CampusCode string       `json:"campusCode"`
	Name       string       `json:"name"`
	Total      int          `json:"total"`
	Grades     []GradeCount `json:"grades"`
}

// DryRun is what a request would touch: schools with at least one student, and the total,
// stored with the request (as JSON, in the contract's shape) as the counts the admin saw.
type DryRun struct {
	// RequestID is the stored draft; ExpiresAt ends the time to confirm it.
	RequestID string        `json:"-"`
	ExpiresAt time.Time     `json:"-"`
	Total     int           `json:"total"`
	Schools   []SchoolCount `json:"schools"`
}

// Draft is a checked request about to be stored by its dry run.
type Draft struct {
	DistrictID, RequestedBy string
	Selection               Selection
	AlsoReset, ForceChange  bool
	Comments                string
}

// Service checks regeneration requests, stores their dry runs, runs them and reports on
// them.
type Service struct {
	Store Store
	// Audit records each event of a request, and a chunk's thousands at once.
	Audit   audit.BatchRecorder
	Changes Changer
	Sealer  Sealer
	Mail    Mailer
	// ChunkSize is how many students one transaction changes (ChunkSize when 0).
	ChunkSize int
	// PartBudget is how long one job runs chunks before it queues its continuation
	// (PartBudget when 0).
	PartBudget time.Duration
	// PublicOrigin and TimeZone make the requester's email's link and times.
	PublicOrigin, TimeZone string
	// Random is the source of the passwords (crypto/rand, buffered, when nil).
	Random io.Reader
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// DryRun checks r for district admin m, stores it as a draft with the students it would
// touch (its selection) and counts them by school and grade. A staff member of another
// role is refused with ErrNotAllowed, a second factor older than policy.FreshSecondFactor
// with ErrSecondFactorStale (both audited); fields breaking rules with one
// *policy.RefusalError of code RefusedRules listing every violation. The counts are of the
// stored selection, so what the admin confirms is exactly what runs.
func (s *Service) DryRun(ctx context.Context, m accounts.Staff, r Request) (DryRun, error) {
	sel, err := s.Check(ctx, m, r)
	if err != nil {
		return DryRun{}, err
	}
	var run DryRun
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		id, created, counts, err := s.Store.CreateDraft(ctx, Draft{DistrictID: m.DistrictID, RequestedBy: m.ID,
			Selection: sel, AlsoReset: r.AlsoReset, ForceChange: r.ForceChange, Comments: r.Comments})
		if err != nil {
			return err
		}
		run = summarize(counts)
		run.RequestID, run.ExpiresAt = id, created.Add(DraftLifetime)
		return s.Store.SetDryRun(ctx, id, run)
	})
	if err != nil {
		return DryRun{}, err
	}
	return run, nil
}

// Check applies the policy and every rule to r for m, and returns the checked selection.
func (s *Service) Check(ctx context.Context, m accounts.Staff, r Request) (Selection, error) {
	if err := s.allow(ctx, m, actionDryRun, r.SecondFactorAt); err != nil {
		return Selection{}, err
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

// gate is this service's rule: district admins (policy.MayRegenerate), and a fresh second factor
// for a change.
func (s *Service) gate() staffgate.Gate {
	return staffgate.Gate{Audit: s.Audit, May: policy.MayRegenerate, ErrNotAllowed: ErrNotAllowed, ErrStale: ErrSecondFactorStale}
}

// allow lets m on for action if m's role may and m's second factor is fresh.
func (s *Service) allow(ctx context.Context, m accounts.Staff, action string, secondFactorAt time.Time) error {
	return s.gate().Fresh(ctx, m, action, secondFactorAt, s.now())
}

// allowRole lets only district admins on, auditing a refusal under action.
func (s *Service) allowRole(ctx context.Context, m accounts.Staff, action string) error {
	return s.gate().Role(ctx, m, action, s.now())
}
