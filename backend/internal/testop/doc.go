// Package testop runs a real OpenID provider for tests: zitadel/oidc's example provider
// (its op package, login page and in-memory storage), with one confidential client and the
// users a test names. Go tests serve it from an httptest server; cmd/testop serves it to
// the end-to-end suite. It is never part of the portal's binary.
package testop
