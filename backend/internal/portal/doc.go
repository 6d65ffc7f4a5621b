// Package portal assembles the portal from its parts: configuration, a
// database pool and a mail relay in; the HTTP handler and the job queue out.
// The command and the end-to-end Go tests build the portal the same way.
package portal
