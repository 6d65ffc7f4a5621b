// Package badges runs QR sign-in badges for young students (issue 12): staff in scope issue,
// reissue and revoke a student's badge, issue a class's at once, and void a school's at year
// end; a student signs in by showing the card. The card's token is 256 random bits, stored
// only as its SHA-256 digest. Scope goes through schoolreset's checks of the policy core, so
// a badge is refused exactly where a reset would be, and every action is audited.
package badges
