package schoolreset_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// crashingJobs is the real job store with two seams: chunks are counted instead of queued
// on River (the test runs each chunk itself), and marking a chunk done can fail once, as a
// crash between a chunk's changes and its commit would.
type crashingJobs struct {
	*postgres.BulkJobs
	queued    atomic.Int32
	crashNext atomic.Bool
}

func (c *crashingJobs) QueueChunk(context.Context, string) error {
	c.queued.Add(1)
	return nil
}

func (c *crashingJobs) MarkDone(ctx context.Context, jobID string, students []schoolreset.DoneStudent, at time.Time) error {
	if c.crashNext.CompareAndSwap(true, false) {
		return errors.New("simulated crash before the chunk commits")
	}
	return c.BulkJobs.MarkDone(ctx, jobID, students, at)
}

// jobWorld is the world's school A with five students (Inés, Omar and three more) and a
// service whose jobs run two students a chunk on the crashing store.
func jobWorld(t *testing.T) (*world, *schoolreset.Service, *crashingJobs, string) {
	t.Helper()
	w := newWorld(t)
	var school string
	w.scan(t, `select school_id::text from students where id = $1`, []any{w.ines}, &school)
	for i, name := range []string{"Ada", "Bo", "Cy"} {
		w.exec(t, `insert into students (school_id, student_number, username, email, first_name, last_name, grade,
				date_of_birth, password_hash)
			values ($1, $2, $3, $3 || '@students.test.example', $4, 'Extra', 6, '2014-03-14', 'x')`,
			school, fmt.Sprintf("10000009%d", i), strings.ToLower(name)+"x100", name)
	}
	store := &crashingJobs{BulkJobs: &postgres.BulkJobs{DB: &postgres.DB{Pool: w.h.Pool}}}
	svc := *w.svc
	svc.Jobs, svc.JobChunk = store, 2
	return w, &svc, store, school
}

// studentState is each student's token version and number of password changes, by id.
func studentState(t *testing.T, w *world, school string) string {
	t.Helper()
	var s string
	w.scan(t, `select string_agg(s.token_version || ':' || (select count(*) from audit_events a where a.subject_id = s.id::text
			and a.action = 'password_changed' and a.outcome = 'succeeded'), ',' order by s.id)
		from students s where s.school_id = $1`, []any{school}, &s)
	return s
}

// TestJobSurvivesACrash: a job's chunk that fails before it commits leaves no trace (its
// students unchanged, not counted), and running the job on from there changes each
// student exactly once; a chunk run after the end changes nothing.
func TestJobSurvivesACrash(t *testing.T) {
	w, svc, store, school := jobWorld(t)
	before := studentState(t, w, school)
	job, err := svc.StartSchoolJob(w.ctx, w.sam, school, schoolreset.SchoolJob{Kind: schoolreset.JobReset, Generate: true,
		MustChange: true, SecondFactorAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if job.Total != 5 || job.State != schoolreset.JobQueued || store.queued.Load() != 1 {
		t.Fatalf("started job: got %+v, queued %d", job, store.queued.Load())
	}
	// The result is not there while the job runs.
	if _, err := svc.TakeResult(w.ctx, w.sam, job.ID); !errors.Is(err, schoolreset.ErrJobNotFinished) {
		t.Errorf("take while queued: got %v, want ErrJobNotFinished", err)
	}
	if err := svc.RunChunk(w.ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	afterFirst := studentState(t, w, school)
	store.crashNext.Store(true)
	if err := svc.RunChunk(w.ctx, job.ID); err == nil {
		t.Fatal("the crashing chunk reported no error")
	}
	if got := studentState(t, w, school); got != afterFirst {
		t.Errorf("a chunk that crashed before its commit changed students:\n got %s\nwant %s", got, afterFirst)
	}
	if got, _ := svc.JobOf(w.ctx, w.sam, job.ID); got.Done != 2 || got.State != schoolreset.JobRunning {
		t.Errorf("after the crash: got done %d state %s, want 2 running", got.Done, got.State)
	}
	// A canceled context between chunks stops before anything is written, too.
	canceled, cancel := context.WithCancel(w.ctx)
	cancel()
	if err := svc.RunChunk(canceled, job.ID); err == nil {
		t.Error("a chunk with a canceled context reported no error")
	}
	for range 5 {
		if err := svc.RunChunk(w.ctx, job.ID); err != nil {
			t.Fatal(err)
		}
	}
	done, err := svc.JobOf(w.ctx, w.sam, job.ID)
	if err != nil || done.State != schoolreset.JobDone || done.Done != 5 || done.FinishedAt.IsZero() {
		t.Fatalf("finished job: got %+v, %v", done, err)
	}
	got := studentState(t, w, school)
	for i, pair := range strings.Split(got, ",") {
		var version, changes int
		fmt.Sscanf(pair, "%d:%d", &version, &changes)
		var was int
		fmt.Sscanf(strings.Split(before, ",")[i], "%d:", &was)
		if version != was+1 || changes != 1 {
			t.Errorf("student %d: token version %d (was %d), %d password changes; want one change", i, version, was, changes)
		}
	}
	result, err := svc.TakeResult(w.ctx, w.sam, job.ID)
	if err != nil || len(result.Students) != 5 || result.Letters != nil {
		t.Fatalf("result: got %+v, %v", result, err)
	}
	for _, row := range result.Students {
		if row.Password == "" {
			t.Errorf("result row without a password: %+v", row)
		}
	}
	if _, err := svc.TakeResult(w.ctx, w.sam, job.ID); !errors.Is(err, schoolreset.ErrResultTaken) {
		t.Errorf("second take: got %v, want ErrResultTaken", err)
	}
}

// TestJobFailsInPlainWords: a job whose chunk keeps failing is marked failed with a plain
// error; the students done stay done and their result can still be taken.
func TestJobFailsInPlainWords(t *testing.T) {
	w, svc, _, school := jobWorld(t)
	job, err := svc.StartSchoolJob(w.ctx, w.dana, school, schoolreset.SchoolJob{Kind: schoolreset.JobAccessCodes, Reissue: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.RunChunk(w.ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.FailJob(w.ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	failed, err := svc.JobOf(w.ctx, w.dana, job.ID)
	if err != nil || failed.State != schoolreset.JobFailed || failed.Done != 2 ||
		!strings.Contains(failed.Error, "after 2 of 5 students") {
		t.Fatalf("failed job: got %+v, %v", failed, err)
	}
	// A failed job takes no more chunks and frees the school for another job.
	if err := svc.RunChunk(w.ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	if n := w.h.Count(`select count(*) from parent_access_codes`); n != 2 {
		t.Errorf("codes stored: got %d, want the first chunk's 2", n)
	}
	result, err := svc.TakeResult(w.ctx, w.dana, job.ID)
	if err != nil || len(result.Students) != 2 || result.Letters == nil || len(result.Letters.Students) != 2 ||
		result.Letters.School.Name != "Alder School" {
		t.Fatalf("result of the failed job: got %+v, %v", result, err)
	}
	if _, err := svc.StartSchoolJob(w.ctx, w.dana, school, schoolreset.SchoolJob{Kind: schoolreset.JobAccessCodes}); err != nil {
		t.Errorf("a new job after the failure: %v", err)
	}
	if n := w.events(t, w.dana, "school_access_codes_issued", "failed", "failed"); n != 1 {
		t.Errorf("failure audited %d times, want 1", n)
	}
}

// TestChunkWorkerFailsTheJobOnTheLastAttempt: a failing chunk is retried (River gets the
// error) until its last attempt, which marks the job failed and ends the retries.
func TestChunkWorkerFailsTheJobOnTheLastAttempt(t *testing.T) {
	w, svc, store, school := jobWorld(t)
	job, err := svc.StartSchoolJob(w.ctx, w.sam, school, schoolreset.SchoolJob{Kind: schoolreset.JobReset, Generate: true,
		SecondFactorAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	worker := &schoolreset.ChunkWorker{Service: svc}
	attempt := func(n int) error {
		store.crashNext.Store(true)
		return worker.Work(w.ctx, &river.Job[schoolreset.ChunkArgs]{
			JobRow: &rivertype.JobRow{Attempt: n, MaxAttempts: schoolreset.ChunkAttempts}, Args: schoolreset.ChunkArgs{JobID: job.ID}})
	}
	if err := attempt(1); err == nil {
		t.Error("a failing first attempt reported no error to River")
	}
	if got, _ := svc.JobOf(w.ctx, w.sam, job.ID); got.State != schoolreset.JobQueued {
		t.Errorf("after one failed attempt: got state %s, want queued", got.State)
	}
	if err := attempt(schoolreset.ChunkAttempts); err != nil {
		t.Errorf("the last attempt: got %v, want nil (the job is failed, no more retries)", err)
	}
	got, _ := svc.JobOf(w.ctx, w.sam, job.ID)
	if got.State != schoolreset.JobFailed || !strings.Contains(got.Error, "after 0 of 5 students") || got.FinishedAt.IsZero() {
		t.Errorf("after the last attempt: got %+v", got)
	}
}
