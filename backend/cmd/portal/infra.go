package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/embeddedpg"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/postgres"
)

// defaultPoolSize is the connection pool size unless DATABASE_URL sets
// pool_max_conns.
const defaultPoolSize = 20

// infra is the database and mail relay the portal runs on: the configured
// ones, or an embedded PostgreSQL and a built-in mail catcher for local use.
type infra struct {
	pool    *pgxpool.Pool
	pg      *embeddedpg.Server
	catcher *mailcatcher.Catcher
	smtp    mail.SMTPConfig
	closers []func()
}

func startInfra(ctx context.Context, cfg config.Config, logger *slog.Logger, withMail bool) (*infra, error) {
	in := &infra{}
	dbURL := cfg.DatabaseURL
	if dbURL == "" {
		logger.Info("starting embedded PostgreSQL", "data_dir", filepath.Join(cfg.DataDir, "postgres"))
		pg, err := embeddedpg.Start(ctx, embeddedpg.Options{
			DataDir: filepath.Join(cfg.DataDir, "postgres"), BinDir: cfg.PostgresBinDir, Logger: logger,
		})
		if err != nil {
			return nil, fmt.Errorf("embedded PostgreSQL: %w", err)
		}
		in.pg = pg
		in.closers = append(in.closers, func() {
			if err := pg.Stop(); err != nil {
				logger.Error("stop embedded PostgreSQL", "error", err)
			}
		})
		dbURL = pg.URL()
	}
	poolCfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		in.close()
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if !strings.Contains(dbURL, "pool_max_conns") {
		// pgx's default (4 on a 2-core machine) queues requests behind hashing
		// transactions; PostgreSQL handles far more.
		poolCfg.MaxConns = defaultPoolSize
	}
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		in.close()
		return nil, fmt.Errorf("database: %w", err)
	}
	in.pool = pool
	in.closers = append(in.closers, pool.Close)
	if err := postgres.Migrate(ctx, pool); err != nil {
		in.close()
		return nil, err
	}
	if !withMail {
		return in, nil
	}
	in.smtp = mail.SMTPConfig{
		Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username, Password: cfg.SMTP.Password,
		TLS: cfg.SMTP.TLS, From: cfg.SMTP.From, FromName: cfg.SMTP.FromName,
	}
	if cfg.SMTP.Host == "" {
		catcher, err := mailcatcher.Start(ctx, "127.0.0.1:0", cfg.MailCatcherAddr, logger)
		if err != nil {
			in.close()
			return nil, fmt.Errorf("mail catcher: %w", err)
		}
		in.catcher = catcher
		in.closers = append(in.closers, func() { _ = catcher.Close() })
		host, port, err := net.SplitHostPort(catcher.SMTPAddr())
		if err != nil {
			in.close()
			return nil, err
		}
		in.smtp.Host, in.smtp.TLS = host, "none"
		in.smtp.Port, _ = strconv.Atoi(port)
	}
	return in, nil
}

// close releases everything in reverse order of start.
func (in *infra) close() {
	for i := len(in.closers) - 1; i >= 0; i-- {
		in.closers[i]()
	}
	in.closers = nil
}

func (in *infra) ready(ctx context.Context) error {
	if in.pool == nil {
		return errors.New("no database")
	}
	return in.pool.Ping(ctx)
}
