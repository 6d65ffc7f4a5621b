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
}
