package roster

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// baseSet is a small valid set; the rule tests change one thing in it.
var baseSet = map[string]string{
	fileManifest: `propertyName,value
oneroster.version,1.1
file.orgs,bulk
file.academicSessions,bulk
file.classes,bulk
file.users,bulk
file.enrollments,bulk
file.demographics,absent
`,
	fileOrgs: `sourcedId,name,type,identifier,parentSourcedId
d1,Riverside,district,317,
s1,P.S. 45,school,17K045,d1
`,
	fileSessions: `sourcedId,title,type,startDate,endDate,schoolYear
y1,2026-2027,schoolYear,2026-09-01,2027-06-30,2027
`,
	fileClasses: `sourcedId,title,courseSourcedId,classCode,classType,schoolSourcedId,termSourcedIds,grades
c1,Class 501,k1,501,homeroom,s1,y1,05
`,
	fileUsers: `sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName,email,agentSourcedIds,grades,identifier
t1,,,true,s1,teacher,praman,Priya,Raman,praman@x.example,,,
u1,active,2026-09-01T08:00:00Z,true,s1,student,leoc,Leo,Chen,,g1,01,100000001
u2,,,true,s1,student,mayag,Maya,Gutierrez,,,05,100000002
g1,,,true,d1,guardian,grace,Grace,Chen,grace@family.example,u1,,
`,
	fileEnrol: `sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate
e1,c1,s1,t1,teacher,true,
e2,c1,s1,u1,student,false,2026-09-01
e3,c1,s1,u2,student,,
`,
	"demographics.csv": "sourcedId,whatever\nu1,x\n",
}

func setFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

func TestRosterBaseSetIsValid(t *testing.T) {
	set, rep := Check(setFS(baseSet))
	if !rep.OK() {
		t.Fatalf("base set: got errors %v, want none", rep.Errors)
	}
	want := Counts{Schools: 1, Classes: 1, Teachers: 1, Students: 2, Guardians: 1, Enrollments: 3}
	if diff := cmp.Diff(want, set.Counts()); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if u := set.Users[1]; u.Grade != 1 || u.Username != "leoc" || !u.Enabled || len(u.Agents) != 1 {
		t.Errorf("users[1]: got %+v", u)
	}
	if e := set.Enrollments[0]; e.Role != EnrolTeacher || set.Users[e.User].SourcedID != "t1" || set.Classes[e.Class].ClassCode != "501" {
		t.Errorf("enrollments[0]: got %+v (%s)", e, e.Role)
	}
}

// TestRosterRules: each rule, broken once in the base set, gives exactly its error.
func TestRosterRules(t *testing.T) {
	const bom = "\xEF\xBB\xBF"
	tests := []struct {
		name     string
		file     string
		old, new string // replaced once in file; old "" prepends new, new "\x00" removes the file
		want     []Error
	}{
		{"required value empty", fileUsers, "mayag,Maya,", "mayag,,",
			[]Error{{fileUsers, 4, "givenName", "is empty, and every row needs a value here"}}},
		{"duplicate sourcedId", fileOrgs, "s1,P.S. 45,school,17K045,d1\n", "s1,P.S. 45,school,17K045,d1\ns1,Other,school,17K046,d1\n",
			[]Error{{fileOrgs, 4, "sourcedId", `"s1" is already the sourcedId of row 3`}}},
		{"duplicate enrolment sourcedId", fileEnrol, "e3,", "e2,",
			[]Error{{fileEnrol, 4, "sourcedId", `"e2" is already the sourcedId of row 3`}}},
		{"user's org unknown", fileUsers, "u2,,,true,s1", "u2,,,true,s9",
			[]Error{{fileUsers, 4, "orgSourcedIds", `"s9" is not the sourcedId of any row of orgs.csv`}}},
		{"class's school is the district", fileClasses, "homeroom,s1", "homeroom,d1",
			[]Error{{fileClasses, 2, "schoolSourcedId", `"d1" is an org of type district, not a school`}}},
		{"class's term unknown", fileClasses, "s1,y1", "s1,y9",
			[]Error{{fileClasses, 2, "termSourcedIds", `"y9" is not the sourcedId of any row of academicSessions.csv`}}},
		{"enrolment's class unknown", fileEnrol, "e3,c1", "e3,c9",
			[]Error{{fileEnrol, 4, "classSourcedId", `"c9" is not the sourcedId of any row of classes.csv`}}},
		{"enrolment's school unknown", fileEnrol, "e3,c1,s1", "e3,c1,s9",
			[]Error{{fileEnrol, 4, "schoolSourcedId", `"s9" is not the sourcedId of any row of orgs.csv`}}},
		{"enrolment's user unknown", fileEnrol, "s1,u2,", "s1,u9,",
			[]Error{{fileEnrol, 4, "userSourcedId", `"u9" is not the sourcedId of any row of users.csv`}}},
		{"agent unknown", fileUsers, ",g1,01", ",g9,01",
			[]Error{{fileUsers, 3, "agentSourcedIds", `"g9" is not the sourcedId of any row of users.csv`}}},
		{"user role", fileUsers, "teacher,praman", "professor,praman",
			[]Error{{fileUsers, 2, "role", `"professor" is not a OneRoster role (use administrator, aide, guardian, parent, proctor, relative, student, teacher)`}}},
		{"org type", fileOrgs, "school,17K045", "campus,17K045",
			[]Error{{fileOrgs, 3, "type", `"campus" is not a OneRoster org type (use department, school, district, local, state, national)`}}},
		{"enrolment role", fileEnrol, "u2,student", "u2,learner",
			[]Error{{fileEnrol, 4, "role", `"learner" is not a OneRoster enrollment role (use administrator, proctor, student, teacher)`}}},
		{"class type", fileClasses, "homeroom", "lecture",
			[]Error{{fileClasses, 2, "classType", `"lecture" is not a OneRoster class type (use homeroom, scheduled)`}}},
		{"status", fileUsers, "u1,active", "u1,deleted",
			[]Error{{fileUsers, 3, "status", `"deleted" is not a OneRoster status (use active, tobedeleted)`}}},
		{"enabledUser", fileUsers, "t1,,,true", "t1,,,yes",
			[]Error{{fileUsers, 2, "enabledUser", `"yes" is not a OneRoster true/false value (use true, false)`}}},
		{"dateLastModified", fileUsers, "2026-09-01T08:00:00Z", "yesterday",
			[]Error{{fileUsers, 3, "dateLastModified", `"yesterday" is not a date and time like 2026-09-01T08:00:00Z`}}},
		{"date", fileSessions, "2026-09-01,2027", "2026-09-31,2027",
			[]Error{{fileSessions, 2, "startDate", `"2026-09-31" is not a date like 2026-09-01`}}},
		{"end before start", fileSessions, "2027-06-30", "2026-06-30",
			[]Error{{fileSessions, 2, "endDate", `"2026-06-30" is before the startDate "2026-09-01"`}}},
		{"school year", fileSessions, ",2027\n", ",27\n",
			[]Error{{fileSessions, 2, "schoolYear", `"27" is not a year like 2027`}}},
		{"enrolment date", fileEnrol, "false,2026-09-01", "false,09/01/2026",
			[]Error{{fileEnrol, 3, "beginDate", `"09/01/2026" is not a date like 2026-09-01`}}},
		{"student without grade", fileUsers, "Gutierrez,,,05", "Gutierrez,,,",
			[]Error{{fileUsers, 4, "grades", "is empty, and a student needs a grade (use IT, PR, PK, TK, KG, 01–13, UG)"}}},
		{"student with two grades", fileUsers, "Gutierrez,,,05", `Gutierrez,,,"05,06"`,
			[]Error{{fileUsers, 4, "grades", `"05,06" lists more than one grade, and a student is in one grade`}}},
		{"grade 14", fileUsers, "Gutierrez,,,05", "Gutierrez,,,14",
			[]Error{{fileUsers, 4, "grades", `"14" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG)`}}},
		{"grade PS refused", fileUsers, "Gutierrez,,,05", "Gutierrez,,,PS",
			[]Error{{fileUsers, 4, "grades", `"PS" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG)`}}},
		{"class grade", fileClasses, "y1,05", "y1,5",
			[]Error{{fileClasses, 2, "grades", `"5" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG)`}}},
		{"student usernames differ only in case", fileUsers, "mayag", "LeoC",
			[]Error{{fileUsers, 4, "username", `"LeoC" is already the username of the student on row 3 (usernames are compared without case)`}}},
		{"no district", fileOrgs, "district,317", "local,317",
			[]Error{{fileOrgs, 0, "", "no org has type district: the set must name its district"}}},
		{"manifest version", fileManifest, "oneroster.version,1.1", "oneroster.version,1.2",
			[]Error{{fileManifest, 2, "value", `oneroster.version is "1.2": this portal reads OneRoster 1.1`}}},
		{"manifest file mode", fileManifest, "file.classes,bulk", "file.classes,full",
			[]Error{{fileManifest, 5, "value", `file.classes is "full" (use bulk, delta or absent)`}, {fileEnrol, 2, "classSourcedId", `"c1" is not the sourcedId of any row of classes.csv`},
				{fileEnrol, 3, "classSourcedId", `"c1" is not the sourcedId of any row of classes.csv`}, {fileEnrol, 4, "classSourcedId", `"c1" is not the sourcedId of any row of classes.csv`}}},
		{"listed file missing", fileEnrol, "", "\x00",
			[]Error{{fileEnrol, 0, "", "is missing from the set"}}},
		{"missing column", fileUsers, "givenName,", "firstName,",
			[]Error{{fileUsers, 1, "givenName", `the required column "givenName" is missing from the header`}}},
		{"extra columns ignored", fileOrgs, baseSet[fileOrgs], "sourcedId,name,type,identifier,parentSourcedId,metadata.ext\nd1,Riverside,district,317,,x\ns1,P.S. 45,school,17K045,d1,y\n", nil},
		{"field count", fileUsers, "u1,,\n", "u1,,\nu3,,,true\n",
			[]Error{{fileUsers, 6, "", "the row does not have as many values as the header has columns"}}},
		{"bare quote", fileUsers, "u1,,\n", "u1,,\nu3,,,true,s1,teacher,x,Jo\"e,Doe,,,,\n",
			[]Error{{fileUsers, 6, "", "a quotation mark is out of place (a value with a quote must be quoted, and its quotes doubled)"}}},
		{"student number", fileUsers, ",05,100000002\n", ",05,12345\n",
			[]Error{{fileUsers, 4, "identifier", `"12345" is not a student number: the portal's student numbers are 9 digits`}}},
		{"student number missing", fileUsers, ",05,100000002\n", ",05,\n",
			[]Error{{fileUsers, 4, "identifier", "is empty, and a student needs their 9-digit student number here"}}},
		{"teacher email", fileUsers, "praman@x.example", "",
			[]Error{{fileUsers, 2, "email", "is empty, and a teacher signs in with their email"}}},
		{"campus code", fileOrgs, "school,17K045,", "school,17-045,",
			[]Error{{fileOrgs, 3, "identifier", `"17-045" is not a campus code: a school's identifier is its 6-letter-and-digit campus code`}}},
		{"BOM accepted", fileUsers, "", bom, nil},
		{"invalid UTF-8", fileUsers, "Maya", "Ma\xffa",
			[]Error{{fileUsers, 4, "givenName", `"Ma` + "\uFFFD" + `a" is not UTF-8 text: save the file as UTF-8`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range baseSet {
				files[k] = v
			}
			switch {
			case tc.new == "\x00":
				delete(files, tc.file)
			case tc.old == "":
				files[tc.file] = tc.new + files[tc.file]
			default:
				if !strings.Contains(files[tc.file], tc.old) {
					t.Fatalf("%s has no %q", tc.file, tc.old)
				}
				files[tc.file] = strings.Replace(files[tc.file], tc.old, tc.new, 1)
			}
			_, rep := Check(setFS(files))
			if diff := cmp.Diff(tc.want, rep.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRosterErrorString(t *testing.T) {
	e := Error{File: "users.csv", Row: 14, Column: "grades", Message: `"14" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG)`}
	want := `users.csv row 14, grades: "14" is not a OneRoster grade code (use IT, PR, PK, TK, KG, 01–13, UG)`
	if got := e.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRosterDemographics: demographics.csv, when the manifest lists it, gives students their
// birth dates; a bad date or an unknown user is refused with its row.
func TestRosterDemographics(t *testing.T) {
	files := map[string]string{}
	for k, v := range baseSet {
		files[k] = v
	}
	files[fileManifest] = strings.Replace(files[fileManifest], "file.demographics,absent", "file.demographics,bulk", 1)
	files[fileDemographics] = "sourcedId,birthDate\nu1,2019-02-14\n"
	set, rep := Check(setFS(files))
	if !rep.OK() {
		t.Fatalf("errors %v", rep.Errors)
	}
	if got := set.Users[1].BirthDate; got != "2019-02-14" {
		t.Errorf("u1 birth date %q, want 2019-02-14", got)
	}
	files[fileDemographics] = "sourcedId,birthDate\nu1,2019-02-30\nzz,2019-01-01\n"
	_, rep = Check(setFS(files))
	want := []Error{{fileDemographics, 2, "birthDate", `"2019-02-30" is not a date like 2026-09-01`},
		{fileDemographics, 3, "sourcedId", `"zz" is not the sourcedId of any row of users.csv`}}
	if diff := cmp.Diff(want, rep.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
