package accounts

import "github.com/schoolpass/portal/backend/internal/policy"

// Staff is a school or district staff account as stored. Its role and school fix its scope
// (policy.StaffScope); its password is only ever a hash.
type Staff struct {
	ID           string
	DistrictID   string
	DistrictName string
	// SchoolID is empty for a district admin.
	SchoolID     string
	SchoolName   string
	Role         policy.StaffRole
	Title        string
	Email        string
	FirstName    string
	LastName     string
	PasswordHash string
	TokenVersion int
	// TOTPEnrolled, Passkeys and RecoveryCodesLeft say which second factors the account has.
	TOTPEnrolled      bool
	Passkeys          int
	RecoveryCodesLeft int
}

// HasSecondFactor reports whether the staff member can prove a second factor; one who
// cannot enrols an authenticator at the next sign-in.
func (s Staff) HasSecondFactor() bool { return s.TOTPEnrolled || s.Passkeys > 0 }
