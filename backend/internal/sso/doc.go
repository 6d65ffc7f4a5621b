// Package sso signs staff in with the district's OpenID Connect provider: the
// authorization code flow with PKCE (S256), a state and a nonce kept on the server for 10
// minutes and usable once, the state bound to the browser that started the sign-in, and
// the ID token verified by go-oidc (issuer, audience, signature, expiry) before its nonce
// and its verified email are looked at. The email must be of the district's domain and
// belong to an active staff account: the provider says who the person is, the portal
// decides what they may do. Every outcome is audited. Sessions and cookies are the HTTP
// layer's; storage is the StateStore interface, implemented by package postgres.
package sso
