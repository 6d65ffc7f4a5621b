-- QR badges (issue 12): a young student signs in by showing a printed card to the camera.
-- The card's token is 256 random bits, so its SHA-256 digest is enough to find it (no slow
-- hash); only the digest is stored. badge_code is the short id printed small on the card so
-- staff can tell cards apart; it is no secret.
create table student_badges (
    id            uuid primary key default gen_random_uuid(),
    badge_code    text not null unique check (badge_code ~ '^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$'),
    -- Students only: staff and guardians can never hold a badge.
    student_id    uuid not null references students(id) on delete cascade,
    token_digest  bytea not null unique check (length(token_digest) = 32),
    issued_by     uuid references staff(id) on delete set null,
    issued_at     timestamptz not null,
    revoked_at    timestamptz,
    revoke_reason text check (revoke_reason in ('revoked', 'reissued', 'voided')),
    last_used_at  timestamptz,
    check ((revoked_at is null) = (revoke_reason is null))
);
-- One live badge per student: issuing another ends the first in the same transaction.
create unique index student_badges_one_live on student_badges (student_id) where revoked_at is null;

-- Badge sign-in tries per client address, counted in fixed windows: each try counts before
-- the lookup, in one upsert, so simultaneous tries meet the limit exactly.
create table badge_attempts (
    attempt_key  text primary key,
    tries        integer not null,
    window_start timestamptz not null
);
