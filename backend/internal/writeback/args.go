package writeback

import "github.com/riverqueue/river"

// Queue name of the write-back jobs: apart from the emails, so that neither backlog
// delays the other.
const QueueName = "directory"

// Args is the job of one student's write-back: the student's id only. The password is in
// the student's row (sealed), never in the job, so a newer change replaces it there.
type Args struct {
	StudentID string `json:"student_id"`
}

// Kind implements river.JobArgs.
func (Args) Kind() string { return "directory_write" }

// InsertOpts puts the jobs on their own queue; the Store sets the attempts.
func (Args) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueName} }
