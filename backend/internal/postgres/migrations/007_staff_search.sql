-- By Student: staff search over a district's students, the school-issued password's
-- history, and the audit view's filters.

-- portal_fold is the key staff search compares: NFKD, accents (combining marks) dropped,
-- the Latin letters that hold their accent made plain, ASCII lower-cased (lower() under
-- "C" behaves alike on every server), white space collapsed and trimmed. policy.SearchKey
-- is the same function in Go, and a test holds the two together. Only built-in functions:
-- the embedded server may lack the unaccent extension.
create function portal_fold(t text) returns text
    language sql immutable strict parallel safe
return btrim(regexp_replace(lower(
    replace(replace(replace(replace(replace(replace(replace(
        translate(regexp_replace(normalize(t, NFKD), '[\u0300-\u036f]', '', 'g'),
            'ØøŁłĐđÐðı’ʼ', 'oollddddi'''''),
        'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'), 'Þ', 'th'), 'þ', 'th')
    collate "C"), '[ \t\n\r\v\f]+', ' ', 'g'), ' ');

-- The folded keys, kept by the database on every write whoever writes (roster import,
-- seed, tests), in byte order so a prefix is a range of one btree.
alter table students
    add column search_fl       text collate "C" generated always as (portal_fold(first_name) || ' ' || portal_fold(last_name)) stored,
    add column search_lf       text collate "C" generated always as (portal_fold(last_name) || ' ' || portal_fold(first_name)) stored,
    add column search_username text collate "C" generated always as (portal_fold(username)) stored,
    add column search_email    text collate "C" generated always as (portal_fold(email)) stored;

-- A district admin searches the whole table; a school admin one school (the school's rows
-- are a contiguous range of the composite indexes); a teacher's search starts from the
-- teacher's classes and needs no index of its own. Each index carries what a search branch
-- returns (the id, and the school that decides the scope), so a branch reads the index only.
create index students_search_fl on students (search_fl) include (id, school_id);
create index students_search_lf on students (search_lf) include (id, school_id);
create index students_search_username on students (search_username) include (id, school_id);
create index students_search_email on students (search_email) include (id, school_id);
create index students_school_search_fl on students (school_id, search_fl) include (id);
create index students_school_search_lf on students (school_id, search_lf) include (id);
create index students_school_search_username on students (school_id, search_username) include (id);
create index students_school_search_email on students (school_id, search_email) include (id);
create index students_school_number on students (school_id, student_number) include (id);
create index class_enrollments_student on class_enrollments (student_id);
create index class_teachers_staff on class_teachers (staff_id);

-- When the current (or last) school-issued password was sealed. It outlives the sealed
-- value, so staff can be told a default was replaced rather than never issued. Kept by
-- trigger so that no writer of a default (the change function, seed, import) can forget it.
alter table students add column default_password_issued_at timestamptz;
update students set default_password_issued_at = created_at where default_password_sealed is not null;

create function students_default_issued() returns trigger language plpgsql as $$
begin
    if new.default_password_sealed is not null
       and (tg_op = 'INSERT' or new.default_password_sealed is distinct from old.default_password_sealed) then
        new.default_password_issued_at := now();
    end if;
    return new;
end;
$$;

create trigger students_default_issued_insert before insert on students
    for each row execute function students_default_issued();
create trigger students_default_issued_update before update of default_password_sealed on students
    for each row execute function students_default_issued();

-- The audit view reads events by student and by staff member, newest first. The student is
-- a column of its own (a uuid, or null for events about something else) so the scope joins
-- on an index instead of casting every row's text.
alter table audit_events add column student_id uuid generated always as (
    case when subject_kind = 'student'
         and subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then subject_id::uuid end) stored;
create index audit_events_student on audit_events (student_id, id desc) where student_id is not null;
create index audit_events_actor on audit_events (actor_kind, actor_id, id desc);
create index audit_events_staff_subject on audit_events (subject_id, id desc) where subject_kind = 'staff';
