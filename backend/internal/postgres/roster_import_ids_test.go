package postgres_test

import (
	"testing"
)

// New students' and classes' ids are UUIDv7 (version 7, RFC 9562 variant) increasing in
// order of school, then of the set: the import inserts students and enrolments in id order
// so that each index and foreign-key check walks a school at a time (roster_import_new.go).
func TestRosterImportNewIDsIncreaseBySchool(t *testing.T) {
	e := newRosterEnv(t)
	files := rosterFiles()
	// A student of the second school, and a class of the first, listed out of school order.
	files = edit(t, files, "users.csv", "u1,true,s1,student", "u4,true,s2,student,zoeh9004,Zoe,Hale,100000004,,,09\nu1,true,s1,student")
	files = edit(t, files, "classes.csv", "c2,Grade 9 Homeroom,k2,901,homeroom,s2,y1\n",
		"c2,Grade 9 Homeroom,k2,901,homeroom,s2,y1\nc3,Grade 5 Art,k3,502,scheduled,s1,y1\n")
	e.apply(t, files)

	order := func(table string) string {
		return e.value(t, `select string_agg(sourced_id, ' ' order by id) from `+table+` where sourced_id is not null`).(string)
	}
	if got, want := order("students"), "u1 u2 u4 u3"; got != want {
		t.Errorf("students in id order: %q, want %q (school s1 first, then the set's order)", got, want)
	}
	if got, want := order("classes"), "c1 c3 c2"; got != want {
		t.Errorf("classes in id order: %q, want %q", got, want)
	}
	for _, table := range []string{"students", "classes"} {
		bad := e.value(t, `select count(*) from `+table+` where sourced_id is not null
			and not (substr(id::text, 15, 1) = '7' and substr(id::text, 20, 1) in ('8', '9', 'a', 'b'))`)
		if bad.(int64) != 0 {
			t.Errorf("%s: %v ids are not UUIDv7", table, bad)
		}
	}
}
