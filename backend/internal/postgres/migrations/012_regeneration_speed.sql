-- A district regeneration updates thousands of students' rows a transaction. The BEFORE
-- UPDATE trigger that stamped default_password_issued_at made PostgreSQL recompute the four
-- stored search columns (portal_fold, migration 007) of every updated row, since a trigger
-- may change any column: a third of the update's time. The two statements that store a
-- default (postgres.Students SetPassword and SetDefaults) now stamp it themselves; the
-- insert trigger stays for seeds and imports.
drop trigger students_default_issued_update on students;

-- An update that cannot stay on its page also writes an entry in every one of students'
-- fourteen indexes (search, scope, identity). Room on each page lets a password change be
-- heap-only (HOT: it changes no indexed column, so no index is touched). New pages get the
-- room at once; existing ones as they are rewritten (VACUUM FULL or CLUSTER, in a
-- maintenance window).
alter table students set (fillfactor = 50);
