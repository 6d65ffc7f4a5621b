// Package reports reads what staff view and export: the audit trail of a staff member's
// scope, school rosters and the Student Accounts report, as pages and as streamed CSV and
// XLSX files whose cells are safe to open in a spreadsheet, each download audited.
package reports
