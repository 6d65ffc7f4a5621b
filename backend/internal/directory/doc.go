// Package directory writes a student's new password to the school district's directory:
// OpenLDAP (the RFC 3062 Password Modify extended operation) or Active Directory (a replace
// of unicodePwd, which AD accepts only over TLS).
//
// A Writer connects, binds as the configured service account, finds the one entry whose
// UsernameAttribute equals the username under BaseDN, and sets its password. Its errors say
// whether trying again later can help: errors.Is(err, ErrUnavailable) for a directory that
// could not be reached or was busy (the write-back job retries those), every other error is
// a permanent refusal (bad service credentials, no entry, more than one entry, a password
// the directory's own policy refuses).
//
// The package knows nothing of HTTP, Echo or PostgreSQL; its tests run against a real slapd
// started by the slapdtest package.
package directory
