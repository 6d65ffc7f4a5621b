// Package staff signs school and district staff in: email and password under the sign-in
// throttle every account shares, then a second factor (an authenticator app's TOTP code
// that is never accepted twice, a one-time recovery code, or a passkey). It also holds the
// staff member's own account changes (password, passkeys), the emailed forgot-password
// link, and a district admin's reset of a staff member's second factor. Storage is the
// Store interface, implemented by package postgres; sessions and cookies are the HTTP
// layer's.
package staff
