package testapi

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// StaffRequest is the body of POST /api/test/staff; every field but Role is optional.
type StaffRequest struct {
	// Role is "teacher", "school_admin" or "district_admin".
	Role     string `json:"role"`
	Title    string `json:"title"`
	Password string `json:"password"`
	// ClassStudents, for a teacher, are students (ids from POST /api/test/students) enrolled
	// in a new official class of hers.
	ClassStudents []string `json:"classStudents"`
	// SchoolID places the member (and a teacher's class) in a school of POST
	// /api/test/schools and its district; empty for the first school.
	SchoolID string `json:"schoolId"`
}

// StaffMember is what POST /api/test/staff answers. The staff member has no second factor
// yet: the first sign-in enrols one, as for a new member of staff.
type StaffMember struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	Password    string `json:"password"`
	Role        string `json:"role"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	ClassNumber string `json:"classNumber,omitempty"`
}

// NewStaff is a staff row ready to store, in the first school of the database (by campus
// code) and its district; ClassNumber, when set, is a new official class of the member
// holding Students.
type NewStaff struct {
	ID, Email, FirstName, LastName, Title, PasswordHash string
	Role                                                policy.StaffRole
	ClassNumber                                         string
	Students                                            []string
	// SchoolID is the member's school; empty for the first school of the database.
	SchoolID string
}

// GuardianRequest is the body of POST /api/test/guardians.
type GuardianRequest struct {
	// Students are linked to the guardian (ids from POST /api/test/students).
	Students []string `json:"students"`
	Locale   string   `json:"locale"`
}

// Guardian is what POST /api/test/guardians answers: a verified family account.
type Guardian struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

// NewGuardian is a verified guardian row ready to store, linked to Students.
type NewGuardian struct {
	ID, Email, Name, Locale, PasswordHash string
	Students                              []string
}

// staffEmailDomain is where test staff's emails go; the mail catcher takes any.
const staffEmailDomain = "staff.e2e.example"

// CreateStaff makes a staff member from r.
func (cr *Creator) CreateStaff(ctx context.Context, r StaffRequest) (StaffMember, error) {
	role := policy.StaffRole(r.Role)
	switch role {
	case policy.RoleTeacher, policy.RoleSchoolAdmin, policy.RoleDistrictAdmin:
	default:
		return StaffMember{}, &InputError{Message: `role must be "teacher", "school_admin" or "district_admin"`}
	}
	if len(r.ClassStudents) > 0 && role != policy.RoleTeacher {
		return StaffMember{}, &InputError{Message: "only a teacher has official classes"}
	}
	for _, id := range r.ClassStudents {
		if uuid.Validate(id) != nil {
			return StaffMember{}, &InputError{Message: fmt.Sprintf("classStudents: %q is not a student id", id)}
		}
	}
	if r.SchoolID != "" && uuid.Validate(r.SchoolID) != nil {
		return StaffMember{}, &InputError{Message: fmt.Sprintf("schoolId: %q is not a school id", r.SchoolID)}
	}
	password, hash, err := cr.password(ctx, r.Password)
	if err != nil {
		return StaffMember{}, err
	}
	n := seq.Add(1)
	suffix := strings.ToLower(rand.Text()[:6])
	ns := NewStaff{
		ID: uuid.NewString(), Role: role, Title: r.Title, PasswordHash: hash, SchoolID: r.SchoolID,
		FirstName: firstNames[int(n)%len(firstNames)], LastName: lastNames[int(n/7)%len(lastNames)],
		Email: fmt.Sprintf("staff%d%s@%s", n, suffix, staffEmailDomain),
	}
	if ns.Title == "" {
		ns.Title = map[policy.StaffRole]string{policy.RoleTeacher: "Teacher", policy.RoleSchoolAdmin: "Principal",
			policy.RoleDistrictAdmin: "District Administrator"}[role]
	}
	if role == policy.RoleTeacher {
		ns.ClassNumber, ns.Students = fmt.Sprintf("T%d%s", n, suffix[:3]), r.ClassStudents
	}
	if err := cr.Store.CreateTestStaff(ctx, ns); err != nil {
		return StaffMember{}, err
	}
	return StaffMember{ID: ns.ID, Email: ns.Email, Password: password, Role: string(role),
		FirstName: ns.FirstName, LastName: ns.LastName, ClassNumber: ns.ClassNumber}, nil
}

// CreateGuardian makes a verified guardian linked to r.Students.
func (cr *Creator) CreateGuardian(ctx context.Context, r GuardianRequest) (Guardian, error) {
	locale := r.Locale
	if locale == "" {
		locale = "en"
	}
	if locale != "en" && locale != "es" {
		return Guardian{}, &InputError{Message: `locale must be "en" or "es"`}
	}
	for _, id := range r.Students {
		if uuid.Validate(id) != nil {
			return Guardian{}, &InputError{Message: fmt.Sprintf("students: %q is not a student id", id)}
		}
	}
	password, hash, err := cr.password(ctx, "")
	if err != nil {
		return Guardian{}, err
	}
	n := seq.Add(1)
	ng := NewGuardian{ID: uuid.NewString(), Locale: locale, PasswordHash: hash, Students: r.Students,
		Name:  firstNames[int(n)%len(firstNames)] + " " + lastNames[int(n/7)%len(lastNames)],
		Email: fmt.Sprintf("parent%d%s@family.e2e.example", n, strings.ToLower(rand.Text()[:6]))}
	if err := cr.Store.CreateTestGuardian(ctx, ng); err != nil {
		return Guardian{}, err
	}
	return Guardian{ID: ng.ID, Email: ng.Email, Name: ng.Name, Password: password}, nil
}

// password returns the requested password, or a generated one, with its hash.
func (cr *Creator) password(ctx context.Context, requested string) (password, hash string, err error) {
	password = requested
	if password == "" {
		if password, err = policy.GeneratePassword(policy.MaxGrade, rand.Reader); err != nil {
			return "", "", err
		}
	}
	if hash, err = cr.Hasher.Hash(ctx, policy.NormalizePassword(password)); err != nil {
		return "", "", fmt.Errorf("hash password: %w", err)
	}
	return password, hash, nil
}
