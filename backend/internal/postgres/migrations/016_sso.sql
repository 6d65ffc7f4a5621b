-- Staff single sign-on (issue 14): the sign-ins started at the identity provider and not
-- yet back. A row is the state of one start, kept by its digest (the state itself travels
-- in URLs), with the nonce, the PKCE verifier and the digest of the cookie that binds it
-- to the browser that started it. The callback deletes the row as it reads it, so a state
-- works once; rows live 10 minutes, and each start clears the expired ones.
create table sso_states (
    state_digest   bytea primary key,
    browser_digest bytea not null,
    nonce          text not null,
    verifier       text not null,
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null
);

create index sso_states_expiry on sso_states (expires_at);
