-- Append-only audit trail: who did what to whom, through which path, when,
-- from where, and how it ended. Updates and deletes are refused by trigger so
-- that even a bug in the application cannot rewrite history.
create table audit_events (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz not null default now(),
    actor_kind   text not null,
    actor_id     text not null default '',
    subject_kind text not null,
    subject_id   text not null default '',
    action       text not null,
    path         text not null,
    outcome      text not null,
    reason       text not null default '',
    ip           text not null default '',
    user_agent   text not null default ''
);
create index audit_events_subject on audit_events (subject_kind, subject_id, occurred_at desc);
create index audit_events_time on audit_events (occurred_at desc);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only';
end;
$$;

create trigger audit_events_no_update before update or delete on audit_events
    for each row execute function audit_events_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only();
