package schoolreset

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// reasonJobRunning is the audit reason of a job refused because the school has one.
const reasonJobRunning = "job_running"

// SchoolJob is a request for a grade or school job: a reset (Kind JobReset: one typed
// password or, with Generate, a school-issued one each) or access codes (JobAccessCodes).
type SchoolJob struct {
	Kind string
	// Grade selects one grade; nil selects the whole school.
	Grade            *int
	Generate         bool
	NewPassword      string
	ConfirmPassword  string
	MustChange       bool
	IssueAccessCodes bool
	// Reissue gives every student a new code; otherwise only those with no live code.
	Reissue bool
	// SecondFactorAt is when the staff member last proved a second factor.
	SecondFactorAt time.Time
}

// StartSchoolJob accepts a grade or school job for a school admin (own school) or district
// admin (a school of the district): a teacher is refused with ErrNotAllowed, a school
// outside the scope is accounts.ErrNotFound. A reset needs a fresh second factor; mode one
// is checked against every selected student first (a ClassRefusalError names those it fails
// for) and hashed once. The selection is fixed now, in the transaction that stores the job
// and queues its first chunk; one job per school is queued or running at a time
// (ErrJobRunning). Every refusal is audited on the school and changes nothing.
func (s *Service) StartSchoolJob(ctx context.Context, m accounts.Staff, schoolID string, r SchoolJob) (Job, error) {
	action := actionSchoolReset
	if r.Kind == JobAccessCodes {
		action = actionSchoolCodes
	}
	school, err := s.authorizeSchool(ctx, m, schoolID, action)
	if err != nil {
		return Job{}, err
	}
	refuse := func(ctx context.Context, reason string, err error) error {
		return s.recordSchool(ctx, m, school.ID, action, audit.Refused, reason, err)
	}
	at := s.now()
	if r.Kind == JobReset {
		if !policy.SecondFactorFresh(r.SecondFactorAt, at) {
			return Job{}, refuse(ctx, reasonStale, staff.ErrSecondFactorStale)
		}
		// The rules that hold for everyone first: a weak password is one refusal, not one
		// per student.
		if !r.Generate {
			if err := policy.CheckNewPassword(policy.PasswordCandidate{Password: r.NewPassword}, r.ConfirmPassword); err != nil {
				return Job{}, refuse(ctx, policy.RefusedPassword, err)
			}
		}
	}
	students, err := s.Jobs.SchoolStudents(ctx, school.ID, r.Grade, at, r.Kind == JobAccessCodes && !r.Reissue, MaxJobStudents+1)
	if err != nil {
		return Job{}, err
	}
	switch {
	case len(students) == 0:
		return Job{}, refuse(ctx, reasonEmpty, ErrEmptySelection)
	case len(students) > MaxJobStudents:
		return Job{}, refuse(ctx, reasonTooLarge, ErrJobTooLarge)
	}
	job := Job{Kind: r.Kind, SchoolID: school.ID, SchoolName: school.Name, DistrictID: school.DistrictID, Grade: r.Grade,
		MustChange: r.MustChange, IssueAccessCodes: r.IssueAccessCodes, Reissue: r.Reissue, RequestedBy: m.ID,
		Total: len(students)}
	if job.issuesCodes() {
		_, job.CodesExpireAt = s.codeTimes()
	}
	if r.Kind == JobReset {
		job.Mode = ModeOne
		if r.Generate {
			job.Mode = ModeGenerated
		}
		if !r.Generate {
			if refusal := namesRefusal(students, r.NewPassword); refusal != nil {
				for _, st := range refusal.Students {
					if err := s.record(ctx, m, st.ID, actionReset, audit.Refused, refusal.Code); err != nil {
						return Job{}, err
					}
				}
				return Job{}, refuse(ctx, refusal.Code, refusal)
			}
			if job.SharedPasswordHash, err = s.Hasher.Hash(ctx, policy.NormalizePassword(r.NewPassword)); err != nil {
				return Job{}, fmt.Errorf("hash password: %w", err)
			}
			// The chunks run later, from the job: the directory needs the password itself.
			if s.Changes != nil && s.Changes.Directory != nil {
				if job.SharedPasswordSealed, job.SharedPasswordKeyID, err = s.Sealer.Seal(r.NewPassword, sharedAD(job.SchoolID)); err != nil {
					return Job{}, fmt.Errorf("seal shared password: %w", err)
				}
			}
		}
	}
	ids := make([]string, len(students))
	for i, st := range students {
		ids[i] = st.Student.ID
	}
	var out Job
	err = s.inTx(ctx, func(ctx context.Context) error {
		created, err := s.Jobs.CreateJob(ctx, job, ids)
		if errors.Is(err, ErrJobRunning) {
			return refuse(ctx, reasonJobRunning, err)
		}
		if err != nil {
			return err
		}
		out = created
		if err := s.Jobs.QueueChunk(ctx, created.ID); err != nil {
			return err
		}
		return s.recordSchool(ctx, m, school.ID, action, audit.Succeeded, "started", nil)
	})
	return out, err
}

// namesRefusal refuses one typed password for the students whose names or username it
// holds; nil when it fits them all. (The rules that hold for everyone were checked before.)
func namesRefusal(students []CodeStudent, password string) *ClassRefusalError {
	refusal := &ClassRefusalError{Code: policy.RefusedPassword}
	for _, cs := range students {
		st := cs.Student
		var rules *policy.RefusalError
		if errors.As(policy.CheckNewPassword(st.PasswordCandidate(password, false), password), &rules) {
			refusal.Students = append(refusal.Students, StudentRefusal{ID: st.ID, FirstName: st.FirstName,
				LastName: st.LastName, Username: st.Username, Violations: rules.Violations})
		}
	}
	if len(refusal.Students) == 0 {
		return nil
	}
	return refusal
}

// authorizeSchool reads the school with id for m and applies the policy core: a teacher is
// refused (ErrNotAllowed), a school outside an admin's scope is accounts.ErrNotFound, as
// one that does not exist. A refusal is audited on the school.
func (s *Service) authorizeSchool(ctx context.Context, m accounts.Staff, id, action string) (SchoolRecord, error) {
	school, err := s.Jobs.SchoolFor(ctx, m, id)
	if err != nil {
		return SchoolRecord{}, err
	}
	rel := policy.StaffRelation{Exists: school.Exists, SameDistrict: school.SameDistrict, SameSchool: school.SameSchool}
	switch policy.StaffMaySchoolJob(m.Role, rel) {
	case policy.StaffAllowed:
		return school, nil
	case policy.StaffForbidden:
		return SchoolRecord{}, s.recordSchool(ctx, m, id, action, audit.Refused, reasonNotAllowed, ErrNotAllowed)
	default:
		return SchoolRecord{}, s.recordSchool(ctx, m, id, action, audit.Refused, reasonOutOfScope, accounts.ErrNotFound)
	}
}

// recordSchool appends an audit event of a staff member's action on a school and returns
// err (or the recorder's error).
func (s *Service) recordSchool(ctx context.Context, m accounts.Staff, schoolID, action string, outcome audit.Outcome, reason string, err error) error {
	return s.recordSchoolBy(ctx, m.ID, schoolID, action, outcome, reason, err)
}

// recordSchoolBy is recordSchool for a staff member known by id (a job's requester).
func (s *Service) recordSchoolBy(ctx context.Context, staffID, schoolID, action string, outcome audit.Outcome, reason string, err error) error {
	if r := []rune(schoolID); len(r) > maxSubjectLength {
		schoolID = string(r[:maxSubjectLength])
	}
	if rerr := s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: staffID, SubjectKind: "school", SubjectID: schoolID,
		Action: action, Path: string(policy.PathStaff), Outcome: outcome, Reason: reason,
	}); rerr != nil {
		return rerr
	}
	return err
}
