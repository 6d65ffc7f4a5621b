package rosterimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/staffgate"
)

// Audit actions of imports (subject kind "roster_import", the import's id).
const (
	actionDryRun  = "roster_import_dry_run"
	actionApply   = "roster_import_confirmed"
	actionApplied = "roster_import_applied"
	actionFailed  = "roster_import_failed"
	actionViewed  = "roster_import_viewed"
	subjectKind   = "roster_import"
)

// Service checks uploads, stores their drafts, applies them and shows the history.
type Service struct {
	Store Store
	// Importer compares a set with the district and applies it (the PostgreSQL one).
	Importer roster.Importer
	Audit    audit.Recorder
	Mail     Mailer
	// PublicOrigin and TimeZone make the admin's email's link and times.
	PublicOrigin, TimeZone string
	Now                    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Upload is a zip as the page sends it.
type Upload struct {
	// FileName is the name the page gives the file ("" when none).
	FileName string
	// Size is the declared length of Body, -1 when unknown; Body is read to its end or to
	// one byte past MaxUpload.
	Size int64
	Body io.Reader
}

// DryRun checks an upload for admin m (district admins with a fresh second factor, at
// secondFactorAt: ErrNotAllowed, ErrSecondFactorStale, audited), compares its set with the
// district and stores it as a draft with the plan. An upload over MaxUpload is ErrTooLarge,
// one that is not a zip ErrNotZip, a set with errors (or of another district) a
// *CheckError; none of them stores anything.
func (s *Service) DryRun(ctx context.Context, m accounts.Staff, secondFactorAt time.Time, up Upload) (Import, error) {
	if err := s.allow(ctx, m, actionDryRun, secondFactorAt); err != nil {
		return Import{}, err
	}
	if s.Importer == nil {
		return Import{}, ErrNoImporter
	}
	if up.Size > MaxUpload {
		return Import{}, ErrTooLarge
	}
	zipped, err := readUpload(up.Body)
	if err != nil {
		return Import{}, err
	}
	psu, err := s.Store.DistrictPSU(ctx, m.DistrictID)
	if err != nil {
		return Import{}, err
	}
	// The set is held through the plan; see roster.LimitMemory.
	defer roster.LimitMemory()()
	set, err := checkZip(zipped, psu)
	if err != nil {
		return Import{}, err
	}
	// The district's applied number is read before the plan is counted: an import applied
	// in between makes the draft stale (a refusal to retry), never a plan silently wrong.
	basedOn, err := s.Store.LastApplied(ctx, m.DistrictID)
	if err != nil {
		return Import{}, err
	}
	plan, err := s.Importer.Plan(ctx, m.DistrictID, set)
	if err != nil {
		return Import{}, fmt.Errorf("plan roster import: %w", err)
	}
	var out Import
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		out, err = s.Store.CreateDraft(ctx, Draft{DistrictID: m.DistrictID, CreatedBy: m.ID, FileName: up.FileName,
			Zip: zipped, Plan: plan, BasedOn: basedOn, CreatedAt: s.now()})
		if err != nil {
			return err
		}
		return s.record(ctx, m.ID, out.ID, actionDryRun, audit.Succeeded, "", out.CreatedAt)
	})
	return out, err
}

// readUpload reads an upload's body: ErrTooLarge past MaxUpload, ErrUploadInterrupted when
// the body stops short (the connection dropped, or the upload took too long).
func readUpload(body io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(body, MaxUpload+1))
	if n > MaxUpload {
		return nil, ErrTooLarge
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUploadInterrupted, err)
	}
	return buf.Bytes(), nil
}

// checkZip opens and checks a zipped set, and refuses a set of a district other than psu.
func checkZip(zipped []byte, psu string) (*roster.Set, error) {
	fsys, err := roster.OpenZip(bytes.NewReader(zipped), int64(len(zipped)))
	if errors.Is(err, roster.ErrNotZip) {
		return nil, ErrNotZip
	}
	if err != nil {
		return nil, err
	}
	if unpacked(fsys) > MaxUnpacked {
		return nil, ErrTooLarge
	}
	set, rep := roster.Check(fsys)
	if !rep.OK() {
		return nil, &CheckError{Report: rep}
	}
	if org, row, ok := set.DistrictOrg(); ok && org.Identifier != psu {
		return nil, &CheckError{Report: &roster.Report{Files: rep.Files, Errors: []roster.Error{{
			File: "orgs.csv", Row: row, Column: "identifier",
			Message: fmt.Sprintf("%q is not your district: the district org's identifier must be your district's PSU code, %s", org.Identifier, psu),
		}}}}
	}
	return set, nil
}

// gate is this service's rule: district admins (policy.MayImportRoster), and a fresh second factor
// for a change.
func (s *Service) gate() staffgate.Gate {
	return staffgate.Gate{Audit: s.Audit, May: policy.MayImportRoster, ErrNotAllowed: ErrNotAllowed, ErrStale: ErrSecondFactorStale}
}

// allow lets m on for action if m's role may and m's second factor is fresh.
func (s *Service) allow(ctx context.Context, m accounts.Staff, action string, secondFactorAt time.Time) error {
	return s.gate().Fresh(ctx, m, action, secondFactorAt, s.now())
}

// allowRole lets only district admins on, auditing a refusal under action.
func (s *Service) allowRole(ctx context.Context, m accounts.Staff, action string) error {
	return s.gate().Role(ctx, m, action, s.now())
}

// record audits an event of an import by staff member by ("" for the command line).
func (s *Service) record(ctx context.Context, by, importID, action string, outcome audit.Outcome, reason string, at time.Time) error {
	actor := "staff"
	if by == "" {
		actor, by = "system", SourceCommandLine
	}
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: at, ActorKind: actor, ActorID: by, SubjectKind: subjectKind, SubjectID: importID,
		Action: action, Path: string(policy.PathDistrict), Outcome: outcome, Reason: reason,
	})
}
