// Package schoolreset is the By Student side of the staff tools: finding a student in the
// staff member's scope, the student's status page, and what staff do for one student
// (reset the password, show the school-issued one, unlock, issue a parent access code).
//
// Every operation asks the policy core (policy.StaffMay) through one method, authorize, on
// the student as the database relates it to the staff member, and every refusal is audited:
// a student outside the scope looks exactly like one that does not exist
// (accounts.ErrNotFound, 404), a student in scope whom this role may not act on gets
// ErrNotAllowed (403). Changes run in one transaction with their audit event and emails.
package schoolreset
