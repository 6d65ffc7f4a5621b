-- Failed sign-ins are counted per key: the account's id when the typed login
-- names an account, the typed login itself when it names none. So an unknown
-- login is throttled exactly like a real one, and the throttle never tells a
-- stranger whether a username or email is registered.
create table sign_in_attempts (
    attempt_key     text primary key,
    failures        integer not null,
    last_failure_at timestamptz not null
);

alter table students
    drop column sign_in_failures,
    drop column last_sign_in_failure_at;
alter table guardians
    drop column sign_in_failures,
    drop column last_sign_in_failure_at;
