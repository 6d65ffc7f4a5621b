package apitest

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"net"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// Harness is one running portal with its own database and mailbox.
type Harness struct {
	T       testing.TB
	Pool    *pgxpool.Pool
	Mail    *mailcatcher.Catcher
	Server  *httptest.Server
	Portal  *portal.Portal
	Config  config.Config
	Context context.Context
	// Logs holds everything the portal logged, as JSON lines.
	Logs *LogBuffer
}

// LogBuffer collects log output safely from many goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// setup is what options adjust before the portal is assembled.
type setup struct {
	cfg      *config.Config
	poolSize int32
	tracer   pgx.QueryTracer
	portal   []portal.Option
}

// Option adjusts the set-up of a harness.
type Option func(*setup)

// WithPoolSize raises the database pool for tests that race many requests.
func WithPoolSize(n int32) Option { return func(s *setup) { s.poolSize = n } }

// WithQueryTracer has tracer see every query of the portal's pool, e.g. to count the
// queries a request makes.
func WithQueryTracer(tracer pgx.QueryTracer) Option { return func(s *setup) { s.tracer = tracer } }

// WithPortal passes options to portal.Assemble, e.g. a fake of an outside part.
func WithPortal(opts ...portal.Option) Option {
	return func(s *setup) { s.portal = append(s.portal, opts...) }
}

// WithConfig changes the configuration, e.g. a policy setting.
func WithConfig(change func(*config.Config)) Option { return func(s *setup) { change(s.cfg) } }

// New starts a portal for t, stopped at cleanup. Hashing uses cheap
// parameters: the tests are about behaviour, the benchmarks about cost.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatalf("default config: %v", err)
	}
	cfg.HashTime, cfg.HashMemoryKiB = 1, 64
	cfg.SessionKeys = []config.Key{{ID: "test-1", Secret: randomKey(t)}}
	cfg.DataKeys = []config.Key{{ID: "test-1", Secret: randomKey(t)}}
	cfg.WebDir = ""
	st := setup{cfg: &cfg, poolSize: 8}
	for _, o := range opts {
		o(&st)
	}
	pool := testdb.NewWithConfig(t, func(pc *pgxpool.Config) {
		pc.MaxConns = st.poolSize
		pc.ConnConfig.Tracer = st.tracer
	})

	logs := &LogBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	catcher, err := mailcatcher.Start(ctx, "127.0.0.1:0", "127.0.0.1:0", logger)
	if err != nil {
		t.Fatalf("mail catcher: %v", err)
	}
	t.Cleanup(func() { _ = catcher.Close() })
	host, port, _ := net.SplitHostPort(catcher.SMTPAddr())
	portNum, _ := strconv.Atoi(port)

	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	cfg.PublicOrigin = srv.URL
	p, err := portal.Assemble(cfg, pool, mail.SMTPConfig{Host: host, Port: portNum, TLS: "none", From: "no-reply@portal.example"}, logger, st.portal...)
	if err != nil {
		t.Fatalf("assemble portal: %v", err)
	}
	srv.Config.Handler = p.Handler
	if err := p.River.Start(ctx); err != nil {
		t.Fatalf("start job queue: %v", err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.River.Stop(stopCtx)
	})
	return &Harness{T: t, Pool: pool, Mail: catcher, Server: srv, Portal: p, Config: cfg, Context: ctx, Logs: logs}
}

func randomKey(t testing.TB) []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

// WaitForMail waits up to 10 seconds for an email to address whose subject
// contains subject.
func (h *Harness) WaitForMail(to string, match func(mailcatcher.Message) bool) mailcatcher.Message {
	h.T.Helper()
	ctx, cancel := context.WithTimeout(h.Context, 10*time.Second)
	defer cancel()
	m, err := h.Mail.WaitFor(ctx, func(m mailcatcher.Message) bool {
		for _, addr := range m.To {
			if addr == to && (match == nil || match(m)) {
				return true
			}
		}
		return false
	})
	if err != nil {
		h.T.Fatalf("no email to %s arrived: %v", to, err)
	}
	return m
}
