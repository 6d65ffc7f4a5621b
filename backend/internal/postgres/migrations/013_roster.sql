-- OneRoster import (issue 14): the roster's sourcedIds are the external keys of the rows it
-- brings, unique per district; a row without one was made by hand, by a seed or by the test
-- API, and the roster matches it once by its natural key (school: campus code = org
-- identifier; student: student number = user identifier; staff: email; class: school and
-- class number), then owns it. Only rows with a sourcedId are ever retired or removed by an
-- import, so a first import never retires what it did not bring.
--
-- Students and classes reach their district through a school, and a student or a class may
-- change school: they get the district of their sourcedId (set with it, by the import).

alter table schools add column sourced_id text;
create unique index schools_sourced_id on schools (district_id, sourced_id) where sourced_id is not null;

alter table students
    add column sourced_id          text,
    add column roster_district_id  uuid references districts(id),
    add column retired_at          timestamptz,
    add constraint students_sourced_id_district check ((sourced_id is null) = (roster_district_id is null));
create unique index students_sourced_id on students (roster_district_id, sourced_id) where sourced_id is not null;

alter table staff
    add column sourced_id  text,
    add column retired_at  timestamptz;
create unique index staff_sourced_id on staff (district_id, sourced_id) where sourced_id is not null;

alter table classes
    add column sourced_id          text,
    add column roster_district_id  uuid references districts(id),
    add constraint classes_sourced_id_district check ((sourced_id is null) = (roster_district_id is null));
create unique index classes_sourced_id on classes (roster_district_id, sourced_id) where sourced_id is not null;

-- A guardian account is the family's, not the district's: a roster's guardian (a user of role
-- guardian, parent or relative) is this mapping to an account, found by email or created
-- without a usable password (the family's "forgot password" link sets one).
create table roster_guardians (
    district_id uuid not null references districts(id),
    sourced_id  text not null,
    guardian_id uuid not null references guardians(id) on delete cascade,
    primary key (district_id, sourced_id)
);

-- A link the roster made (from agentSourcedIds) names its district; links made by families
-- with an access code, or by hand, have none and no import removes them.
alter table guardian_links add column roster_district_id uuid references districts(id);
create index guardian_links_roster on guardian_links (roster_district_id) where roster_district_id is not null;

-- A roster need not give a student an email: students without one have ''. The email stays
-- unique among those who have one.
drop index students_email_key;
create unique index students_email_key on students (lower(email)) where email <> '';
