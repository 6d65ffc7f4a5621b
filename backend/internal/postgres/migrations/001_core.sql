-- Districts, schools, classes, people. Grades follow the district's codes:
-- -5..13 and -9 (ungraded); the check keeps bad imports out.
create table districts (
    id          uuid primary key default gen_random_uuid(),
    psu_code    char(3) not null unique check (psu_code ~ '^[0-9]{3}$'),
    name        text not null
);

create table schools (
    id             uuid primary key default gen_random_uuid(),
    district_id    uuid not null references districts(id),
    campus_code    varchar(6) not null unique check (campus_code ~ '^[A-Za-z0-9]{6}$'),
    display_code   text not null,
    name           text not null,
    contact        text not null default ''
);

create table students (
    id                      uuid primary key default gen_random_uuid(),
    school_id               uuid not null references schools(id),
    student_number          char(9) not null unique check (student_number ~ '^[0-9]{9}$'),
    username                text not null,
    email                   text not null,
    first_name              text not null,
    last_name               text not null,
    grade                   smallint not null check (grade between -5 and 13 or grade = -9),
    date_of_birth           date not null,
    locale                  text not null default 'en' check (locale in ('en', 'es')),
    -- A student-chosen password is only ever a hash; a school-issued default
    -- password is sealed (AEAD) so staff in scope can read it until replaced.
    password_hash           text,
    default_password_sealed bytea,
    default_password_key_id text,
    must_change_password    boolean not null default false,
    password_changed_at     timestamptz,
    last_self_reset_at      timestamptz,
    pin_hash                text,
    pin_set_at              timestamptz,
    questions_set_at        timestamptz,
    -- Bumped on every password change: sessions carry it and die with it.
    token_version           integer not null default 1,
    -- Consecutive failed sign-ins, for the sign-in throttle.
    sign_in_failures        integer not null default 0,
    last_sign_in_failure_at timestamptz,
    created_at              timestamptz not null default now(),
    check (password_hash is not null or default_password_sealed is not null)
);
create unique index students_username_key on students (lower(username));
create unique index students_email_key on students (lower(email));
create index students_school_grade on students (school_id, grade);

create table student_security_answers (
    student_id   uuid not null references students(id) on delete cascade,
    position     smallint not null check (position between 0 and 2),
    question_id  text not null,
    answer_hash  text not null,
    primary key (student_id, position),
    unique (student_id, question_id)
);

-- Failed forgot-password verifications, keyed by the typed username so an
-- unknown username locks exactly like a real one and nothing tells them apart.
create table recovery_attempts (
    username_key          text primary key,
    consecutive_failures  integer not null default 0,
    locked_until          timestamptz,
    disabled              boolean not null default false,
    updated_at            timestamptz not null default now()
);

create table staff (
    id            uuid primary key default gen_random_uuid(),
    district_id   uuid not null references districts(id),
    school_id     uuid references schools(id),
    role          text not null check (role in ('teacher', 'school_admin', 'district_admin')),
    email         text not null,
    first_name    text not null,
    last_name     text not null,
    title         text not null default '',
    password_hash text not null,
    totp_secret   text,
    token_version integer not null default 1,
    created_at    timestamptz not null default now(),
    check (role = 'district_admin' or school_id is not null)
);
create unique index staff_email_key on staff (lower(email));

create table classes (
    id           uuid primary key default gen_random_uuid(),
    school_id    uuid not null references schools(id),
    class_number text not null,
    name         text not null default '',
    unique (school_id, class_number)
);

create table class_enrollments (
    class_id   uuid not null references classes(id) on delete cascade,
    student_id uuid not null references students(id) on delete cascade,
    primary key (class_id, student_id)
);

-- A teacher's official classes define the teacher's scope.
create table class_teachers (
    class_id uuid not null references classes(id) on delete cascade,
    staff_id uuid not null references staff(id) on delete cascade,
    primary key (class_id, staff_id)
);

create table guardians (
    id                uuid primary key default gen_random_uuid(),
    email             text not null,
    name              text not null,
    locale            text not null default 'en' check (locale in ('en', 'es')),
    password_hash     text not null,
    email_verified_at timestamptz,
    token_version     integer not null default 1,
    created_at        timestamptz not null default now()
);
create unique index guardians_email_key on guardians (lower(email));

create table guardian_links (
    guardian_id uuid not null references guardians(id) on delete cascade,
    student_id  uuid not null references students(id) on delete cascade,
    keep_after_adult boolean not null default false,
    created_at  timestamptz not null default now(),
    primary key (guardian_id, student_id)
);

-- Parent access codes are stored as hashes: a code is a secret the family holds.
create table parent_access_codes (
    id          uuid primary key default gen_random_uuid(),
    student_id  uuid not null references students(id) on delete cascade,
    code_hash   text not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    failed_attempts integer not null default 0,
    created_at  timestamptz not null default now()
);
create index parent_access_codes_student on parent_access_codes (student_id);
