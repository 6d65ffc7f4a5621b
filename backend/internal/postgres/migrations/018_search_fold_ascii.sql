-- The OneRoster import of a million students computes the four stored search columns
-- (migration 007) of each new row: six portal_fold calls a row, each a Unicode
-- normalisation, a regular expression for the combining marks, a translate and seven
-- replaces. Most names, usernames and emails are plain ASCII, which NFKD, the marks and
-- the letter replacements leave as they are: for them the fold is only lower case and
-- white space (ASCII is exactly when the text's bytes are as many as its characters).
-- The results are the same for every text (TestPortalFoldIsSearchKey), so the stored keys
-- stay valid. Not "strict" (null still gives null, through the else branch): PostgreSQL
-- inlines a strict SQL function only when its body is strict too, which a CASE is not, and
-- called as a function it costs more than the fold it saves.
create or replace function portal_fold(t text) returns text
    language sql immutable parallel safe
return case when octet_length(t) = length(t)
    then btrim(regexp_replace(lower(t collate "C"), '[ \t\n\r\v\f]+', ' ', 'g'), ' ')
    else btrim(regexp_replace(lower(
        replace(replace(replace(replace(replace(replace(replace(
            translate(regexp_replace(normalize(t, NFKD), '[\u0300-\u036f]', '', 'g'),
                'ØøŁłĐđÐðı’ʼ', 'oollddddi'''''),
            'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'), 'Þ', 'th'), 'þ', 'th')
        collate "C"), '[ \t\n\r\v\f]+', ' ', 'g'), ' ')
    end;
