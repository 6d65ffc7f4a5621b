package postgres_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/selfservice"
	"github.com/schoolpass/portal/backend/internal/testdb"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

func confirmation(to string) mail.ConfirmationArgs {
	return mail.ConfirmationArgs{
		To: to, RecipientName: "Robin", Locale: "en", StudentName: "Robin Quill", Username: "robinq1234",
		Change: mail.PasswordChanged, Path: mail.PathSelfReset, OccurredAt: time.Now(),
		SchoolName: "Test Middle School", SchoolContact: "(555) 010-0000",
	}
}

// newRiver returns a River client that sends mail through smtpAddr.
func newRiver(t *testing.T, pool *pgxpool.Pool, smtpAddr string) *river.Client[pgx.Tx] {
	t.Helper()
	host, port, _ := net.SplitHostPort(smtpAddr)
	portNum, _ := strconv.Atoi(port)
	sender, err := mail.NewSender(mail.SMTPConfig{Host: host, Port: portNum, TLS: "none", From: "no-reply@portal.example"})
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &mail.ConfirmationWorker{Sender: sender, Logger: slog.New(slog.DiscardHandler)})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:            slog.New(slog.DiscardHandler),
		Queues:            map[string]river.QueueConfig{mail.QueueMail: {MaxWorkers: 2}},
		Workers:           workers,
		FetchPollInterval: 50 * time.Millisecond,
		FetchCooldown:     20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func countJobs(t *testing.T, pool *pgxpool.Pool, to string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(),
		`select count(*) from river_job where kind = 'confirmation_email' and args->>'to' = $1`, to).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOutboxJobCommitsOrRollsBackWithTheChange(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	outbox := &postgres.Outbox{DB: db, River: newRiver(t, pool, "127.0.0.1:1")}

	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := outbox.Enqueue(ctx, confirmation("rolled-back@students.test.example")); err != nil {
			return err
		}
		return errors.New("the change failed")
	})
	if err == nil {
		t.Fatal("InTx returned nil, want the change's error")
	}
	if got := countJobs(t, pool, "rolled-back@students.test.example"); got != 0 {
		t.Errorf("jobs after rollback = %d, want 0", got)
	}

	if err := db.InTx(ctx, func(ctx context.Context) error {
		return outbox.Enqueue(ctx, confirmation("committed@students.test.example"))
	}); err != nil {
		t.Fatal(err)
	}
	if got := countJobs(t, pool, "committed@students.test.example"); got != 1 {
		t.Errorf("jobs after commit = %d, want 1", got)
	}

	if err := outbox.Enqueue(ctx, confirmation("no-tx@students.test.example")); err == nil {
		t.Error("Enqueue outside a transaction succeeded, want an error: an email job must commit with its change")
	}
}

func TestEmailIsRetriedUntilSMTPAnswers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pool := testdb.New(t)

	// Reserve a port, then leave it closed: SMTP is down.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	smtpAddr := ln.Addr().String()
	ln.Close()

	client := newRiver(t, pool, smtpAddr)
	db := &postgres.DB{Pool: pool}
	outbox := &postgres.Outbox{DB: db, River: client}
	if err := db.InTx(ctx, func(ctx context.Context) error {
		return outbox.Enqueue(ctx, confirmation("retry@students.test.example"))
	}); err != nil {
		t.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Stop(context.Background()) })

	var state string
	var attempt, maxAttempts int
	waitFor(t, ctx, "the first attempt to fail", func() bool {
		err := pool.QueryRow(ctx, `select state, attempt, max_attempts from river_job where args->>'to' = $1`,
			"retry@students.test.example").Scan(&state, &attempt, &maxAttempts)
		return err == nil && state == "retryable"
	})
	if maxAttempts < 18 {
		t.Errorf("max attempts = %d, want at least 18 (River's backoff then spans days)", maxAttempts)
	}
	failedAttempts := attempt

	catcher, err := mailcatcher.Start(ctx, smtpAddr, "127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("start SMTP on the reserved port: %v", err)
	}
	defer catcher.Close()
	// Stand in for the backoff passing: the job is due now.
	if _, err := pool.Exec(ctx, `update river_job set scheduled_at = now() where args->>'to' = $1`,
		"retry@students.test.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := catcher.WaitFor(ctx, func(m mailcatcher.Message) bool {
		return len(m.To) == 1 && m.To[0] == "retry@students.test.example"
	}); err != nil {
		t.Fatalf("email never arrived after SMTP came back: %v", err)
	}
	waitFor(t, ctx, "the job to complete", func() bool {
		err := pool.QueryRow(ctx, `select state, attempt from river_job where args->>'to' = $1`,
			"retry@students.test.example").Scan(&state, &attempt)
		return err == nil && state == "completed"
	})
	if attempt <= failedAttempts {
		t.Errorf("completed on attempt %d, want a later attempt than the failed %d", attempt, failedAttempts)
	}
}

func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// failingAudit fails every record, standing in for any failure late in a change.
type failingAudit struct{}

func (failingAudit) Record(context.Context, audit.Event) error {
	return errors.New("audit store unavailable")
}

func TestChangeIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	store := postgres.NewSelfService(db)
	hasher := accounts.NewHasher(accounts.TestHashParams(), 0)
	sealer, err := accounts.NewSealer(map[string][]byte{"k": make([]byte, 32)}, "k")
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := tokens.NewIssuer("test", []tokens.Key{{ID: "k", Secret: make([]byte, 32)}})
	if err != nil {
		t.Fatal(err)
	}
	studentID := insertStudent(t, pool, hasher, "Lantern-Moss-47")
	auth := &accounts.Authenticator{Students: store.Students, Attempts: &postgres.SignInAttempts{DB: db}, Hasher: hasher, Sealer: sealer}
	outbox := &postgres.Outbox{DB: db, River: newRiver(t, pool, "127.0.0.1:1")}
	svc := func(rec audit.Recorder) *selfservice.Service {
		changes := &change.Writer{Store: store.Students, Audit: rec, Mail: outbox}
		return &selfservice.Service{Store: store, Changes: changes, Audit: rec, Hasher: hasher, Passwords: auth,
			Tokens: issuer, Settings: defaultSettings()}
	}

	if err := svc(failingAudit{}).SetPIN(ctx, studentID, "Lantern-Moss-47", "583920"); err == nil {
		t.Fatal("SetPIN with a failing audit log succeeded, want an error")
	}
	var pinSet bool
	if err := pool.QueryRow(ctx, `select pin_hash is not null from students where id = $1`, studentID).Scan(&pinSet); err != nil {
		t.Fatal(err)
	}
	if pinSet || countJobs(t, pool, "robin@students.test.example") != 0 {
		t.Errorf("after a failed audit write: pin set %v, jobs %d; want no PIN and no email job",
			pinSet, countJobs(t, pool, "robin@students.test.example"))
	}

	if err := svc(&postgres.AuditLog{DB: db}).SetPIN(ctx, studentID, "Lantern-Moss-47", "583920"); err != nil {
		t.Fatalf("SetPIN: %v", err)
	}
	var events int
	if err := pool.QueryRow(ctx, `select count(*) from audit_events where subject_id = $1 and action = 'pin_changed'`,
		studentID).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != 1 || countJobs(t, pool, "robin@students.test.example") != 1 {
		t.Errorf("after SetPIN: %d audit events, %d email jobs; want 1 and 1", events, countJobs(t, pool, "robin@students.test.example"))
	}
}
