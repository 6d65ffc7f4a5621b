// Package httpapi is the portal's HTTP face: the Echo routes generated from
// openapi.yaml, request decoding with specific errors, sessions in a cookie,
// CSRF and cross-origin defence, security headers, health and metrics, the
// built SPA, and the one error handler that maps domain errors to status
// codes and the single error body.
package httpapi
