package demo

import "strings"

// The demo district's OneRoster sourcedIds: the seed stores them and the demo's OneRoster
// set (backend/internal/roster/testdata/demo) uses them, so importing that set onto the
// seeded demo district changes nothing.

// DistrictSourcedID is the district org's sourcedId.
func DistrictSourcedID(d District) string { return "org-" + d.PSUCode }

// SchoolSourcedID is a school org's sourcedId.
func SchoolSourcedID(s School) string { return "org-" + s.CampusCode }

// ClassSourcedID is a class's sourcedId.
func ClassSourcedID(s School, c Class) string { return "class-" + s.CampusCode + "-" + c.Number }

// StaffSourcedID is a staff member's user sourcedId.
func StaffSourcedID(m Staff) string { return "staff-" + localPart(m.Email) }

// StudentSourcedID is a student's user sourcedId.
func StudentSourcedID(st Student) string { return "student-" + st.Number }

// GuardianSourcedID is a guardian's user sourcedId.
func GuardianSourcedID(g Guardian) string { return "guardian-" + localPart(g.Email) }

func localPart(email string) string { l, _, _ := strings.Cut(email, "@"); return l }
