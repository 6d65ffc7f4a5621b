// Package testapi is a data API for the end-to-end suite: POST /api/test/students
// creates a student with known secrets in the first school of the database, stored
// exactly as the portal stores them (argon2id hashes of the NFKC password, the folded
// answers and the PIN, or a school default password sealed under the student's id).
//
// It is registered only when PORTAL_TEST_API is on, and the portal logs a warning at
// start when it is. It must never be on in production: anyone who reaches it can make
// an account and knows its password.
package testapi
