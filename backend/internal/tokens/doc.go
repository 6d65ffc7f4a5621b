// Package tokens issues and checks the portal's signed tokens: session
// tokens kept in a cookie and the short-lived tokens of the forgot-password
// flow. All are JWTs (golang-jwt v5) with one allowed algorithm (HS256),
// required exp/iss/aud, and a kid naming the key, so keys can be rotated:
// the first key of the ring signs, every key of the ring verifies.
//
// Each purpose has its own audience, so a token issued for one purpose is
// refused for any other.
package tokens
