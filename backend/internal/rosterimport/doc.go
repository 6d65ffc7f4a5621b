// Package rosterimport is the district admin's OneRoster import (issue 14): an uploaded
// zip is checked ([roster.Check]), compared with the district ([roster.Importer.Plan]) and
// stored as a draft with the counts the admin saw ([Service.DryRun]); applying the draft
// ([Service.Apply]) queues a River job that re-reads the stored zip, checks it again and
// applies it ([roster.Importer.Apply]) in the transaction that records the outcome, wipes
// the zip and queues the admin's email ([Service.RunApply]).
//
// The rules of applying: only the admin who made the draft, within
// [policy.RosterDraftLifetime], once; one import of a district applying at a time; and not
// after another import of the district was applied since the dry run began (its counts no
// longer hold). The history ([Service.List]) shows the imports applied or applying, from
// the page or from `portal roster import` ([Service.Record]).
package rosterimport
