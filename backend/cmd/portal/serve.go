package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/banner"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/demo"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/postgres"
)

func serve(ctx context.Context, cfg config.Config, logger *slog.Logger, out io.Writer) error {
	if cfg.District.Name == "" {
		// Pages and emails about passwords from a name families do not know look like phishing.
		return errors.New("PORTAL_DISTRICT_NAME is not set: every page and email names the district " +
			"(see the README for the other district settings: logo, colour, help contact, privacy notice)")
	}
	if generated, err := cfg.EnsureKeys(); err != nil {
		return err
	} else if generated {
		logger.Warn("generated signing and sealing keys; set PORTAL_SESSION_KEYS and PORTAL_DATA_KEYS when running several instances",
			"file", cfg.DataDir+"/keys.json")
	}
	in, err := startInfra(ctx, cfg, logger, true)
	if err != nil {
		return err
	}
	defer in.close()

	app, err := portal.Assemble(cfg, in.pool, in.smtp, logger)
	if err != nil {
		return err
	}
	seeded, err := seedDemo(ctx, cfg, in, logger)
	if err != nil {
		return err
	}
	if err := app.River.Start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	if d := cfg.Directory; d.Configured() {
		// Said once at start: whether passwords leave the portal, and where to (never the secret).
		logger.Info("student passwords are written back to the directory", "url", d.URL, "kind", d.Kind, "bind_dn", d.BindDN, "tls", d.TLS)
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set PORTAL_ADDR to use another address)", cfg.Addr, err)
	}
	// The write timeout is generous: in a flood of sign-ins requests queue
	// behind the hashing limit rather than fail.
	srv := &http.Server{Handler: app.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 120 * time.Second}
	serveErr := make(chan error, 2)
	go func() { serveErr <- srv.Serve(ln) }()
	ops, opsAddr, err := serveOps(cfg, app, serveErr)
	if err != nil {
		srv.Close()
		return err
	}
	printWelcome(out, cfg, in, ln.Addr().String(), opsAddr, seeded)

	select {
	case err := <-serveErr:
		srv.Close()
		if ops != nil {
			ops.Close()
		}
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, s := range []*http.Server{srv, ops} {
		if s == nil {
			continue
		}
		if err := s.Shutdown(shutdownCtx); err != nil {
			logger.Error("http shutdown", "error", err)
			s.Close()
		}
	}
	if err := app.River.Stop(shutdownCtx); err != nil {
		logger.Error("job queue shutdown", "error", err)
	}
	return nil
}

// serveOps serves the metrics (and the profiler when PORTAL_PPROF is on) on
// PORTAL_METRICS_ADDR with a server of their own, never the public one, and
// returns it with the address it listens on; with no address it serves
// nothing and returns nil. A failure of the server after start goes to errs.
func serveOps(cfg config.Config, app *portal.Portal, errs chan<- error) (*http.Server, string, error) {
	if cfg.MetricsAddr == "" {
		return nil, "", nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, "", fmt.Errorf("listen on %s: %w (set PORTAL_METRICS_ADDR to another address, or empty for no metrics)", cfg.MetricsAddr, err)
	}
	// No write timeout: a CPU profile answers after the seconds it was asked for.
	srv := &http.Server{Handler: app.OpsHandler(cfg.Pprof), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("metrics server: %w", err)
		}
	}()
	return srv, ln.Addr().String(), nil
}

// seedDemo seeds the demo district when asked and the database is empty.
func seedDemo(ctx context.Context, cfg config.Config, in *infra, logger *slog.Logger) (bool, error) {
	if !cfg.Demo {
		return false, nil
	}
	if _, err := cfg.EnsureKeys(); err != nil {
		return false, err
	}
	sealer, err := portal.NewSealer(cfg)
	if err != nil {
		return false, err
	}
	seeded, err := postgres.SeedDemo(ctx, in.pool, demoDistrict(), portal.NewHasher(cfg), sealer)
	if err != nil {
		return false, fmt.Errorf("seed demo district: %w", err)
	}
	if seeded {
		logger.Info("seeded the demo district")
	}
	return seeded, nil
}

// printWelcome prints where the portal listens (addr), where its metrics are
// (opsAddr, empty when off), the mail catcher and the demo sign-ins.
func printWelcome(out io.Writer, cfg config.Config, in *infra, addr, opsAddr string, seeded bool) {
	var b strings.Builder
	b.WriteString("\n" + banner.Listening(addr))
	if opsAddr != "" {
		b.WriteString(banner.Metrics(opsAddr))
	}
	if in.catcher != nil {
		fmt.Fprintf(&b, "mail catcher: %s (every email the portal sends lands here)\n", in.catcher.HTTPURL())
	}
	if cfg.Demo {
		if seeded {
			b.WriteString("demo district seeded.\n")
		}
		b.WriteString("demo sign-ins:\n")
		for _, s := range demoDistrict().SignIns() {
			fmt.Fprintf(&b, "  %-14s %-34s %-18s %s\n", s.Role, s.Login, s.Password, s.Note)
		}
		b.WriteString("demo roster (OneRoster): bin/portal roster import --dry-run backend/internal/roster/testdata/demo\n" +
			"  (after Ctrl-C, with the same PORTAL_PG_BIN_DIR, or with DATABASE_URL; the set changes nothing)\n")
	}
	b.WriteString("Press Ctrl-C to stop.\n\n")
	io.WriteString(out, b.String())
}

// demoDistrict is the demo data set; a fixed seed makes every run print the
// same sign-ins as the run that seeded the database.
func demoDistrict() demo.District { return demo.Build(rand.New(rand.NewPCG(2026, 11))) }
