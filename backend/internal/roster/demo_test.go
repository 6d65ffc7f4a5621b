package roster

import (
	"encoding/csv"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/demo"
)

var update = flag.Bool("update", false, "rewrite testdata/demo from the demo district")

// demoDistrict is the district `portal seed-demo` seeds (the same seed as
// cmd/portal's demoDistrict).
func demoDistrict() demo.District { return demo.Build(rand.New(rand.NewPCG(2026, 11))) }

// gradeCode is the OneRoster code of a portal grade, the inverse of the grade table for
// the grades the demo has (0 is written KG).
func gradeCode(g int) string {
	for _, gc := range GradeCodes() {
		if gc.Grade == g && gc.Code != "TK" {
			return gc.Code
		}
	}
	return ""
}

// writeDemoSet writes d as a OneRoster 1.1 bulk set into dir.
func writeDemoSet(t testing.TB, dir string, d demo.District) {
	t.Helper()
	files := map[string][][]string{}
	add := func(file string, row ...string) { files[file] = append(files[file], row) }
	add(fileManifest, "propertyName", "value")
	for _, kv := range [][2]string{
		{"manifest.version", "1.0"}, {"oneroster.version", "1.1"},
		{"file.academicSessions", "bulk"}, {"file.categories", "absent"}, {"file.classes", "bulk"},
		{"file.classResources", "absent"}, {"file.courses", "bulk"}, {"file.courseResources", "absent"},
		{"file.demographics", "absent"}, {"file.enrollments", "bulk"}, {"file.lineItems", "absent"},
		{"file.orgs", "bulk"}, {"file.resources", "absent"}, {"file.results", "absent"},
		{"file.users", "bulk"}, {"source.systemName", "Riverside demo SIS"}, {"source.systemCode", "demo"},
	} {
		add(fileManifest, kv[0], kv[1])
	}
	head := func(file string, cols ...string) { add(file, cols...) }
	head(fileOrgs, "sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId")
	head(fileSessions, "sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear")
	head("courses.csv", "sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes")
	head(fileClasses, "sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods")
	head(fileUsers, "sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password")
	head(fileEnrol, "sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate")

	district := demo.DistrictSourcedID(d)
	term := "year-2026"
	add(fileOrgs, district, "", "", d.Name, "district", d.PSUCode, "")
	add(fileSessions, term, "", "", "2026-2027", "schoolYear", "2026-09-01", "2027-06-30", "", "2027")
	staff := func(s demo.Staff, org string) {
		role := "teacher"
		if s.Role != demo.RoleTeacher {
			role = "administrator"
		}
		add(fileUsers, staffID(s), "", "", "true", org, role, s.Email, "", s.FirstName, s.LastName, "", "", s.Email, "", "", "", "", "")
	}
	for _, a := range d.Admins {
		staff(a, district)
	}
	for _, g := range d.Guardians {
		given, family, _ := strings.Cut(g.Name, " ")
		add(fileUsers, demo.GuardianSourcedID(g), "", "", "true", district, "guardian", g.Email, "", given, family, "", "", g.Email, "", "", "", "", "")
	}
	for _, s := range d.Schools {
		school := demo.SchoolSourcedID(s)
		add(fileOrgs, school, "", "", s.Name, "school", s.CampusCode, district)
		for _, a := range s.Admins {
			staff(a, school)
		}
		for _, c := range s.Classes {
			class := demo.ClassSourcedID(s, c)
			course := "course-" + s.CampusCode + "-" + c.Number
			grade := ""
			if len(c.Students) > 0 {
				grade = gradeCode(c.Students[0].Grade)
			}
			add("courses.csv", course, "", "", term, c.Name, c.Number, grade, school, "", "")
			add(fileClasses, class, "", "", c.Name, grade, course, c.Number, "homeroom", "", school, term, "", "", "")
			staff(c.Teacher, school)
			add(fileEnrol, "enr-"+class+"-"+staffID(c.Teacher), "", "", class, school, staffID(c.Teacher), "teacher", "true", "", "")
			for _, st := range c.Students {
				id := demo.StudentSourcedID(st)
				add(fileUsers, id, "", "", "true", school, "student", st.Username, "", st.FirstName, st.LastName, "", st.Number, st.Email, "", "", "", gradeCode(st.Grade), "")
				add(fileEnrol, "enr-"+class+"-"+id, "", "", class, school, id, "student", "false", "", "")
			}
		}
	}
	for name, rows := range files {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func staffID(s demo.Staff) string { return demo.StaffSourcedID(s) }

// demoCounts counts what the demo seeds.
func demoCounts(d demo.District) Counts {
	c := Counts{Schools: len(d.Schools), Administrators: len(d.Admins), Guardians: len(d.Guardians)}
	teachers := map[string]bool{}
	for _, s := range d.Schools {
		c.Administrators += len(s.Admins)
		for _, cl := range s.Classes {
			c.Classes++
			teachers[cl.Teacher.Email] = true
			c.Students += len(cl.Students)
			c.Enrollments += 1 + len(cl.Students)
		}
	}
	c.Teachers = len(teachers)
	return c
}

// TestRosterDemoSet: testdata/demo is the demo district as a OneRoster set (go test
// -run TestRosterDemoSet -update rewrites it), it validates cleanly, and it holds what
// the demo seeds.
func TestRosterDemoSet(t *testing.T) {
	d := demoDistrict()
	golden := filepath.Join("testdata", "demo")
	if *update {
		if err := os.MkdirAll(golden, 0o755); err != nil {
			t.Fatal(err)
		}
		writeDemoSet(t, golden, d)
	}
	fresh := t.TempDir()
	writeDemoSet(t, fresh, d)
	entries, err := os.ReadDir(fresh)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		want, _ := os.ReadFile(filepath.Join(fresh, e.Name()))
		got, err := os.ReadFile(filepath.Join(golden, e.Name()))
		if err != nil || string(got) != string(want) {
			t.Errorf("testdata/demo/%s differs from the demo district (%v): run go test -run TestRosterDemoSet -update", e.Name(), err)
		}
	}

	set, rep := Check(os.DirFS(golden))
	for _, e := range rep.Errors {
		t.Errorf("demo set: %s", e)
	}
	if diff := cmp.Diff(demoCounts(d), set.Counts()); diff != "" {
		t.Errorf("demo set counts (-demo seeds +set holds):\n%s", diff)
	}
	if set.District < 0 || set.Orgs[set.District].Identifier != d.PSUCode {
		t.Errorf("district: got %+v, want PSU %s", set.Orgs, d.PSUCode)
	}
}
