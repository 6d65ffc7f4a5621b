// Command portal runs the student and family password portal.
//
//	portal [serve]   start the portal (the default)
//	portal migrate   apply database migrations and exit
//	portal seed-demo seed the demo district into an empty database and exit
//	portal issue-code STUDENT-ID
//	                 issue a parent access code for a student and print it
//	portal roster check DIR|ZIP
//	                 validate a OneRoster 1.1 CSV set and print its errors or counts
//	portal roster import [--dry-run] DIR|ZIP
//	                 validate a set, print what it would add, change and retire per file
//	                 in its district (found by PSU code), and apply it unless --dry-run
//
// Every setting comes from the environment; the README lists them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/schoolpass/portal/backend/internal/config"
)

func main() {
	// `portal roster` hashes no password and holds a whole set: it keeps Go's default, so
	// the pages its collector frees leave its resident size at once (with MADV_FREE they
	// stay counted until the kernel needs them: 510 MB instead of 435 MB for the check of
	// a million students).
	if len(os.Args) < 2 || os.Args[1] != "roster" {
		useFreePages()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := "serve"
	if len(os.Args) > 1 {
		cmd = os.Args[1]
	}
	if err := run(ctx, cmd, os.Args[min(2, len(os.Args)):], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cmd string, args []string, out io.Writer) error {
	if cmd == "roster" {
		return rosterCommand(ctx, args, out)
	}
	cfg, err := config.Load(config.Getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg.LogLevel)
	if os.Getenv("GOMAXPROCS") == "" {
		// Hashing may keep every core busy (cfg.HashConcurrency is one per
		// core); one more scheduler slot keeps health checks and ordinary
		// requests answering promptly during a flood of sign-ins.
		runtime.GOMAXPROCS(cfg.HashConcurrency + 1)
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, logger, out)
	case "migrate":
		infra, err := startInfra(ctx, cfg, logger, false)
		if err != nil {
			return err
		}
		infra.close()
		return nil
	case "seed-demo":
		cfg.Demo = true
		infra, err := startInfra(ctx, cfg, logger, false)
		if err != nil {
			return err
		}
		defer infra.close()
		_, err = seedDemo(ctx, cfg, infra, logger)
		return err
	case "issue-code":
		if len(args) != 1 {
			return errors.New("usage: portal issue-code STUDENT-ID (the student's 9-digit ID)")
		}
		return issueCode(ctx, cfg, logger, args[0], out)
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, seed-demo, issue-code or roster)", cmd)
	}
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
