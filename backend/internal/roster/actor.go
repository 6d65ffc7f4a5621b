package roster

import (
	"context"
	"errors"
)

// ErrDistrictMismatch refuses a set whose district org's identifier is not the PSU code of
// the district it is applied to: one district's roster must never retire another's people.
var ErrDistrictMismatch = errors.New("the set's district is not this district")

// ErrConflict refuses a set that brings a value (a username, an email, a student number, a
// campus code) that an account or school the roster does not own already has.
var ErrConflict = errors.New("the set conflicts with accounts the roster does not know")

// Actor is who applies a set, for the audit trail: a staff member (the upload page) or the
// command line ("system", "portal roster import").
type Actor struct {
	Kind, ID string
}

type actorKey struct{}

// WithActor returns a context whose imports are audited as a's.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx; the command line when none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: "system", ID: "portal roster import"}
}
