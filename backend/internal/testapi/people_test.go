package testapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/testapi"
)

func TestCreatedTeacherHasAClassOfTheStudents(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	c := h.Client()
	a, b := create(t, c, map[string]any{}), create(t, c, map[string]any{})

	r := c.Expect(c.Do(http.MethodPost, testapi.StaffPath, map[string]any{
		"role": "teacher", "classStudents": []string{a.String("id"), b.String("id")},
	}), http.StatusCreated, "")
	for _, field := range []string{"id", "email", "password", "classNumber"} {
		if r.String(field) == "" {
			t.Errorf("got no %s in %s", field, r.Raw)
		}
	}
	if got := h.Count(`select count(*) from class_enrollments e join class_teachers ct on ct.class_id = e.class_id
		where ct.staff_id = $1`, r.String("id")); got != 2 {
		t.Errorf("teacher's class holds %d students, want 2", got)
	}
	if got := h.Count(`select count(*) from staff where id = $1 and role = 'teacher' and school_id is not null
		and password_hash <> ''`, r.String("id")); got != 1 {
		t.Errorf("got %d teachers with a school and a password, want 1", got)
	}

	admin := c.Expect(c.Do(http.MethodPost, testapi.StaffPath, map[string]any{"role": "district_admin"}), http.StatusCreated, "")
	if got := h.Count(`select count(*) from staff where id = $1 and school_id is null`, admin.String("id")); got != 1 {
		t.Errorf("district admin: got %d rows without a school, want 1", got)
	}
}

func TestCreatedGuardianIsVerifiedAndLinked(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	c := h.Client()
	kid := create(t, c, map[string]any{})
	g := c.Expect(c.Do(http.MethodPost, testapi.GuardiansPath, map[string]any{
		"students": []string{kid.String("id")}, "locale": "es",
	}), http.StatusCreated, "")
	if got := h.Count(`select count(*) from guardians gd join guardian_links l on l.guardian_id = gd.id
		where gd.id = $1 and l.student_id = $2 and gd.email_verified_at is not null and gd.locale = 'es'`,
		g.String("id"), kid.String("id")); got != 1 {
		t.Errorf("got %d verified Spanish guardians linked to the student, want 1", got)
	}
	h.Client().Expect(h.Client().Do(http.MethodPost, "/api/v1/family/session", map[string]any{
		"email": g.String("email"), "password": g.String("password"),
	}), http.StatusOK, "")
}

func TestPeopleRequestsRefused(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	c := h.Client()
	kid := create(t, c, map[string]any{})
	tests := []struct {
		name, path string
		body       any
	}{
		{"unknown role", testapi.StaffPath, map[string]any{"role": "janitor"}},
		{"a class for a school admin", testapi.StaffPath, map[string]any{"role": "school_admin", "classStudents": []string{kid.String("id")}}},
		{"a class student that is not an id", testapi.StaffPath, map[string]any{"role": "teacher", "classStudents": []string{"x"}}},
		{"a class student that does not exist", testapi.StaffPath, map[string]any{"role": "teacher",
			"classStudents": []string{kid.String("id"), uuid.NewString()}}},
		{"an unknown field", testapi.StaffPath, map[string]any{"role": "teacher", "rol": "x"}},
		{"a guardian of nobody real", testapi.GuardiansPath, map[string]any{"students": []string{uuid.NewString()}}},
		{"a guardian in French", testapi.GuardiansPath, map[string]any{"locale": "fr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Expect(c.Do(http.MethodPost, tt.path, tt.body), http.StatusBadRequest, "")
		})
	}
	// Refused requests stored nothing, not even half of a teacher and her class.
	for table, want := range map[string]int{"staff": 0, "classes": 0, "guardians": 0} {
		if got := h.Count(`select count(*) from ` + table); got != want {
			t.Errorf("%s holds %d rows after refusals, want %d", table, got, want)
		}
	}
}

// TestSchoolsKeepTestsApart checks POST /api/test/schools: a new empty school of the test
// district, where schoolId puts students and staff (a teacher's class too), while requests
// without it still go to the first school.
func TestSchoolsKeepTestsApart(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	c := h.Client()
	first := h.Count(`select count(*) from schools`)
	school := c.Expect(c.Do(http.MethodPost, testapi.SchoolsPath, map[string]any{"name": "Isolated Elementary"}), http.StatusCreated, "")
	id := school.String("id")
	if school.String("name") != "Isolated Elementary" || id == "" {
		t.Fatalf("got school %s", school.Raw)
	}
	unnamed := c.Expect(c.Do(http.MethodPost, testapi.SchoolsPath, map[string]any{}), http.StatusCreated, "")
	if unnamed.String("name") == "" || unnamed.String("id") == id {
		t.Errorf("unnamed school: got %s", unnamed.Raw)
	}
	if got := h.Count(`select count(*) from schools where id = $1 and campus_code = $2`, id, school.String("campusCode")); got != 1 {
		t.Errorf("the answer names the school's campus code: got %s", school.Raw)
	}
	if got := h.Count(`select count(*) from schools s join schools e on e.district_id = s.district_id
		where s.id = $1 and e.name = 'E2E School'`, id); got != 1 {
		t.Errorf("new school in the test district: got %d, want 1", got)
	}
	if got := h.Count(`select count(*) from schools`); got != first+2 {
		t.Errorf("got %d schools, want %d", got, first+2)
	}

	kid := create(t, c, map[string]any{"schoolId": id})
	elsewhere := create(t, c, map[string]any{})
	teacher := c.Expect(c.Do(http.MethodPost, testapi.StaffPath, map[string]any{
		"role": "teacher", "schoolId": id, "classStudents": []string{kid.String("id")},
	}), http.StatusCreated, "")
	admin := c.Expect(c.Do(http.MethodPost, testapi.StaffPath, map[string]any{"role": "school_admin", "schoolId": id}), http.StatusCreated, "")
	for what, n := range map[string]int{
		"student in the new school": h.Count(`select count(*) from students where id = $1 and school_id = $2`, kid.String("id"), id),
		"student without schoolId in the first school": h.Count(`select count(*) from students s join schools sc on sc.id = s.school_id
			where s.id = $1 and sc.name = 'E2E School'`, elsewhere.String("id")),
		"teacher and her class in the new school": h.Count(`select count(*) from staff m join class_teachers t on t.staff_id = m.id
			join classes cl on cl.id = t.class_id where m.id = $1 and m.school_id = $2 and cl.school_id = $2`, teacher.String("id"), id),
		"school admin of the new school": h.Count(`select count(*) from staff where id = $1 and school_id = $2`, admin.String("id"), id),
	} {
		if n != 1 {
			t.Errorf("%s: got %d rows, want 1", what, n)
		}
	}

	for _, tt := range []struct {
		name, path string
		body       any
	}{
		{"a student in a school that does not exist", testapi.Path, map[string]any{"schoolId": uuid.NewString()}},
		{"a student in a school that is no id", testapi.Path, map[string]any{"schoolId": "first"}},
		{"staff in a school that does not exist", testapi.StaffPath, map[string]any{"role": "teacher", "schoolId": uuid.NewString()}},
		{"a school name too long", testapi.SchoolsPath, map[string]any{"name": strings.Repeat("x", 101)}},
		{"a school with an unknown field", testapi.SchoolsPath, map[string]any{"nom": "x"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := h.Count(`select (select count(*) from students) + (select count(*) from staff) + (select count(*) from schools)`)
			c.Expect(c.Do(http.MethodPost, tt.path, tt.body), http.StatusBadRequest, "")
			if after := h.Count(`select (select count(*) from students) + (select count(*) from staff) + (select count(*) from schools)`); after != before {
				t.Errorf("a refused request stored rows: %d before, %d after", before, after)
			}
		})
	}
}
