// Package postgres implements every domain store on PostgreSQL through pgx v5,
// applies the embedded schema migrations, and enqueues River jobs inside the
// same transaction as the change they belong to.
//
// Driver errors are translated here: pgx.ErrNoRows becomes the calling
// domain's ErrNotFound, so no domain package depends on pgx.
package postgres
