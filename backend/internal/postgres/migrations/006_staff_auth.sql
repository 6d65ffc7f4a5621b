-- Staff sign-in with a second factor. The TOTP secret is sealed (AEAD, key id for
-- rotation) like a school-issued password: the server must read it back to check codes,
-- so it cannot be hashed, and a database reader must not be able to compute codes.
-- The column of the first schema held a plaintext secret and was never used.
alter table staff
    drop column totp_secret,
    add column totp_sealed         bytea,
    add column totp_key_id         text,
    add column totp_enrolled_at    timestamptz,
    -- The time step (unix time / 30) of the last accepted code: a code is accepted only
    -- for a newer step, checked and stored in one UPDATE, so no code works twice.
    add column totp_last_step      bigint not null default 0,
    -- A secret shown for enrolment and not yet confirmed with a code.
    add column totp_pending_sealed bytea,
    add column totp_pending_key_id text,
    -- The WebAuthn user handle: random, never the row id, so a passkey reveals nothing.
    add column webauthn_handle     bytea not null default decode(replace(gen_random_uuid()::text, '-', ''), 'hex'),
    add column password_changed_at timestamptz;

-- One-time recovery codes, stored as SHA-256 digests (see staff.RecoveryDigest).
create table staff_recovery_codes (
    staff_id    uuid not null references staff(id) on delete cascade,
    code_digest bytea not null,
    used_at     timestamptz,
    created_at  timestamptz not null default now(),
    primary key (staff_id, code_digest)
);

-- Passkeys: the credential as go-webauthn describes it (public key, sign count, flags).
create table staff_passkeys (
    id            uuid primary key default gen_random_uuid(),
    staff_id      uuid not null references staff(id) on delete cascade,
    credential_id bytea not null unique,
    credential    jsonb not null,
    name          text not null,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz
);
create index staff_passkeys_staff on staff_passkeys (staff_id, created_at desc);

-- The challenge of a WebAuthn ceremony in progress, bound to the staff member, one per
-- ceremony kind; it is spent (deleted) by the ceremony's end, used or not.
create table staff_webauthn_sessions (
    staff_id   uuid not null references staff(id) on delete cascade,
    ceremony   text not null check (ceremony in ('register', 'assert')),
    data       jsonb not null,
    expires_at timestamptz not null,
    primary key (staff_id, ceremony)
);

-- Emailed single-use links to choose a new staff password; only a SHA-256 digest of the
-- 32 random bytes is kept, as for guardians' links.
create table staff_link_tokens (
    token_digest bytea primary key,
    staff_id     uuid not null references staff(id) on delete cascade,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    created_at   timestamptz not null default now()
);
create index staff_link_tokens_staff on staff_link_tokens (staff_id, created_at);
