-- Directory write-back (issue 14): one row per student whose password changed while a
-- directory was configured. A change upserts its student's row in the change's own
-- transaction (the newest password replaces an older one not yet written, whose plaintext
-- is then gone), and a River job writes the row's password to the directory. The sealed
-- password is kept only while the row is pending: it is wiped when written or failed.
create table directory_writes (
    student_id      uuid primary key references students(id) on delete cascade,
    state           text not null check (state in ('pending', 'written', 'failed')),
    -- Bumped by every change: a job marks the row written or failed only if it still holds
    -- the generation the job wrote, so an older change can never pass for a newer one.
    generation      bigint not null default 1,
    -- The new password sealed with the data key, bound to the student (as a school-issued
    -- default is); null once written or failed.
    password_sealed bytea,
    password_key_id text,
    changed_at      timestamptz not null,
    attempts        integer not null default 0,
    last_error      text not null default '',
    updated_at      timestamptz not null default now(),
    check ((state = 'pending') = (password_sealed is not null)),
    check ((password_sealed is null) = (password_key_id is null))
);

-- The status page counts the pending rows, finds the oldest, and lists the newest failures.
create index directory_writes_pending on directory_writes (changed_at) where state = 'pending';
create index directory_writes_failed on directory_writes (updated_at desc) where state = 'failed';

-- A school or grade job with one typed password runs its chunks later, from the job, which
-- kept only the password's hash: with a directory configured it also keeps the password
-- sealed (bound to the school) for the chunks' directory writes, wiped with the hash when
-- the job ends.
alter table bulk_jobs
    add column shared_password_sealed bytea,
    add column shared_password_key_id text,
    add check ((shared_password_sealed is null) = (shared_password_key_id is null));
