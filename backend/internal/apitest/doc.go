// Package apitest runs the assembled portal for tests: a fresh migrated
// PostgreSQL database, a real SMTP mail catcher, the job queue delivering
// mail, and an httptest server. Its clients keep cookies like a browser and
// send the CSRF token the way the SPA does.
package apitest
