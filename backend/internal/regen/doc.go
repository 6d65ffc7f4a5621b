// Package regen is district default-password regeneration (issue 13): a district admin
// picks students by PSU code, campus codes and grades and gives them new school-issued
// default passwords.
//
// [Parse] checks the typed fields (pure rules: formats, known grade codes, repeats,
// force-change only with also-reset); [Service.DryRun] adds the rules that need the
// district (its PSU code, its schools), applies the policy (district admins only, with a
// second factor proven less than 5 minutes ago), and stores the request as a draft with
// exactly the students it counted (its selection), so a student added later is not
// silently included. Every refusal of the fields comes at once, as one
// policy.RefusalError with code [RefusedRules], each violation naming its field and value.
//
// [Service.Run] confirms a draft (within [DraftLifetime], one request of a district at a
// time) and queues its first River job. [Service.RunPart] changes the selection in chunk
// transactions, each locking the request and its students, giving each a new default
// password ([policy.GenerateDefaultPassword], sealed for the student) and, with
// also-reset, writing it through the one change function (change.Writer.Defaults); the
// students are marked done in the same transaction, so a chunk retried after a crash finds
// exactly those not done yet. A job runs chunks for [PartBudget], then queues its
// continuation. [Service.Cancel] stops a request between chunks; the history
// ([Service.History], [Service.ExportCSV]) shows every confirmed request of the district,
// and the requester gets an email when a request ends.
package regen
