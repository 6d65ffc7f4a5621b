// Package writeback sends every new student password to the district's directory (issue 14,
// item 2): the change function queues it (Queue, a change.Directory) in the change's own
// transaction, and a River job (Worker) writes it with a directory.Writer, retried with
// backoff while the directory is down.
//
// One row per student holds the newest password not yet written, sealed with the data key;
// a newer change replaces it, so the older plaintext is gone at once, and a job always
// writes its student's newest password. A job holds a per-student lock while it writes
// (two jobs of one student never write at once) and marks the row written or failed only
// if the row still holds the change it wrote: an older change can never overwrite a newer
// one in the directory. The seal is wiped when the row is written or fails for good.
//
// Status reports the write-back to district admins and each student's state to staff.
package writeback
