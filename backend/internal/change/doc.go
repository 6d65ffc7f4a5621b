// Package change writes every change of a student's secrets, whichever path makes it.
//
// Self-reset, change while signed in, a guardian's reset, a staff reset, bulk resets and
// district regeneration differ in who acts, what the policy allows and who is
// told, never in how the change is written. [Writer.Password] takes who acts, on whom,
// through which path, the new secret (a hash, or a sealed school-issued default) and
// whether it must be changed at the next sign-in, and in the caller's transaction stores it,
// ends every session of the student, writes the audit event and queues the confirmation
// emails the policy names. No path writes a password row itself.
//
// District regeneration changes thousands of students a transaction through
// [Writer.Defaults]: the same writes for each student as [Writer.Password] with a sealed
// default, made set-wise in a handful of statements, with the audit events and emails built
// by the same function, and the emails on a queue of their own.
//
// Secrets that only the student's own paths set (the PIN and the security answers) are
// stored by those paths and confirmed through [Writer.Confirm], so their audit events and
// emails take the same shape.
package change
