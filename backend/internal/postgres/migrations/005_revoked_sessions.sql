-- Sessions ended by a sign-out before their expiry. A session token stays signed and
-- unexpired after sign-out, so a copy of the cookie (a shared school computer) would go on
-- working; the per-request account read asks this table in the same statement and refuses
-- a listed session. A row matters only until the token expires, then housekeeping drops it,
-- so the table holds at most the sign-outs of one session lifetime.
create table revoked_sessions (
    session_id text primary key,
    expires_at timestamptz not null
);

create index revoked_sessions_expires_at on revoked_sessions (expires_at);
