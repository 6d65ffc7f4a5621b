package portal

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/directory"
	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/housekeeping"
	"github.com/schoolpass/portal/backend/internal/httpapi"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/regen"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/roster"
	"github.com/schoolpass/portal/backend/internal/rosterimport"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/selfservice"
	"github.com/schoolpass/portal/backend/internal/sso"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/testapi"
	"github.com/schoolpass/portal/backend/internal/tokens"
	"github.com/schoolpass/portal/backend/internal/writeback"
)

// jobTimeout bounds one attempt of any job; every job here is short (an email attempt
// stops at 30 s of its own), and a killed instance's jobs are retried that long after
// they started, plus up to the rescuer's 30-second interval.
const jobTimeout = 30 * time.Second

// bulkMailFetchCooldown is how soon the bulk mail queue fetches again. River's default
// (100 ms) lets a queue of W workers start at most 10·W jobs a second, 160 with 16 workers:
// below the 200 emails a second a district regeneration needs. The queue is busy only
// while a backlog drains, so fetching often costs nothing otherwise.
const bulkMailFetchCooldown = 5 * time.Millisecond

// Queues are the River queues of the portal and their workers: the default queue (bulk
// chunks, housekeeping, forgot-password requests), the emails of every single change, and
// the emails of bulk changes, apart so that a backlog of 100,000 never delays a student's
// own confirmation.
func Queues(cfg config.Config) map[string]river.QueueConfig {
	queues := map[string]river.QueueConfig{
		river.QueueDefault: {MaxWorkers: 4},
		mail.QueueMail:     {MaxWorkers: 8},
		mail.QueueMailBulk: {MaxWorkers: cfg.BulkMailWorkers, FetchCooldown: bulkMailFetchCooldown},
	}
	if cfg.Directory.Configured() {
		// Directory writes on a queue of their own: a directory down for hours piles up
		// retries there, never in front of an email. Each job holds a database connection
		// while it writes (its student's lock), so few at once.
		queues[writeback.QueueName] = river.QueueConfig{MaxWorkers: directoryWorkers, FetchCooldown: directoryFetchCooldown}
	}
	return queues
}

// directoryWorkers is how many directory writes one instance runs at once. A write takes
// tens of milliseconds on a busy machine (connect, bind, search, modify), so 8 carry well
// over the 50 changes a second of a busy morning; a hung directory holds at most 8 of the
// pool's 20 connections, each for at most the directory timeout.
//
// directoryFetchCooldown: River's default (100 ms) would let the queue start at most 10
// jobs a second per worker, 80 with 8: too close to 50 a second once writes slow down.
const (
	directoryWorkers       = 8
	directoryFetchCooldown = 10 * time.Millisecond
)

// Portal is the assembled portal.
type Portal struct {
	Handler http.Handler
	// River runs the confirmation email jobs; Start it to deliver mail.
	River  *river.Client[pgx.Tx]
	Hasher *accounts.Hasher
	Sealer *accounts.Sealer
	// Badges is the QR badge service the handler uses (tests drive it directly).
	Badges *badges.Service
	// Regen is district regeneration, whose jobs tests drive directly (a failure).
	Regen *regen.Service
	// RosterImports is the district's OneRoster uploads and history (the command line
	// records its imports through it).
	RosterImports *rosterimport.Service
	// Metrics holds the request, Go runtime and process metrics; OpsHandler
	// serves them apart from Handler.
	Metrics *prometheus.Registry
}

// Option replaces a part Assemble wires (tests use fakes of outside parts).
type Option func(*parts)

type parts struct {
	rosterImporter roster.Importer
}

// WithRosterImporter has the roster uploads compare and apply sets with imp.
func WithRosterImporter(imp roster.Importer) Option {
	return func(p *parts) { p.rosterImporter = imp }
}

// Assemble wires the portal on pool, sending mail through smtp (as the
// district, when smtp names no sender). cfg must hold its keys (see
// config.Config.EnsureKeys).
func Assemble(cfg config.Config, pool *pgxpool.Pool, smtp mail.SMTPConfig, logger *slog.Logger, opts ...Option) (*Portal, error) {
	var o parts
	for _, opt := range opts {
		opt(&o)
	}
	hasher := NewHasher(cfg)
	sealer, err := NewSealer(cfg)
	if err != nil {
		return nil, err
	}
	issuer, err := NewTokenIssuer(cfg)
	if err != nil {
		return nil, err
	}
	if smtp.FromName == "" {
		smtp.FromName = cfg.District.Name
	}
	sender, err := mail.NewSender(smtp)
	if err != nil {
		return nil, err
	}
	db := &postgres.DB{Pool: pool}
	workers := river.NewWorkers()
	district := mail.District{Name: cfg.District.Name, HelpPhone: cfg.District.HelpPhone,
		HelpEmail: cfg.District.HelpEmail, HelpURL: cfg.District.HelpURL}
	river.AddWorker(workers, &mail.ConfirmationWorker{Sender: sender, Logger: logger, District: district})
	river.AddWorker(workers, &mail.FamilyWorker{Sender: sender, Links: sealer, Logger: logger, District: district})
	river.AddWorker(workers, &housekeeping.CleanupWorker{Store: postgres.NewHousekeeping(db), Logger: logger})
	// The family and staff services queue their forgot-password requests on this client, so
	// each worker gets its service once both exist (before River starts).
	forgotWorker := &emaillink.ForgotWorker[family.ForgotPath]{}
	river.AddWorker(workers, forgotWorker)
	river.AddWorker(workers, &mail.StaffWorker{Sender: sender, Links: sealer, Logger: logger, District: district})
	staffForgotWorker := &emaillink.ForgotWorker[staff.ForgotPath]{}
	river.AddWorker(workers, staffForgotWorker)
	chunkWorker := &schoolreset.ChunkWorker{Logger: logger}
	river.AddWorker(workers, chunkWorker)
	regenWorker := &regen.Worker{Logger: logger}
	river.AddWorker(workers, regenWorker)
	rosterWorker := &rosterimport.Worker{Logger: logger}
	river.AddWorker(workers, rosterWorker)
	directoryWorker, directoryStatus, err := newDirectory(cfg, sealer, logger)
	if err != nil {
		return nil, err
	}
	if directoryWorker != nil {
		river.AddWorker(workers, directoryWorker)
	}
	riverClient, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:       logger,
		Queues:       Queues(cfg),
		Workers:      workers,
		PeriodicJobs: housekeeping.PeriodicJobs(),
		// A job whose instance was killed mid-attempt stays "running" until River's
		// rescuer retries it: after an hour by default, so the confirmation emails of
		// changes in flight at a crash went out an hour late. Rescue never runs before a
		// job's own timeout has passed, so it cannot duplicate a live attempt.
		JobTimeout:           jobTimeout,
		RescueStuckJobsAfter: jobTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}

	store := postgres.NewSelfService(db)
	attempts := &postgres.SignInAttempts{DB: db}
	auth := &accounts.Authenticator{Students: store.Students, Attempts: attempts, Hasher: hasher, Sealer: sealer}
	auditLog, outbox := &postgres.AuditLog{DB: db}, &postgres.Outbox{DB: db, River: riverClient}
	changes := &change.Writer{Store: store.Students, Audit: auditLog, Mail: outbox, TimeZone: cfg.Policy.TimeZone()}
	if directoryWorker != nil {
		// Every change queues its directory write in its own transaction (change.Directory).
		writes := &postgres.DirectoryWrites{DB: db, River: riverClient, MaxAttempts: cfg.Directory.MaxAttempts}
		directoryWorker.Store, directoryStatus.Store = writes, writes
		changes.Directory = &writeback.Queue{Store: writes, Sealer: sealer}
	}
	self := &selfservice.Service{
		Store: store, Changes: changes, Audit: auditLog,
		Hasher: hasher, Passwords: auth, Tokens: issuer, Settings: cfg.Policy,
	}
	fam := &family.Service{
		Store: postgres.NewFamily(db), Changes: changes, Audit: auditLog, Mail: outbox, Hasher: hasher, Passwords: auth,
		Attempts: attempts, Links: sealer, Settings: cfg.Policy, PublicOrigin: cfg.PublicOrigin,
	}
	forgotWorker.Sender = fam
	schoolStore := postgres.NewSchoolReset(db)
	byStudent := &schoolreset.Service{
		Store: schoolStore, Classrooms: schoolStore, Changes: changes, Audit: auditLog, Hasher: hasher, Sealer: sealer,
		Passwords: auth, Settings: cfg.Policy, PublicOrigin: cfg.PublicOrigin,
		Jobs: &postgres.BulkJobs{DB: db, River: riverClient},
	}
	chunkWorker.Service = byStudent
	badgeSvc := &badges.Service{
		Store: &postgres.Badges{DB: db}, Scope: byStudent, Audit: auditLog,
		Settings: cfg.Policy, PublicOrigin: cfg.PublicOrigin, TriesPerMinute: cfg.BadgeTriesPerMinute,
		Pictures: &postgres.Pictures{DB: db}, Hasher: hasher, Changes: changes,
		PictureTriesPerMinute: cfg.PictureTriesPerMinute,
	}
	staffAudit := &reports.Audit{Store: &postgres.StaffAudit{DB: db}, Recorder: auditLog, Location: cfg.Policy.Location}
	// Two downloads at once, of any kind: one per core, each ≤ 70 MB of heap for 100,000 students.
	exports := &reports.Exports{Recorder: auditLog, MaxExports: 2}
	rosterStore := &postgres.Rosters{DB: db}
	rosters := &reports.Rosters{Store: rosterStore, Exports: exports}
	studentAccounts := &reports.StudentAccounts{
		Schools: rosterStore, Store: &postgres.StudentAccounts{DB: db}, Sealer: sealer, Exports: exports,
	}
	relyingParty, err := NewRelyingParty(cfg)
	if err != nil {
		return nil, err
	}
	staffSvc := &staff.Service{
		Store: &postgres.Staff{DB: db}, Audit: auditLog, Mail: outbox, Attempts: attempts, Hasher: hasher,
		Sealer: sealer, WebAuthn: relyingParty, District: cfg.District.Name, Settings: cfg.Policy,
		PublicOrigin: cfg.PublicOrigin,
	}
	staffForgotWorker.Sender = staffSvc
	regenSvc := &regen.Service{
		Store: &postgres.Regen{DB: db, River: riverClient}, Audit: auditLog, Changes: changes, Sealer: sealer,
		Mail: outbox, ChunkSize: cfg.RegenChunk, PublicOrigin: cfg.PublicOrigin, TimeZone: cfg.Policy.TimeZone(),
	}
	regenWorker.Service = regenSvc
	// Tests may swap the importer (WithRosterImporter); the PostgreSQL one is the default.
	rosterImporter := cmp.Or[roster.Importer](o.rosterImporter, &postgres.RosterImport{DB: db, Sealer: sealer})
	rosterSvc := &rosterimport.Service{
		Store: &postgres.RosterImports{DB: db, River: riverClient}, Importer: rosterImporter, Audit: auditLog,
		Mail: outbox, PublicOrigin: cfg.PublicOrigin, TimeZone: cfg.Policy.TimeZone(),
	}
	rosterWorker.Service = rosterSvc
	// The same staff lookup as the password sign-in: an account the lookup skips (retired)
	// cannot sign in through the provider either.
	ssoSvc := &sso.Service{
		Settings: sso.Settings{
			Issuer: cfg.SSO.Issuer, ClientID: cfg.SSO.ClientID, ClientSecret: cfg.SSO.ClientSecret,
			EmailDomain: cfg.SSO.EmailDomain, Label: cfg.SSO.Label, RedirectURL: cfg.SSO.RedirectURL(cfg.PublicOrigin),
			RequirePortalSecondFactor: cfg.SSO.RequirePortalSecondFactor,
		},
		States: &postgres.SSOStates{DB: db}, Staff: staffSvc.Store, Sessions: &postgres.Sessions{DB: db}, Audit: auditLog,
	}
	var extra func(*echo.Echo)
	if cfg.TestAPI {
		creator := &testapi.Creator{Store: &postgres.TestData{DB: db}, Hasher: hasher, Sealer: sealer}
		extra = func(e *echo.Echo) { testapi.Register(e, creator, logger) }
	}
	// Each portal has its own registry, so several can run in one process (tests).
	metrics := prometheus.NewRegistry()
	metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	e, err := httpapi.New(httpapi.Deps{
		Logger: logger, Tokens: issuer, Auth: auth, Students: store.Students, Sessions: &postgres.Sessions{DB: db},
		SelfService: self, Family: fam, Staff: staffSvc, StaffSessions: &postgres.Sessions{DB: db},
		SchoolReset: byStudent, Badges: badgeSvc, Audit: staffAudit, Rosters: rosters, StudentAccounts: studentAccounts,
		Regen: regenSvc, RosterImports: rosterSvc, Directory: directoryStatus, SSO: ssoSvc,
		SessionTTL: cfg.SessionTTL, SecureCookies: cfg.SecureCookies(), PublicOrigin: cfg.PublicOrigin,
		TrustedProxies: cfg.TrustedProxies, WebDir: cfg.WebDir, District: cfg.District, Ready: func(ctx context.Context) error { return pool.Ping(ctx) },
		Metrics: metrics, Extra: extra,
	})
	if err != nil {
		return nil, err
	}
	return &Portal{Handler: e, River: riverClient, Hasher: hasher, Sealer: sealer, Badges: badgeSvc, Regen: regenSvc,
		RosterImports: rosterSvc, Metrics: metrics}, nil
}

// NewHasher returns the argon2id hasher with the configured cost and
// concurrency limit.
func NewHasher(cfg config.Config) *accounts.Hasher {
	params := accounts.ProductionHashParams()
	params.Time, params.MemoryKiB = cfg.HashTime, cfg.HashMemoryKiB
	return accounts.NewHasher(params, cfg.HashConcurrency)
}

// NewSealer returns the sealer of school-issued passwords; the first data key seals.
func NewSealer(cfg config.Config) (*accounts.Sealer, error) {
	if len(cfg.DataKeys) == 0 {
		return nil, errors.New("no data key: set PORTAL_DATA_KEYS")
	}
	keys := make(map[string][]byte, len(cfg.DataKeys))
	for _, k := range cfg.DataKeys {
		keys[k.ID] = k.Secret
	}
	return accounts.NewSealer(keys, cfg.DataKeys[0].ID)
}

// NewTokenIssuer returns the issuer of sessions and flow tokens: named for
// the public origin, signing with the first session key.
func NewTokenIssuer(cfg config.Config) (*tokens.Issuer, error) {
	keys := make([]tokens.Key, len(cfg.SessionKeys))
	for i, k := range cfg.SessionKeys {
		keys[i] = tokens.Key{ID: k.ID, Secret: k.Secret}
	}
	return tokens.NewIssuer(cfg.PublicOrigin, keys)
}

// NewRelyingParty returns the WebAuthn relying party of staff passkeys: its id is the public
// origin's host, the only origin passkeys are accepted from. WebAuthn has no relying party
// at an IP address, so a portal reached at one (a test server) has no passkeys: nil.
func NewRelyingParty(cfg config.Config) (*webauthn.WebAuthn, error) {
	u, err := url.Parse(cfg.PublicOrigin)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("passkeys: public origin %q has no host", cfg.PublicOrigin)
	}
	if net.ParseIP(u.Hostname()) != nil {
		return nil, nil
	}
	name := cfg.District.Name
	if name == "" {
		name = "School portal"
	}
	rp, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: name, RPOrigins: []string{cfg.PublicOrigin}})
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return rp, nil
}

// newDirectory returns the directory write-back's worker (its Store set once the job queue
// exists) and its status, when cfg names a directory; else no worker and a status that
// says "not configured".
func newDirectory(cfg config.Config, sealer *accounts.Sealer, logger *slog.Logger) (*writeback.Worker, *writeback.Status, error) {
	if !cfg.Directory.Configured() {
		return nil, &writeback.Status{}, nil
	}
	d := cfg.Directory
	wcfg, err := d.WriterConfig()
	if err != nil {
		return nil, nil, err
	}
	writer, err := directory.NewWriter(wcfg)
	if err != nil {
		return nil, nil, err
	}
	worker := &writeback.Worker{Sealer: sealer, Directory: writer, Logger: logger, RetryBase: d.RetryBase, RetryCap: d.RetryCap}
	status := &writeback.Status{Check: writer.Check, Settings: writeback.Settings{
		URL: d.URL, Kind: d.Kind, BindDN: d.BindDN, BaseDN: d.BaseDN, UsernameAttribute: d.UsernameAttribute, TLS: d.TLS,
	}}
	return worker, status, nil
}
