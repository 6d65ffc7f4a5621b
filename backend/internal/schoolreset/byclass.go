package schoolreset

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Audit actions of By Class. Each student's change is a "password_changed" event, which the
// change function records.
const (
	actionClassView  = "class_view"
	actionClassReset = "class_password_reset"
)

// ClassSummary is an official class as By Class lists it.
type ClassSummary struct {
	ID         string
	Number     string
	Name       string
	SchoolID   string
	SchoolName string
	Students   int
}

// ClassRecord is a class as read for a staff member: the class and where it stands to the
// staff member. Relation.InClass says the staff member teaches it.
type ClassRecord struct {
	Class    ClassSummary
	Relation policy.StaffRelation
}

// RosterEntry is a student of a class with the status a teacher needs at a glance.
type RosterEntry struct {
	ID            string
	StudentNumber string
	Username      string
	FirstName     string
	LastName      string
	Grade         int
	PINSet        bool
	QuestionsSet  bool
	MustChange    bool
	// SchoolIssued: a school-issued password the student has not replaced can be shown.
	SchoolIssued bool
	Recovery     policy.RecoveryState
	// RecoveryLocked: the recovery path is locked or disabled now (set by Service.Roster).
	RecoveryLocked bool
	// BadgeEligible: in the badge grades (set by Service.Roster); Badge and Pictures are
	// shown for such students only.
	BadgeEligible bool
	// Badge: the student has a live QR badge.
	Badge bool
	// Pictures is the student's picture password: "none", "active" or "locked".
	Pictures string
}

// Member is a selected student of a bulk reset, read under its row lock: the student's
// record and whether the student is enrolled in the class.
type Member struct {
	Record
	Enrolled bool
}

// ClassStore is the storage By Class needs. Its methods run inside the transaction InTx
// (of Store) puts in the context, when there is one.
type ClassStore interface {
	// ClassesFor lists the classes in m's scope (as policy.InScope draws it for students)
	// with their student counts, by school name and class number.
	ClassesFor(ctx context.Context, m accounts.Staff) ([]ClassSummary, error)
	// ClassFor reads the class with id and how it relates to m; a class that does not exist
	// gives a relation with Exists false and no error.
	ClassFor(ctx context.Context, m accounts.Staff, id string) (ClassRecord, error)
	// Roster lists the students enrolled in the class, by last and first name.
	Roster(ctx context.Context, classID string) ([]RosterEntry, error)
	// LockMembers reads and locks, in id order, the students with ids (every student
	// enrolled in the class when ids is nil) with their relation to m and to the class. An id
	// with no student is left out.
	LockMembers(ctx context.Context, m accounts.Staff, classID string, ids []string) ([]Member, error)
	// ClassCodeStudents reads every student enrolled in the class, in id order, with its
	// relation to m, whether a live access code stands at at and the family letter's
	// locale; lock holds their row locks for the transaction in ctx.
	ClassCodeStudents(ctx context.Context, m accounts.Staff, classID string, at time.Time, lock bool) ([]CodeStudent, error)
	// SchoolFacts reads the name and contact of a school and its district's name.
	SchoolFacts(ctx context.Context, schoolID string) (SchoolFacts, error)
}

// Roster is a class with its students' status.
type Roster struct {
	Class    ClassSummary
	Students []RosterEntry
}

// Classes lists the classes in the staff member's scope.
func (s *Service) Classes(ctx context.Context, m accounts.Staff) ([]ClassSummary, error) {
	return s.Classrooms.ClassesFor(ctx, m)
}

// Roster returns the roster of a class in the staff member's scope; a class outside it is
// accounts.ErrNotFound, as one that does not exist, and the refusal is audited. Opening a
// roster is audited too: it lists students' statuses.
func (s *Service) Roster(ctx context.Context, m accounts.Staff, classID string) (Roster, error) {
	rec, err := s.authorizeClass(ctx, m, classID, actionClassView)
	if err != nil {
		return Roster{}, err
	}
	students, err := s.Classrooms.Roster(ctx, rec.Class.ID)
	if err != nil {
		return Roster{}, err
	}
	at := s.now()
	for i := range students {
		students[i].RecoveryLocked = policy.RecoveryStatus(students[i].Recovery, at) != policy.RecoveryOpen
		students[i].BadgeEligible = policy.BadgeEligible(students[i].Grade, s.Settings)
	}
	if err := s.recordClass(ctx, m, rec.Class.ID, actionClassView, audit.Succeeded, ""); err != nil {
		return Roster{}, err
	}
	return Roster{Class: rec.Class, Students: students}, nil
}

// authorizeClass reads the class with id for m and applies the scope of the policy core: a
// class is in scope when it would be for a student of it (the teacher's own classes, the
// admin's school or district). A refusal is audited in ctx and is accounts.ErrNotFound.
func (s *Service) authorizeClass(ctx context.Context, m accounts.Staff, id, auditAction string) (ClassRecord, error) {
	rec, err := s.Classrooms.ClassFor(ctx, m, id)
	if err != nil {
		return ClassRecord{}, err
	}
	if policy.InScope(m.Role, rec.Relation) {
		return rec, nil
	}
	if err := s.recordClass(ctx, m, id, auditAction, audit.Refused, reasonOutOfScope); err != nil {
		return ClassRecord{}, err
	}
	return ClassRecord{}, accounts.ErrNotFound
}

// recordClass appends an audit event of a staff member's action on a class.
func (s *Service) recordClass(ctx context.Context, m accounts.Staff, classID, action string, outcome audit.Outcome, reason string) error {
	if r := []rune(classID); len(r) > maxSubjectLength {
		classID = string(r[:maxSubjectLength])
	}
	return s.Audit.Record(ctx, audit.Event{
		OccurredAt: s.now(), ActorKind: "staff", ActorID: m.ID, SubjectKind: "class", SubjectID: classID,
		Action: action, Path: string(policy.PathStaff), Outcome: outcome, Reason: reason,
	})
}
