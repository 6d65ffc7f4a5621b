-- The family portal: guardian sign-in throttle, emailed single-use links,
-- and the counters that limit link attempts.
alter table guardians
    add column sign_in_failures        integer not null default 0,
    add column last_sign_in_failure_at timestamptz,
    add column verification_sent_at    timestamptz;

-- One-time links emailed to guardians (email verification, password reset).
-- Only a SHA-256 digest of the token is kept: the token is 32 random bytes, so
-- a slow hash adds nothing, and a database reader cannot use a live link.
create table guardian_link_tokens (
    token_digest bytea primary key,
    guardian_id  uuid not null references guardians(id) on delete cascade,
    purpose      text not null check (purpose in ('verify_email', 'reset_password')),
    expires_at   timestamptz not null,
    used_at      timestamptz,
    created_at   timestamptz not null default now()
);
create index guardian_link_tokens_guardian on guardian_link_tokens (guardian_id, purpose);

-- Failed attempts to link a child, counted per guardian ('guardian:<id>') and
-- per typed student ID ('student:<digits>'), so an unknown student ID is
-- limited exactly like a real one.
create table link_attempts (
    attempt_key  text primary key,
    failures     integer not null default 0,
    window_start timestamptz not null
);

-- Guardian resets of a child are counted from the audit trail.
create index audit_events_guardian_resets on audit_events (subject_id, occurred_at)
    where path = 'guardian' and action = 'password_changed' and outcome = 'succeeded';

alter table parent_access_codes add column used_by uuid references guardians(id) on delete set null;
