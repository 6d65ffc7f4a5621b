// Package family is the family portal: guardian accounts (registration with a verified
// email, sign-in, forgotten password by an emailed single-use link), links to children made
// with a parent access code from the school, the family dashboard, and a guardian's reset of
// a linked child's password.
//
// Every decision is the policy core's (package policy): the password rules, who may act on
// whom (policy.GuardianAccess), the attempt limits and the per-child reset limit. A guardian
// acting on a child who is not linked gets the same accounts.ErrNotFound as for a child who
// does not exist, and every refusal is audited. Every change is one transaction with its
// audit event and its email jobs.
package family
