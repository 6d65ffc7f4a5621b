package policy

import (
	"net/url"
	"path"
	"strings"
	"time"
)

// SSOReauthMaxAge is how long before the callback the provider may have authenticated a staff
// member for a renewal through it to count: the portal asks for a new login (prompt=login,
// max_age=0), so the provider's auth_time is seconds old unless the provider ignored that and
// reused an earlier login, which proves nothing about who sits at the keyboard now.
const SSOReauthMaxAge = 3 * time.Minute

// ssoClockSkew is how far ahead of the portal's clock the provider's may run.
const ssoClockSkew = time.Minute

// SSOReauthenticatedRecently reports whether an ID token's auth_time (zero: the provider did
// not send one, which OpenID Connect allows) is recent enough at now for a renewal of the
// second factor: less than SSOReauthMaxAge old, and not more than a minute in the future.
func SSOReauthenticatedRecently(authTime, now time.Time) bool {
	if authTime.IsZero() {
		return true
	}
	age := now.Sub(authTime)
	return age < SSOReauthMaxAge && age > -ssoClockSkew
}

// MaySSORenewSecondFactor reports whether a renewal through the district's identity provider
// may renew a staff session's second factor: only when a sign-in through it counts as one
// (SSOSecondFactorProven); a district that requires the portal's own second factor wants
// that one again too.
func MaySSORenewSecondFactor(requirePortalSecondFactor bool) bool {
	return SSOSecondFactorProven(requirePortalSecondFactor)
}

// maxReturnPath bounds the page a renewal returns to.
const maxReturnPath = 512

// StaffReturnPath checks where a renewal through the provider sends the browser back: a
// page of the staff area of this portal, given as a relative path with an optional query
// ("/staff/district/setup?tab=roster"), nothing else. Anything that could leave the portal
// or its staff area is refused: an absolute or scheme-relative address ("//evil.example"),
// a backslash (browsers read "/\evil.example" as scheme-relative), dot segments or doubled
// slashes, escapes in the path, control characters, a fragment, user info. The empty path means "/staff".
func StaffReturnPath(raw string) (string, bool) {
	if raw == "" {
		return "/staff", true
	}
	if len(raw) > maxReturnPath || strings.ContainsAny(raw, "\\#") || strings.ContainsFunc(raw, isControl) {
		return "", false
	}
	// No escapes in the path: the portal's staff pages need none, and "/staff/%2e%2e/x" or
	// an escaped slash would say one thing to this check and another to the browser.
	if p, _, _ := strings.Cut(raw, "?"); strings.Contains(p, "%") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	p := u.Path
	if p != "/staff" && !strings.HasPrefix(p, "/staff/") {
		return "", false
	}
	if clean := path.Clean(p); clean != p && clean+"/" != p {
		return "", false
	}
	return u.RequestURI(), true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
