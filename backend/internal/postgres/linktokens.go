package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/emaillink"
)

// linkTokens is one table of emailed single-use links (package emaillink): the guardians'
// links, of two purposes, or the staff's reset links. The statements are the same for both;
// the table, its owner column and whether it has a purpose column differ.
type linkTokens struct {
	table, owner string
	// purposes is true for a table with a purpose column; a link is then matched on its
	// purpose too, which always goes last among a statement's arguments.
	purposes bool
}

var (
	guardianLinks = linkTokens{table: "guardian_link_tokens", owner: "guardian_id", purposes: true}
	staffLinks    = linkTokens{table: "staff_link_tokens", owner: "staff_id"}
)

// match is the purpose condition of a statement whose purpose argument is $n, and args the
// statement's arguments with the purpose added where the table has one.
func (l linkTokens) match(n int, purpose string, args ...any) (string, []any) {
	if !l.purposes {
		return "", args
	}
	return fmt.Sprintf(" and purpose = $%d", n), append(args, purpose)
}

// save stores a new link's digest and retires the owner's earlier unused links of the
// purpose. The caller holds the owner's row lock, or the retirement misses links that
// transactions running alongside are making.
func (l linkTokens) save(ctx context.Context, q querier, digest []byte, ownerID, purpose string, expires time.Time) error {
	cond, args := l.match(2, purpose, ownerID)
	if _, err := q.Exec(ctx, `update `+l.table+` set used_at = now()
		where `+l.owner+` = $1 and used_at is null`+cond, args...); err != nil {
		return fmt.Errorf("retire %s: %w", l.table, err)
	}
	columns, values := "token_digest, expires_at, "+l.owner, "$1, $2, $3"
	if l.purposes {
		columns, values = columns+", purpose", values+", $4"
	}
	_, args = l.match(4, purpose, digest, expires, ownerID)
	if _, err := q.Exec(ctx, `insert into `+l.table+` (`+columns+`) values (`+values+`)`, args...); err != nil {
		return fmt.Errorf("save %s: %w", l.table, err)
	}
	return nil
}

// ownerOf returns the owner of a live link (unused, unexpired at now), or emaillink.ErrInvalid.
func (l linkTokens) ownerOf(ctx context.Context, q querier, digest []byte, purpose string, now time.Time) (string, error) {
	cond, args := l.match(3, purpose, digest, now)
	return l.scanOwner(q.QueryRow(ctx, `select `+l.owner+` from `+l.table+`
		where token_digest = $1 and used_at is null and expires_at > $2`+cond, args...))
}

// use spends a live link and returns its owner, or emaillink.ErrInvalid; the update's row lock lets
// exactly one of two concurrent uses succeed.
func (l linkTokens) use(ctx context.Context, q querier, digest []byte, purpose string, now time.Time) (string, error) {
	cond, args := l.match(3, purpose, digest, now)
	return l.scanOwner(q.QueryRow(ctx, `update `+l.table+` set used_at = $2
		where token_digest = $1 and used_at is null and expires_at > $2`+cond+` returning `+l.owner, args...))
}

func (l linkTokens) scanOwner(row pgx.Row) (string, error) {
	var id string
	err := row.Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", emaillink.ErrInvalid
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", l.table, err)
	}
	return id, nil
}

// recent counts the links of a purpose sent to an owner since a moment.
func (l linkTokens) recent(ctx context.Context, q querier, ownerID, purpose string, since time.Time) (int, error) {
	cond, args := l.match(3, purpose, ownerID, since)
	var n int
	if err := q.QueryRow(ctx, `select count(*) from `+l.table+`
		where `+l.owner+` = $1 and created_at > $2`+cond, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", l.table, err)
	}
	return n, nil
}

// purge deletes the links that expired before a moment.
func (l linkTokens) purge(ctx context.Context, q querier, before time.Time) (int64, error) {
	tag, err := q.Exec(ctx, `delete from `+l.table+` where expires_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("purge %s: %w", l.table, err)
	}
	return tag.RowsAffected(), nil
}
