package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/postgres"
)

// issueCode issues a parent access code for one student and prints it, until staff issue
// codes in the portal. With the embedded database, stop `make run` first (one server owns
// the data folder) or point DATABASE_URL at the running one.
func issueCode(ctx context.Context, cfg config.Config, logger *slog.Logger, studentNumber string, out io.Writer) error {
	in, err := startInfra(ctx, cfg, logger, false)
	if err != nil {
		return err
	}
	defer in.close()
	db := &postgres.DB{Pool: in.pool}
	svc := &family.Service{
		Store: postgres.NewFamily(db), Audit: &postgres.AuditLog{DB: db},
		Hasher: portal.NewHasher(cfg), Settings: cfg.Policy,
	}
	code, expires, err := svc.IssueAccessCode(ctx, studentNumber, "admin-command")
	if err != nil {
		return fmt.Errorf("issue access code for %s: %w", studentNumber, err)
	}
	_, err = fmt.Fprintf(out, "Parent access code for student %s: %s (valid until %s)\n",
		studentNumber, code, expires.Format("January 2, 2006"))
	return err
}
