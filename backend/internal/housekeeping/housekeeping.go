package housekeeping

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Retention of forgot-password attempt counters. A counter that is neither
// locking nor disabling anything only matters while failures can still add
// up to a lock, so a day is plenty; a disabled counter of a username that
// belongs to no student guards nothing after 30 days.
const (
	attemptRetention         = 24 * time.Hour
	unknownDisabledRetention = 30 * 24 * time.Hour
	interval                 = time.Hour
	// A family link counts failures over 24 hours from the first; a counter whose window
	// ended a day ago counts nothing. An emailed link that expired a day ago (or was used)
	// only answers "expired", which an unknown link answers too.
	familyRetention = 48 * time.Hour
	linkRetention   = 24 * time.Hour
	// A day without a failed sign-in starts the throttle's count again.
	signInRetention = 24 * time.Hour
	// A revoked session's token is refused for its expiry once it expires, so its row can
	// go then; the margin covers another instance whose clock runs a little behind.
	revokedSessionMargin = 5 * time.Minute
	// A grade or school job's untaken result (sealed passwords and codes) is kept a week,
	// as long as the staff member's job list shows the job; then the job goes with it.
	bulkJobRetention = 7 * 24 * time.Hour
	// A regeneration dry run's draft can be confirmed for 30 minutes; one unconfirmed after
	// a day is not in the history and goes, with its selection.
	regenDraftRetention = 24 * time.Hour
	// A roster import's draft can be applied for 30 minutes: its zip (up to 64 MiB) goes at
	// the first clean-up after that, its row (shown as expired) a day later.
	rosterDraftRetention = 24 * time.Hour
)

// Store removes data past its retention.
type Store interface {
	// PurgeRecoveryAttempts deletes counters untouched since idleBefore that
	// lock nothing now, and disabled counters of usernames no student has
	// untouched since unknownBefore. It returns how many went.
	PurgeRecoveryAttempts(ctx context.Context, now, idleBefore, unknownBefore time.Time) (int64, error)
	// PurgeFamilyData deletes link-attempt counters whose window started before
	// attemptsBefore and emailed links that expired before linksBefore.
	PurgeFamilyData(ctx context.Context, attemptsBefore, linksBefore time.Time) (int64, error)
	// PurgeSignInAttempts deletes sign-in throttle counters whose last failure came
	// before before.
	PurgeSignInAttempts(ctx context.Context, before time.Time) (int64, error)
	// PurgeBadgeAttempts deletes badge sign-in counters whose one-minute window started
	// before before.
	PurgeBadgeAttempts(ctx context.Context, before time.Time) (int64, error)
	// PurgeRevokedSessions deletes the revocations of sessions that expired before before.
	PurgeRevokedSessions(ctx context.Context, before time.Time) (int64, error)
	// PurgeStaffData deletes staff password links that expired before linksBefore (the
	// hourly link limit counts only the last hour's) and passkey challenges that expired
	// before challengesBefore.
	PurgeStaffData(ctx context.Context, linksBefore, challengesBefore time.Time) (int64, error)
	// PurgeBulkJobs deletes grade and school jobs that finished before before, with their
	// selections and any result not taken.
	PurgeBulkJobs(ctx context.Context, before time.Time) (int64, error)
	// PurgeRegenDrafts deletes regeneration drafts (never confirmed) created before before,
	// with their selections.
	PurgeRegenDrafts(ctx context.Context, before time.Time) (int64, error)
	// PurgeRosterDrafts wipes the zips of roster import drafts expired at now and deletes
	// drafts that expired before before.
	PurgeRosterDrafts(ctx context.Context, now, before time.Time) (int64, error)
}

// CleanupArgs is the periodic clean-up job.
type CleanupArgs struct{}

// Kind names the job in River's table.
func (CleanupArgs) Kind() string { return "housekeeping_cleanup" }

// CleanupWorker runs the clean-up.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	Store  Store
	Logger *slog.Logger
	Now    func() time.Time
}

// Work removes what is past retention.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	purges := []struct {
		what string
		run  func() (int64, error)
	}{
		{"recovery attempt counters", func() (int64, error) {
			return w.Store.PurgeRecoveryAttempts(ctx, now, now.Add(-attemptRetention), now.Add(-unknownDisabledRetention))
		}},
		{"family link counters and expired links", func() (int64, error) {
			return w.Store.PurgeFamilyData(ctx, now.Add(-familyRetention), now.Add(-linkRetention))
		}},
		{"sign-in throttle counters", func() (int64, error) {
			return w.Store.PurgeSignInAttempts(ctx, now.Add(-signInRetention))
		}},
		{"badge sign-in counters", func() (int64, error) {
			// A window lasts a minute; an hour's margin keeps any clock skew harmless.
			return w.Store.PurgeBadgeAttempts(ctx, now.Add(-time.Hour))
		}},
		{"revoked sessions past their expiry", func() (int64, error) {
			return w.Store.PurgeRevokedSessions(ctx, now.Add(-revokedSessionMargin))
		}},
		{"expired staff links and passkey challenges", func() (int64, error) {
			return w.Store.PurgeStaffData(ctx, now.Add(-linkRetention), now)
		}},
		{"finished grade and school jobs and their untaken results", func() (int64, error) {
			return w.Store.PurgeBulkJobs(ctx, now.Add(-bulkJobRetention))
		}},
		{"unconfirmed regeneration drafts", func() (int64, error) {
			return w.Store.PurgeRegenDrafts(ctx, now.Add(-regenDraftRetention))
		}},
		{"expired roster import drafts and their zips", func() (int64, error) {
			return w.Store.PurgeRosterDrafts(ctx, now, now.Add(-rosterDraftRetention))
		}},
	}
	for _, p := range purges {
		n, err := p.run()
		if err != nil {
			return fmt.Errorf("purge %s: %w", p.what, err)
		}
		if n > 0 && w.Logger != nil {
			w.Logger.InfoContext(ctx, "housekeeping: purged "+p.what, "count", n)
		}
	}
	return nil
}

// PeriodicJobs returns the schedule of the clean-up: hourly, and once at start.
func PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(
		river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
		&river.PeriodicJobOpts{ID: "housekeeping_cleanup", RunOnStart: true},
	)}
}
