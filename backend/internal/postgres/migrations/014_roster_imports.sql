-- OneRoster imports of a district (issue 14): a dry run of an uploaded set is stored as a
-- draft with its zip and the plan the admin saw; applying it runs as a job that re-reads
-- the zip; `portal roster import` records its imports here too, so the history shows both.

create sequence roster_imports_applied_seq;

create table roster_imports (
    id             uuid primary key default gen_random_uuid(),
    district_id    uuid not null references districts(id),
    -- The admin of an upload; null for the command line.
    created_by     uuid references staff(id),
    source         text not null check (source in ('upload', 'command_line')),
    file_name      text not null default '',
    -- The uploaded zip, only while it may still be applied: wiped when the import is
    -- applied or failed, and when its draft expires (housekeeping).
    zip            bytea,
    -- What applying the set does per file, as the API shows it: the dry run's, then what
    -- the import did.
    plan           jsonb not null,
    state          text not null default 'draft' check (state in ('draft', 'applying', 'applied', 'failed')),
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null,
    applied_at     timestamptz,
    finished_at    timestamptz,
    failure        text,
    -- The stale rule: each applied import takes the next number of the sequence (in the
    -- transaction that applies it); a draft keeps the district's highest number when its dry
    -- run began. A draft is stale when an import of the district has a higher number: its
    -- plan was counted against a district that has changed since.
    applied_seq    bigint unique,
    based_on_seq   bigint not null default 0,
    check ((state = 'applied') = (applied_seq is not null)),
    check (source = 'upload' or created_by is null),
    check (state = 'draft' or applied_at is not null),
    check (state not in ('applied', 'failed') or (finished_at is not null and zip is null))
);

-- One import of a district applying at a time: two at once would each retire what the
-- other adds.
create unique index roster_imports_one_applying on roster_imports (district_id) where state = 'applying';
create index roster_imports_history on roster_imports (district_id, applied_at desc) where state <> 'draft';
create index roster_imports_stale on roster_imports (district_id, applied_seq) where applied_seq is not null;
create index roster_imports_drafts on roster_imports (expires_at) where state = 'draft';
create index roster_imports_admin_drafts on roster_imports (created_by, created_at desc) where state = 'draft';
