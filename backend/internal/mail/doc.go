// Package mail renders the portal's confirmation emails and delivers them
// over SMTP as River jobs.
//
// Every change of a password, PIN or set of security questions inserts a
// ConfirmationArgs job in the same database transaction as the change itself,
// so the email exists exactly when the change does (a transactional outbox).
// ConfirmationWorker later renders the email in the recipient's language and
// sends it through Sender; a failed send returns an error and River retries it
// with backoff for days, so a mail server outage delays an email but never
// loses it.
//
// The job payload sits in the database and in River's job history, and the
// email sits in mailboxes nobody controls, so neither ever carries a password,
// PIN, security answer or token: only who, what, when, through which path and
// whom to tell if it was not them.
package mail
