// Package emaillink is the mechanism below every emailed single-use link of the portal: a
// guardian's verification and reset links and a staff member's reset link. It makes a
// link's random token, keeps only its digest for the store, seals the link for its email
// job, and runs a path's queued forgot-password requests off the request path, so that the
// request answers alike for every address.
//
// The paths (packages family and staff) own their tables, their audit events and their
// emails; what they share is here, and they never import each other.
package emaillink
