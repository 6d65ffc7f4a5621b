package policy

import "time"

// RosterDraftLifetime is how long a roster import's dry run can be applied: its counts were
// taken against the district as it was, and the uploaded zip is kept only that long.
const RosterDraftLifetime = 30 * time.Minute

// MayImportRoster reports whether a staff member of role may upload a OneRoster set, apply
// it and see the district's imports: district admins only (an upload and an apply also need
// a fresh second factor, SecondFactorFresh), since an import adds, changes and retires
// people of every school.
func MayImportRoster(role StaffRole) bool { return role == RoleDistrictAdmin }

// RosterDraftUsable reports whether a dry run's draft created at created may still be
// applied at now.
func RosterDraftUsable(created, now time.Time) bool {
	return !now.After(created.Add(RosterDraftLifetime))
}
