// Package regen is district default-password regeneration (issue 13): a district admin
// picks students by PSU code, campus codes and grades and gives them new school-issued
// default passwords.
//
// This step holds the request as the form types it and its dry run: [Parse] checks the
// typed fields (pure rules: formats, known grade codes, repeats, force-change only with
// also-reset), [Service.DryRun] adds the rules that need the district (its PSU code, its
// schools), applies the policy (district admins only, with a second factor proven less than
// 5 minutes ago) and counts the students the request would touch, by school and grade.
// Every refusal of the fields comes at once, as one policy.RefusalError with code
// [RefusedRules], each violation naming its field and the value as typed. Nothing is
// written: the job, its stored selection and the request history come later.
package regen
