package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/rosterimport"
)

// RosterImports stores OneRoster imports (package rosterimport): drafts with their zip,
// the history, and the apply jobs on River.
type RosterImports struct {
	DB    *DB
	River *river.Client[pgx.Tx]
}

var _ rosterimport.Store = (*RosterImports)(nil)

// InTx runs fn in one transaction of DB.
func (r *RosterImports) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return r.DB.InTx(ctx, fn)
}

// DistrictPSU returns the district's PSU code.
func (r *RosterImports) DistrictPSU(ctx context.Context, districtID string) (string, error) {
	return (&Regen{DB: r.DB}).DistrictPSU(ctx, districtID)
}

// LastApplied returns the district's highest applied number, 0 before any import.
func (r *RosterImports) LastApplied(ctx context.Context, districtID string) (int64, error) {
	var n int64
	if err := r.DB.q(ctx).QueryRow(ctx, `select coalesce(max(applied_seq), 0) from roster_imports where district_id = $1`,
		districtID).Scan(&n); err != nil {
		return 0, fmt.Errorf("last applied roster import: %w", err)
	}
	return n, nil
}

// planFile is a file of a plan as stored (and as the API shows it).
type planFile struct {
	File      string `json:"file"`
	Added     int    `json:"added"`
	Changed   int    `json:"changed"`
	Retired   int    `json:"retired"`
	Unchanged int    `json:"unchanged"`
}

func encodePlan(p roster.Plan) ([]byte, error) {
	files := make([]planFile, len(p.Files))
	for i, f := range p.Files {
		files[i] = planFile{File: f.File, Added: f.Added, Changed: f.Changed, Retired: f.Retired, Unchanged: f.Unchanged}
	}
	doc, err := json.Marshal(map[string]any{"files": files})
	if err != nil {
		return nil, fmt.Errorf("encode roster plan: %w", err)
	}
	return doc, nil
}

func decodePlan(doc []byte) (roster.Plan, error) {
	var stored struct {
		Files []planFile `json:"files"`
	}
	if err := json.Unmarshal(doc, &stored); err != nil {
		return roster.Plan{}, fmt.Errorf("read roster plan: %w", err)
	}
	p := roster.Plan{Files: make([]roster.FilePlan, len(stored.Files))}
	for i, f := range stored.Files {
		p.Files[i] = roster.FilePlan{File: f.File, Added: f.Added, Changed: f.Changed, Retired: f.Retired, Unchanged: f.Unchanged}
	}
	return p, nil
}

// CreateDraft stores a draft in the transaction in ctx, after wiping the admin's expired
// drafts and deleting all but their newest DraftsKept-1 others.
func (r *RosterImports) CreateDraft(ctx context.Context, d rosterimport.Draft) (rosterimport.Import, error) {
	tx, err := r.DB.tx(ctx)
	if err != nil {
		return rosterimport.Import{}, err
	}
	if _, err := tx.Exec(ctx, `delete from roster_imports where id in (
			select id from roster_imports where created_by = $1 and state = 'draft'
			order by created_at desc offset $2)`, d.CreatedBy, rosterimport.DraftsKept-1); err != nil {
		return rosterimport.Import{}, fmt.Errorf("drop old roster drafts: %w", err)
	}
	if _, err := tx.Exec(ctx, `update roster_imports set zip = null
		where created_by = $1 and state = 'draft' and expires_at < $2 and zip is not null`, d.CreatedBy, d.CreatedAt); err != nil {
		return rosterimport.Import{}, fmt.Errorf("wipe expired roster drafts: %w", err)
	}
	doc, err := encodePlan(d.Plan)
	if err != nil {
		return rosterimport.Import{}, err
	}
	var id string
	if err := tx.QueryRow(ctx, `insert into roster_imports (district_id, created_by, source, file_name, zip, plan,
			created_at, expires_at, based_on_seq)
		values ($1, $2, 'upload', $3, $4, $5, $6, $7, $8) returning id`,
		d.DistrictID, d.CreatedBy, d.FileName, d.Zip, doc, d.CreatedAt, d.CreatedAt.Add(rosterimport.DraftLifetime), d.BasedOn).
		Scan(&id); err != nil {
		return rosterimport.Import{}, fmt.Errorf("store roster draft: %w", err)
	}
	return r.Import(ctx, id, false)
}

// importColumns read an import (i) with its admin (s, none for the command line).
const importColumns = ` i.id, i.district_id, coalesce(i.created_by::text, ''),
	coalesce(s.first_name || ' ' || s.last_name, ''), coalesce(s.first_name, ''), coalesce(s.email, ''),
	i.source, i.file_name, i.plan, i.state, i.created_at, i.expires_at, i.applied_at, i.finished_at,
	coalesce(i.failure, ''), i.based_on_seq
	from roster_imports i left join staff s on s.id = i.created_by `

func scanImport(row pgx.Row) (rosterimport.Import, error) {
	var imp rosterimport.Import
	var doc []byte
	var applied, finished *time.Time
	err := row.Scan(&imp.ID, &imp.DistrictID, &imp.CreatedBy, &imp.CreatedByName, &imp.CreatedByFirstName,
		&imp.CreatedByEmail, &imp.Source, &imp.FileName, &doc, &imp.State, &imp.CreatedAt, &imp.ExpiresAt,
		&applied, &finished, &imp.Failure, &imp.BasedOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return rosterimport.Import{}, accounts.ErrNotFound
	}
	if err != nil {
		return rosterimport.Import{}, fmt.Errorf("read roster import: %w", err)
	}
	if imp.Plan, err = decodePlan(doc); err != nil {
		return rosterimport.Import{}, err
	}
	imp.AppliedAt, imp.FinishedAt = deref(applied), deref(finished)
	if imp.Source == rosterimport.SourceCommandLine {
		imp.CreatedByName = rosterimport.CommandLineName
	}
	return imp, nil
}

// Import reads an import; lock holds its row lock for the transaction in ctx (an apply
// and the job's end take it first, so they follow one another).
func (r *RosterImports) Import(ctx context.Context, id string, lock bool) (rosterimport.Import, error) {
	if !isUUID(id) {
		return rosterimport.Import{}, accounts.ErrNotFound
	}
	suffix := ""
	if lock {
		if _, err := r.DB.tx(ctx); err != nil {
			return rosterimport.Import{}, err
		}
		suffix = " for update of i"
	}
	return scanImport(r.DB.q(ctx).QueryRow(ctx, `select`+importColumns+`where i.id = $1`+suffix, id))
}

// Zip reads an import's stored zip, nil when wiped.
func (r *RosterImports) Zip(ctx context.Context, id string) ([]byte, error) {
	var zipped []byte
	err := r.DB.q(ctx).QueryRow(ctx, `select zip from roster_imports where id = $1`, id).Scan(&zipped)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, accounts.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read roster zip: %w", err)
	}
	return zipped, nil
}

// StartApplying marks a draft applying. The partial unique index roster_imports_one_applying
// keeps one import of a district applying: an apply that meets another waits for its
// transaction and, if it stays, fails with the index's violation, translated here.
func (r *RosterImports) StartApplying(ctx context.Context, id string, at time.Time) error {
	_, err := r.DB.q(ctx).Exec(ctx, `update roster_imports set state = 'applying', applied_at = $2 where id = $1`, id, at)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "roster_imports_one_applying" {
		return rosterimport.ErrRunning
	}
	if err != nil {
		return fmt.Errorf("start roster import: %w", err)
	}
	return nil
}

// AppliedSince reports whether an import of the district was applied with a number above
// basedOn.
func (r *RosterImports) AppliedSince(ctx context.Context, districtID string, basedOn int64) (bool, error) {
	var stale bool
	if err := r.DB.q(ctx).QueryRow(ctx, `select exists (select 1 from roster_imports
		where district_id = $1 and applied_seq > $2)`, districtID, basedOn).Scan(&stale); err != nil {
		return false, fmt.Errorf("check roster plan: %w", err)
	}
	return stale, nil
}

// QueueApply inserts an import's job in the transaction carried by ctx, so it commits with
// the apply or not at all.
func (r *RosterImports) QueueApply(ctx context.Context, args rosterimport.ApplyArgs) error {
	tx, err := r.DB.tx(ctx)
	if err != nil {
		return err
	}
	if _, err := r.River.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: rosterimport.ApplyAttempts}); err != nil {
		return fmt.Errorf("queue roster import job: %w", err)
	}
	return nil
}

// Finish ends an import as applied (with its plan and the next applied number) or failed,
// and wipes its zip.
func (r *RosterImports) Finish(ctx context.Context, id, state string, plan *roster.Plan, failure string, at time.Time) error {
	var doc []byte
	if plan != nil {
		var err error
		if doc, err = encodePlan(*plan); err != nil {
			return err
		}
	}
	var fail *string
	if failure != "" {
		fail = &failure
	}
	if _, err := r.DB.q(ctx).Exec(ctx, `update roster_imports set state = $2, plan = coalesce($3, plan), failure = $4,
			finished_at = $5, zip = null,
			applied_seq = case when $2 = 'applied' then nextval('roster_imports_applied_seq') end
		where id = $1`, id, state, doc, fail, at); err != nil {
		return fmt.Errorf("finish roster import: %w", err)
	}
	return nil
}

// Record stores an import of the command line as ended.
func (r *RosterImports) Record(ctx context.Context, rec rosterimport.Recorded) (string, error) {
	doc, err := encodePlan(rec.Plan)
	if err != nil {
		return "", err
	}
	state := rosterimport.StateApplied
	var fail *string
	if rec.Failure != "" {
		state, fail = rosterimport.StateFailed, &rec.Failure
	}
	var id string
	if err := r.DB.q(ctx).QueryRow(ctx, `insert into roster_imports (district_id, source, file_name, plan, state,
			created_at, expires_at, applied_at, finished_at, failure, applied_seq)
		values ($1, 'command_line', $2, $3, $4, $5, $5, $5, $6, $7,
			case when $4 = 'applied' then nextval('roster_imports_applied_seq') end)
		returning id`, rec.DistrictID, rec.FileName, doc, state, rec.StartedAt, rec.FinishedAt, fail).Scan(&id); err != nil {
		return "", fmt.Errorf("record roster import: %w", err)
	}
	return id, nil
}

// History lists the district's imports applied, applying or failed, newest first.
func (r *RosterImports) History(ctx context.Context, districtID string, limit int) ([]rosterimport.Import, error) {
	rows, err := r.DB.q(ctx).Query(ctx, `select`+importColumns+`where i.district_id = $1 and i.state <> 'draft'
		order by i.applied_at desc, i.id limit $2`, districtID, limit)
	if err != nil {
		return nil, fmt.Errorf("list roster imports: %w", err)
	}
	defer rows.Close()
	out := []rosterimport.Import{}
	for rows.Next() {
		imp, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, imp)
	}
	return out, rows.Err()
}

// PurgeRosterDrafts wipes the zips of drafts expired at now and deletes drafts that
// expired before before; it returns how many drafts were deleted or wiped.
func (r *RosterImports) PurgeRosterDrafts(ctx context.Context, now, before time.Time) (int64, error) {
	del, err := r.DB.q(ctx).Exec(ctx, `delete from roster_imports where state = 'draft' and expires_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge roster drafts: %w", err)
	}
	wiped, err := r.DB.q(ctx).Exec(ctx, `update roster_imports set zip = null
		where state = 'draft' and expires_at < $1 and zip is not null`, now)
	if err != nil {
		return 0, fmt.Errorf("wipe expired roster drafts: %w", err)
	}
	return del.RowsAffected() + wiped.RowsAffected(), nil
}
