-- District default-password regeneration (issue 13): a request is stored as a draft by its
-- dry run, with exactly the students it counted (its selection), and runs in short chunk
-- transactions once confirmed.

create table regen_requests (
    id            uuid primary key default gen_random_uuid(),
    district_id   uuid not null references districts(id),
    requested_by  uuid not null references staff(id),
    psu_code      text not null,
    -- Upper case; empty means every school (and every grade).
    campus_codes  text[] not null default '{}',
    grades        smallint[] not null default '{}',
    also_reset    boolean not null,
    force_change  boolean not null check (also_reset or not force_change),
    comments      text not null default '',
    -- The counts the admin saw and confirmed, by school and grade, as the API shows them.
    dry_run       jsonb not null,
    state         text not null default 'draft'
                  check (state in ('draft', 'queued', 'running', 'done', 'cancelled', 'failed')),
    total         integer not null check (total >= 0),
    done          integer not null default 0 check (done between 0 and total),
    created_at    timestamptz not null default now(),
    confirmed_at  timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    cancelled_by  uuid references staff(id),
    error         text,
    check ((state = 'draft') = (confirmed_at is null))
);

-- One request of a district at a time: two at once would change the same students twice.
create unique index regen_requests_one_running on regen_requests (district_id) where state in ('queued', 'running');
create index regen_requests_history on regen_requests (district_id, confirmed_at desc) where confirmed_at is not null;
create index regen_requests_drafts on regen_requests (created_at) where state = 'draft';

-- The selection, fixed by the dry run: the students not done yet. A chunk deletes the rows
-- of the students it changes, in its own transaction, so a chunk retried after a crash finds
-- exactly the students not done yet, and two lanes never take the same row (each locks the
-- rows it takes, skipping those another holds). A running request's done count is its total
-- less the rows left: no lane writes the request's row per chunk, so lanes never wait for
-- each other's commits.
create table regen_request_students (
    request_id uuid not null references regen_requests(id) on delete cascade,
    student_id uuid not null references students(id) on delete cascade,
    primary key (request_id, student_id)
);

-- A student's district default password: sealed (AEAD, key id, bound to the student's id
-- like students.default_password_sealed), readable by staff in scope until the student
-- chooses a password of their own, which deletes it (change.Store.SetPassword).
create table student_defaults (
    student_id uuid primary key references students(id) on delete cascade,
    sealed     bytea not null,
    key_id     text not null,
    request_id uuid references regen_requests(id) on delete set null,
    issued_at  timestamptz not null
);
