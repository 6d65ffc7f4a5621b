// Package reports reads what staff export: for now the audit trail of a staff member's
// scope, as pages for the audit view and as a streamed CSV whose cells are safe to open in
// a spreadsheet.
package reports
