package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/rosterimport"
)

const rosterUsage = "usage: portal roster check DIR|ZIP, or portal roster import [--dry-run] DIR|ZIP (a OneRoster 1.1 CSV set)"

// rosterCommand runs `portal roster check DIR|ZIP` and `portal roster import [--dry-run]
// DIR|ZIP`. Both validate the set and print the rows read per file, then every error (and an
// error return, so the exit status is 1) or what the set holds. check needs no database and
// no settings; import opens the database as `portal serve` does, finds the district by the
// set's PSU code, prints what applying would add, change and retire per file, then applies
// it unless --dry-run.
func rosterCommand(ctx context.Context, args []string, out io.Writer) error {
	var dryRun bool
	var path string
	switch {
	case len(args) == 2 && args[0] == "check":
		path = args[1]
	case len(args) == 2 && args[0] == "import":
		path = args[1]
	case len(args) == 3 && args[0] == "import" && args[1] == "--dry-run":
		dryRun, path = true, args[2]
	default:
		return errors.New(rosterUsage)
	}
	fsys, closer, err := roster.Open(path)
	if err != nil {
		return err
	}
	defer closer.Close()
	// A million students' set, checked and imported, stays under half a gigabyte.
	defer roster.LimitMemory()()
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
		return fmt.Errorf("roster %s: %s has %d errors; nothing was imported", args[0], path, rep.ErrorCount())
	}
	c := set.Counts()
	fmt.Fprintf(out, "OK: %d schools, %d classes, %d teachers, %d administrators, %d students, %d guardians, %d enrolments\n",
		c.Schools, c.Classes, c.Teachers, c.Administrators, c.Students, c.Guardians, c.Enrollments)
	if args[0] == "check" {
		return nil
	}
	return rosterImport(ctx, path, set, dryRun, out)
}

// rosterImport plans, prints and (unless dryRun) applies a checked set to its district.
func rosterImport(ctx context.Context, path string, set *roster.Set, dryRun bool, out io.Writer) error {
	cfg, err := config.Load(config.Getenv)
	if err != nil {
		return err
	}
	// The data key seals new students' default passwords: the one `portal serve` uses.
	if _, err := cfg.EnsureKeys(); err != nil {
		return err
	}
	logger := newLogger(cfg.LogLevel)
	in, err := startInfra(ctx, cfg, logger, false)
	if err != nil {
		return err
	}
	defer in.close()
	sealer, err := portal.NewSealer(cfg)
	if err != nil {
		return err
	}
	psu := set.Orgs[set.District].Identifier
	var districtID string
	err = in.pool.QueryRow(ctx, `select id from districts where psu_code = $1`, psu).Scan(&districtID)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("roster import: no district has the PSU code %q of the set's district org", psu)
	}
	if err != nil {
		return fmt.Errorf("roster import: find district: %w", err)
	}
	db := &postgres.DB{Pool: in.pool}
	importer := &postgres.RosterImport{DB: db, Sealer: sealer}
	plan, err := importer.Plan(ctx, districtID, set)
	if err != nil {
		return err
	}
	printPlan(out, "Plan", plan)
	if dryRun {
		fmt.Fprintln(out, "Dry run: nothing was changed.")
		return nil
	}
	// The import and its line in the district's history (the setup page lists it, and it
	// makes the page's older drafts stale) commit together.
	history := &rosterimport.Service{Store: &postgres.RosterImports{DB: db}, Audit: &postgres.AuditLog{DB: db}}
	started := time.Now()
	var done roster.Plan
	err = db.InTx(ctx, func(ctx context.Context) error {
		if done, err = importer.Apply(ctx, districtID, set); err != nil {
			return err
		}
		_, err = history.Record(ctx, rosterimport.Recorded{DistrictID: districtID, FileName: filepath.Base(path),
			Plan: done, StartedAt: started, FinishedAt: time.Now()})
		return err
	})
	if err != nil {
		return err
	}
	printPlan(out, "Applied", done)
	fmt.Fprintln(out, "Recorded in the district's import history (District setup page).")
	return nil
}

func printPlan(out io.Writer, title string, p roster.Plan) {
	fmt.Fprintf(out, "%s:\n  %-18s %9s %9s %9s %9s\n", title, "file", "added", "changed", "retired", "unchanged")
	for _, f := range p.Files {
		fmt.Fprintf(out, "  %-18s %9d %9d %9d %9d\n", f.File, f.Added, f.Changed, f.Retired, f.Unchanged)
	}
}
