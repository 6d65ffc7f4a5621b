package change

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// Directory queues the write-back of students' new passwords to the district's directory
// (OpenLDAP or Active Directory), inside the transaction carried by ctx, so that the write
// commits with the change or not at all and is then retried until the directory answers.
// Writer.Password and Writer.Defaults call it for every change, whatever the path.
type Directory interface {
	// QueuePassword queues the student's new password: secret's seal when it is a sealed
	// default, else plain (the password secret hashes), sealed for the job. An empty plain
	// with a hash cannot be written and is recorded as a failed write, with the reason.
	QueuePassword(ctx context.Context, studentID, plain string, secret accounts.StoredPassword, at time.Time) error
	// QueueDefaults queues every student's sealed default of ds, set-wise.
	QueueDefaults(ctx context.Context, ds []StudentDefault, at time.Time) error
}
