package writeback

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
)

// NoPlaintext is the reason recorded for a change whose plaintext the portal no longer has:
// a school-wide job with one typed password keeps only its hash between its chunks.
const NoPlaintext = "The password was set by a school-wide reset with a typed password, which the portal keeps only as a hash, so it could not be sent to the directory. Reset this student's password again."

// Queue is the change function's way to the directory (a change.Directory): it seals what
// needs sealing and hands the writes to the Store, in the change's transaction.
type Queue struct {
	Store  Store
	Sealer *accounts.Sealer
}

var _ change.Directory = (*Queue)(nil)

// QueuePassword implements change.Directory.
func (q *Queue) QueuePassword(ctx context.Context, studentID, plain string, secret accounts.StoredPassword, at time.Time) error {
	p := Pending{StudentID: studentID, ChangedAt: at}
	switch {
	case len(secret.Sealed) > 0:
		// A school-issued default is already sealed, bound to the student: reuse the seal.
		p.Sealed, p.KeyID = secret.Sealed, secret.KeyID
	case plain != "":
		var err error
		if p.Sealed, p.KeyID, err = q.Sealer.Seal(plain, []byte(studentID)); err != nil {
			return err
		}
	default:
		p.FailReason = NoPlaintext
	}
	return q.Store.Queue(ctx, []Pending{p})
}

// QueueDefaults implements change.Directory: the defaults' seals are reused as they are.
func (q *Queue) QueueDefaults(ctx context.Context, ds []change.StudentDefault, at time.Time) error {
	ws := make([]Pending, len(ds))
	for i, d := range ds {
		ws[i] = Pending{StudentID: d.Student.ID, Sealed: d.Secret.Sealed, KeyID: d.Secret.KeyID, ChangedAt: at}
	}
	return q.Store.Queue(ctx, ws)
}
