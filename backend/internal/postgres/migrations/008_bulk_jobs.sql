-- Grade and school jobs (issue 11): a reset or access-code issue for a whole grade or
-- school runs as a background job in short transactions, with live progress and a result
-- taken once.

create table bulk_jobs (
    id                   uuid primary key default gen_random_uuid(),
    district_id          uuid not null references districts(id),
    school_id            uuid not null references schools(id),
    grade                smallint,
    requested_by         uuid not null references staff(id) on delete cascade,
    kind                 text not null check (kind in ('reset', 'access_codes')),
    mode                 text check (mode in ('one', 'generated')),
    must_change          boolean not null default false,
    issue_access_codes   boolean not null default false,
    reissue              boolean not null default false,
    -- Mode one: the argon2id hash of the typed password, stored for every student as a
    -- class reset stores it; never the plaintext, and wiped when the job ends.
    shared_password_hash text,
    -- When the job's access codes end: one date for every letter of the job.
    codes_expire_at      timestamptz,
    state                text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
    total                integer not null check (total > 0),
    done                 integer not null default 0 check (done between 0 and total),
    error                text,
    created_at           timestamptz not null default now(),
    started_at           timestamptz,
    finished_at          timestamptz,
    result_taken_at      timestamptz,
    check ((kind = 'reset') = (mode is not null)),
    check (mode = 'one' or shared_password_hash is null),
    check (mode is distinct from 'one' or shared_password_hash is not null or state in ('done', 'failed'))
);

-- One job per school at a time: two admins starting a school reset together would reset
-- every student twice and hand out two sets of passwords.
create unique index bulk_jobs_one_per_school on bulk_jobs (school_id) where state in ('queued', 'running');
create index bulk_jobs_requester on bulk_jobs (requested_by, created_at desc);
create index bulk_jobs_finished on bulk_jobs (finished_at) where finished_at is not null;

-- The selection, fixed when the job starts. done_at marks a student done (never changed
-- twice); the new password and access code wait here, sealed (AEAD under a data key, bound
-- to the job and the student), until the result is taken, which wipes them.
create table bulk_job_students (
    job_id          uuid not null references bulk_jobs(id) on delete cascade,
    student_id      uuid not null references students(id) on delete cascade,
    done_at         timestamptz,
    password_sealed bytea,
    password_key_id text,
    code_sealed     bytea,
    code_key_id     text,
    primary key (job_id, student_id)
);
create index bulk_job_students_undone on bulk_job_students (job_id, student_id) where done_at is null;

-- A student's guardians are read for every password change (the confirmation emails) and
-- every family letter; without this index each read scanned every link of the district,
-- which a school job does 5,000 times.
create index guardian_links_student on guardian_links (student_id);
