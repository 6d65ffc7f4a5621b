package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/schoolpass/portal/backend/internal/roster"
)

// rosterCommand runs `portal roster check DIR|ZIP`: it validates a OneRoster 1.1 set and
// prints the rows read per file, then every error (and an error return, so the exit
// status is 1) or what the set holds. It needs no database and no settings.
func rosterCommand(args []string, out io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return errors.New("usage: portal roster check DIR|ZIP (a OneRoster 1.1 CSV set)")
	}
	fsys, closer, err := roster.Open(args[1])
	if err != nil {
		return err
	}
	defer closer.Close()
	set, rep := roster.Check(fsys)
	for _, f := range rep.Files {
		fmt.Fprintf(out, "%-22s %d rows\n", f.File, f.Rows)
	}
	if !rep.OK() {
		for _, e := range rep.Errors {
			fmt.Fprintln(out, e)
		}
		if rep.More > 0 {
			fmt.Fprintf(out, "and %d more errors\n", rep.More)
		}
		return fmt.Errorf("roster check: %s has %d errors; nothing was imported", args[1], rep.ErrorCount())
	}
	c := set.Counts()
	fmt.Fprintf(out, "OK: %d schools, %d classes, %d teachers, %d administrators, %d students, %d guardians, %d enrolments\n",
		c.Schools, c.Classes, c.Teachers, c.Administrators, c.Students, c.Guardians, c.Enrollments)
	return nil
}
