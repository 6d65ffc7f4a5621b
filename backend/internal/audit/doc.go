// Package audit defines the append-only audit trail of the portal: every
// change and every refusal, with who, on whom, what, through which path,
// when, from where and the outcome. The trail is stored by package postgres,
// where a trigger refuses updates and deletes.
package audit
