package httpapi_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// syntheticRosterZip zips a OneRoster set of district psu with students students in 10
// schools, a teacher and a class of 25 per 25 students, and 6 enrolments a student (and the
// teachers'), compressed as a SIS would.
func syntheticRosterZip(tb testing.TB, psu string, students int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	file := func(name string, write func(w func(format string, args ...any))) {
		f, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		write(func(format string, args ...any) { fmt.Fprintf(f, format, args...) })
	}
	file("manifest.csv", func(p func(string, ...any)) {
		p("propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.academicSessions,bulk\nfile.classes,bulk\n")
		p("file.enrollments,bulk\nfile.orgs,bulk\nfile.users,bulk\nfile.courses,absent\n")
	})
	file("orgs.csv", func(p func(string, ...any)) {
		p("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n")
		p("org-d,,,Synthetic District,district,%s,\n", psu)
		for s := range 10 {
			p("org-s%d,,,School %d,school,SY%04d,org-d\n", s, s, s)
		}
	})
	file("academicSessions.csv", func(p func(string, ...any)) {
		p("sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n")
		p("year,,,2026-2027,schoolYear,2026-09-01,2027-06-30,,2027\n")
	})
	classes := students / 25
	file("classes.csv", func(p func(string, ...any)) {
		p("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n")
		for c := range classes {
			p("class-%d,,,Class %d,05,course-5,C%d,scheduled,,org-s%d,year,,,\n", c, c, c, c%10)
		}
	})
	file("users.csv", func(p func(string, ...any)) {
		p("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n")
		for c := range classes {
			p("teacher-%d,,,true,org-s%d,teacher,t%d@district.example,,Tess,Teacher%d,,,t%d@district.example,,,,,\n", c, c%10, c, c, c)
		}
		for s := range students {
			p("student-%d,,,true,org-s%d,student,s%d,,Sam,Student%d,,%09d,s%d@students.example,,,,05,\n", s, (s/25)%10, s, s, 100000000+s, s)
		}
	})
	file("enrollments.csv", func(p func(string, ...any)) {
		p("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n")
		for c := range classes {
			p("e-t%d,,,class-%d,org-s%d,teacher-%d,teacher,true,,\n", c, c, c%10, c)
		}
		for s := range students {
			for k := range 6 {
				c := (s/25 + k*7) % classes
				p("e-%d-%d,,,class-%d,org-s%d,student-%d,student,false,,\n", s, k, c, c%10, s)
			}
		}
	})
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRosterDryRun uploads a synthetic set (ROSTER_BENCH_STUDENTS students, 100,000 by
// default) with the fake importer: the upload, the check and the stored draft, i.e. what
// the page's request costs besides the importer's plan. It reports the zip's size and the
// heap in use at the end.
func BenchmarkRosterDryRun(b *testing.B) {
	students := 100000
	if v, err := strconv.Atoi(os.Getenv("ROSTER_BENCH_STUDENTS")); err == nil && v > 0 {
		students = v
	}
	w := newImportWorld(b)
	zipped := syntheticRosterZip(b, "901", students)
	b.ResetTimer()
	for b.Loop() {
		r := upload(w.distC, zipped)
		if r.Status != http.StatusOK {
			b.Fatalf("dry run: %d %.300s", r.Status, r.Raw)
		}
	}
	b.ReportMetric(float64(len(zipped))/(1<<20), "zip-MiB")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-sys-MiB")
}
