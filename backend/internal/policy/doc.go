// Package policy is the policy core of the portal: the rules every path (student, guardian,
// staff) applies before a secret changes, written as pure functions.
//
// The package does no I/O, takes no context and never reads the clock: callers pass the
// current time and the district's [Settings], so every rule is deterministic and testable.
// Student, guardian and staff code call the same functions; no path has rules of its own.
//
// It covers:
//
//   - passwords: [CheckPassword] with the rules schools print (8 characters, a lower-case
//     letter, an upper-case letter, a digit) plus a 128-character limit, the embedded
//     common-password list, and the username, names and current password;
//   - PINs ([CheckPIN]) and security questions ([QuestionCatalogue], [CheckQuestions],
//     [FoldAnswer]);
//   - the self-reset window ([CheckSelfResetWindow]) and the attempt limits on recovery
//     verification ([AfterFailedVerification], [RecoveryStatus]);
//   - grades and who may reset their own password ([ValidGrade], [CanSelfReset]);
//   - generated passwords ([GeneratePassword]) and who is notified of a change
//     ([Recipients]).
//
// Refusals are reported as [Violation] values: a stable machine code ([Rule]) the SPA
// translates, and a short English message a 9-year-old and a parent understand.
//
// Character classes are Unicode ones, checked on the NFKC form: a lower-case letter is
// category Ll, an upper-case letter Lu and a digit Nd. The SPA's live checklist must use the
// same classes (\p{Ll}, \p{Lu}, \p{Nd} after String.prototype.normalize("NFKC")) so browser and
// server agree.
package policy
