-- Picture passwords (issue 12): a young student signs in by tapping 3 of 16 pictures in
-- order. There are only 16 × 15 × 14 = 3,360 of them, so the secret is kept the way a PIN
-- is, as an argon2id hash of the ids joined in order, and guessing is stopped by a count of
-- wrong tries per student rather than by the size of the secret: each try is claimed here
-- (failed_tries + 1, in one UPDATE, while under 5) before the hash is checked, so a burst of
-- simultaneous guesses meets the same limit as guesses one after another. The fifth wrong
-- try locks the pictures (locked_at) until staff unlock them or set new ones.
create table student_pictures (
    -- One picture password per student: setting new pictures replaces the row.
    student_id   uuid primary key references students(id) on delete cascade,
    hash         text not null,
    set_by       uuid references staff(id) on delete set null,
    set_at       timestamptz not null,
    failed_tries integer not null default 0 check (failed_tries between 0 and 5),
    locked_at    timestamptz,
    last_used_at timestamptz
);

-- A class's picture-sign-in code: what the class page's QR (`/pictures#CODE`) and the
-- board hold. It names the class, not a student, and opens only a list of first names and
-- last initials, so it is stored as it is (no hash); it uses the badge-code alphabet without
-- look-alikes because children and teachers type it. Replacing it ends the old one.
create table class_picture_codes (
    class_id   uuid primary key references classes(id) on delete cascade,
    code       text not null unique check (code ~ '^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$'),
    created_by uuid references staff(id) on delete set null,
    created_at timestamptz not null
);
