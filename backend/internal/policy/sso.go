package policy

// MayManageSSO reports whether a staff member of role may see the district's single
// sign-on settings and test the provider: district admins only, as for the other district
// settings (the provider decides who can sign in as staff).
func MayManageSSO(role StaffRole) bool { return role == RoleDistrictAdmin }

// SSOSecondFactorProven reports whether a sign-in through the district's identity provider
// counts as a proven second factor: yes, unless the district requires the portal's own
// second factor on top (then the session waits for it, as after a password).
func SSOSecondFactorProven(requirePortalSecondFactor bool) bool { return !requirePortalSecondFactor }
