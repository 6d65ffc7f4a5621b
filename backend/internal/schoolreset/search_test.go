package schoolreset_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want schoolreset.Query
		err  error
	}{
		{"100000001", schoolreset.Query{Kind: schoolreset.QueryNumber, Key: "100000001"}, nil},
		{" 1000 ", schoolreset.Query{Kind: schoolreset.QueryNumberPrefix, Key: "1000"}, nil},
		{"Inés@Stu", schoolreset.Query{Kind: schoolreset.QueryEmail, Key: "ines@stu"}, nil},
		{"Peña,  Inés", schoolreset.Query{Kind: schoolreset.QueryLastFirst, Key: "pena ines"}, nil},
		{"PEÑA,", schoolreset.Query{Kind: schoolreset.QueryLastFirst, Key: "pena"}, nil},
		{"Inés   Pe", schoolreset.Query{Kind: schoolreset.QueryAny, Key: "ines pe"}, nil},
		{"x", schoolreset.Query{}, schoolreset.ErrSearchTooShort},
		{"  é ", schoolreset.Query{}, schoolreset.ErrSearchTooShort},
		{"e\u0301\u0301", schoolreset.Query{}, schoolreset.ErrSearchTooShort},
		{",,", schoolreset.Query{}, schoolreset.ErrSearchTooShort},
	} {
		got, err := schoolreset.ParseQuery(tc.q)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseQuery(%q): got %+v, %v; want %+v, %v", tc.q, got, err, tc.want, tc.err)
		}
	}
}

// TestSearch: accents and case folded, every key by prefix, and only within scope.
func TestSearch(t *testing.T) {
	w := newWorld(t)
	// A second Peña outside Tess's class, and a Zoë with a decomposed accent.
	var other, zoe string
	w.scan(t, `insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash)
		select school_id, '100000009', 'marcop1009', 'marco.pena@students.test.example', 'Marco', 'PEÑA', 8, '2013-01-01', 'x'
		from students where id = $1 returning id`, []any{w.ines}, &other)
	w.scan(t, `insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash)
		select school_id, '100000010', 'zoeo1010', 'zoe@students.test.example', 'Zoe' || U&'\0308', 'O’Brien', 8, '2013-01-01', 'x'
		from students where id = $1 returning id`, []any{w.bea}, &zoe)
	for _, tc := range []struct {
		staff accounts.Staff
		q     string
		want  []string
	}{
		{w.dana, "pena", []string{w.ines, other}},
		{w.dana, "PEÑA", []string{w.ines, other}},
		{w.dana, "pe", []string{w.ines, other}},
		{w.dana, "ines", []string{w.ines}},
		{w.dana, "Inés Pe", []string{w.ines}},
		{w.dana, "pena, i", []string{w.ines}},
		{w.dana, "Peña, Marco", []string{other}},
		{w.dana, "pena m", []string{other}},
		{w.dana, "100000001", []string{w.ines}},
		{w.dana, "10000000", []string{w.ines, w.omar, w.bea, other}},
		{w.dana, "1000000", []string{w.ines, w.omar, w.bea, other, zoe}},
		{w.dana, "inesp", []string{w.ines}},
		{w.dana, "marco.p", []string{other}},
		{w.dana, "marco.pena@stu", []string{other}},
		{w.dana, "zoë", []string{zoe}},
		{w.dana, "o'brien", []string{zoe}},
		{w.dana, "obrien", nil},
		{w.dana, "200000004", nil},
		{w.dana, "cal", nil},
		{w.hal, "cal", []string{w.cal}},
		{w.hal, "pena", nil},
		{w.sam, "pena", []string{w.ines, other}},
		{w.sam, "zoe", nil},
		{w.sam, "100000003", nil},
		{w.tess, "pena", []string{w.ines}},
		{w.tess, "marco", nil},
		{w.tess, "100000002", nil},
		{w.tess, "10", []string{w.ines}},
	} {
		found, more, err := w.svc.Search(w.ctx, tc.staff, tc.q)
		if err != nil {
			t.Errorf("%s searching %q: %v", tc.staff.Email, tc.q, err)
			continue
		}
		var got []string
		for _, f := range found {
			got = append(got, f.ID)
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) || more {
			t.Errorf("%s searching %q: got %v (more %v), want %v", tc.staff.Email, tc.q, got, more, want)
		}
	}
	if _, _, err := w.svc.Search(w.ctx, w.dana, "p"); !errors.Is(err, schoolreset.ErrSearchTooShort) {
		t.Errorf("one letter: got %v, want ErrSearchTooShort", err)
	}
}

// TestSearchLimit: at most 25 students, by last name, and more says there were others.
func TestSearchLimit(t *testing.T) {
	w := newWorld(t)
	w.exec(t, `insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash)
		select s.school_id, lpad((300000000 + i)::text, 9, '0'), 'many' || i, 'many' || i || '@students.test.example',
			'Mia', 'Many' || lpad(i::text, 3, '0'), 6, '2014-01-01', 'x'
		from students s, generate_series(1, 30) i where s.id = $1`, w.omar)
	found, more, err := w.svc.Search(w.ctx, w.sam, "many")
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 25 || !more {
		t.Fatalf("got %d students, more %v; want 25 and more", len(found), more)
	}
	for i, f := range found {
		if want := fmt.Sprintf("Many%03d", i+1); f.LastName != want {
			t.Errorf("result %d: got %s, want %s", i, f.LastName, want)
		}
	}
	// "last, first" is a prefix of the last name in full, then of the first name.
	found, more, err = w.svc.Search(w.ctx, w.sam, "many007, m")
	if err != nil || len(found) != 1 || found[0].LastName != "Many007" || more {
		t.Errorf("last, first: got %+v, more %v, %v", found, more, err)
	}
}
