package policy

// MayManageDirectory reports whether a staff member of role may see the district's
// directory write-back (its settings, pending writes and failures, which name students of
// every school) and test its connection: district admins only, as the directory spans the
// district.
func MayManageDirectory(role StaffRole) bool { return role == RoleDistrictAdmin }
