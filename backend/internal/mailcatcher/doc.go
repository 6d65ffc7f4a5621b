// Package mailcatcher is an in-process SMTP server that keeps every message it
// receives in memory and shows them over HTTP.
//
// It exists so that `make run` works on a fresh machine without a real mail
// server (Mailpit and MailHog cannot be installed here), and so that Go tests
// and the Playwright suite can read the confirmation emails and one-time links
// the portal sends through the same SMTP code path production uses.
//
// The catcher accepts plain SMTP without authentication or TLS. That is only
// acceptable because it listens where it is told, which in development and
// tests is a loopback address; it must never be exposed to a network.
//
// Over HTTP it serves a small HTML inbox at / and a JSON API:
//
//	GET    /api/messages           newest first; ?to=addr filters by recipient,
//	                               ?wait=5s waits for a first match
//	GET    /api/messages/{id}      one message
//	DELETE /api/messages           forget every message
//
// An email's own HTML is never rendered inside the inbox page: it is served on
// its own at /messages/{id}/html under a Content-Security-Policy sandbox, so a
// message cannot run script or load anything against the inbox's origin.
package mailcatcher
