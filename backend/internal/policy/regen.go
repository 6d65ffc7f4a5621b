package policy

import "time"

// RegenDraftLifetime is how long a district regeneration's dry run can be confirmed: the
// counts the admin saw should still be close to the truth, and the run is exactly the
// students the dry run counted.
const RegenDraftLifetime = 30 * time.Minute

// MayRegenerate reports whether a staff member of role may regenerate default passwords,
// follow a regeneration and cancel one: district admins only (a confirm also needs a fresh
// second factor, SecondFactorFresh).
func MayRegenerate(role StaffRole) bool { return role == RoleDistrictAdmin }

// RegenDraftUsable reports whether a dry run's draft created at created may still be
// confirmed at now.
func RegenDraftUsable(created, now time.Time) bool {
	return !now.After(created.Add(RegenDraftLifetime))
}
