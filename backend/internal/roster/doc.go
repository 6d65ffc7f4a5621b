// Package roster reads and validates a OneRoster 1.1 CSV set (a folder or a .zip holding
// manifest.csv, orgs.csv, academicSessions.csv, classes.csv, users.csv and
// enrollments.csv) and turns it into the compact model later import steps need.
//
// The files are streamed row by row with encoding/csv; only the identifiers and the fields
// the portal uses are kept, and enrolments are kept as pairs of indexes. Every error of the
// set is collected with its file, row and column (up to [MaxListedErrors], then counted), so
// a district sees all that is wrong in one pass. The package does no database work: it
// neither diffs nor applies.
//
// Other files of the standard (demographics.csv, courses.csv, lineItems.csv, …) are
// allowed and ignored.
package roster
