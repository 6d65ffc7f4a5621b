// Package mail renders the portal's emails and delivers them over SMTP as
// River jobs, in English or Spanish, each as plain text and HTML.
//
// Every change of a password, PIN or set of security questions inserts a
// ConfirmationArgs job in the same database transaction as the change itself,
// so the email exists exactly when the change does (a transactional outbox).
// ConfirmationWorker later renders the email in the recipient's language and
// sends it through Sender; a failed send returns an error and River retries it
// with backoff for days, so a mail server outage delays an email but never
// loses it. A guardian or staff reset of a child's account also sends a copy
// to each linked guardian (ConfirmationArgs.ToGuardian), worded for a parent.
//
// The family portal's own emails are FamilyEmailArgs jobs, sent by
// FamilyWorker: the email-verification and password-reset links, the answer
// to a registration of an address that already has an account, and the
// notice that a guardian's password changed. The one-time links are sealed
// with the portal's AEAD before they enter the job table (FamilyLinkAD binds
// them to the recipient's address) and opened only to render the email; a
// job whose link has expired is cancelled rather than retried.
//
// Every email's Message-ID is derived from its job ID, so a rare second
// delivery of one job is recognisable.
//
// The job payloads sit in the database and in River's job history, and the
// emails sit in mailboxes nobody controls, so neither ever carries a
// password, PIN or security answer, and a payload never carries a usable
// token: only who, what, when, through which path and whom to tell if it was
// not them. The workers' logs name neither the recipient's address nor a
// link.
package mail
