// Package badges runs the young students' sign-ins (issue 12): QR badges and picture
// passwords.
//
// Badges: staff in scope issue, reissue and revoke a student's badge, issue a class's at
// once, and void a school's at year end; a student signs in by showing the card. The card's
// token is 256 random bits, stored only as its SHA-256 digest.
//
// Picture passwords: staff in scope set (chosen or drawn), remove and unlock a student's 3
// pictures of 16, or set a class's at once, and give each class a picture-sign-in code for
// its page of first names. A picture password has only 3,360 values, so it is stored as an
// argon2id hash and guarded by a count of wrong tries per student, claimed before the hash
// is checked (5 lock it), besides a throttle per client address. Setting one is a change of
// the student's secret, confirmed through change.Writer.
//
// Scope goes through schoolreset's checks of the policy core, so a badge or picture
// password is refused exactly where a reset would be, and every action is audited.
package badges
