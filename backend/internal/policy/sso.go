package policy

import "strings"

// MayManageSSO reports whether a staff member of role may see the district's single
// sign-on settings and test the provider: district admins only, as for the other district
// settings (the provider decides who can sign in as staff).
func MayManageSSO(role StaffRole) bool { return role == RoleDistrictAdmin }

// SSOSecondFactorProven reports whether a sign-in through the district's identity provider
// counts as a proven second factor: yes, unless the district requires the portal's own
// second factor on top (then the session waits for it, as after a password).
func SSOSecondFactorProven(requirePortalSecondFactor bool) bool { return !requirePortalSecondFactor }

// SSOEmailAllowed reports whether email, as the provider verified it (lower case), is of
// the district's staff email domain (lower case): exactly that domain, no subdomain, so a
// provider that serves other organisations cannot sign their people in.
func SSOEmailAllowed(email, domain string) bool {
	at := strings.LastIndexByte(email, '@')
	return at > 0 && domain != "" && email[at+1:] == domain
}
