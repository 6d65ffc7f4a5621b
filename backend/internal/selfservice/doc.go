// Package selfservice holds the student's own flows: the account summary,
// setting a recovery PIN and security questions, changing the password while
// signed in, and the forgot-password flow (start, verify with the PIN or all
// three answers, choose a new password).
//
// Every rule comes from package policy; every change of a secret is one
// transaction with its audit event and its confirmation email job.
package selfservice
