package roster

import (
	"fmt"
	"strings"
)

// importable checks what the portal needs of a person beyond OneRoster's own rules: a
// student has a 9-digit student number (identifier) and a school; a teacher has a school and
// an email; an administrator and a guardian have an email (staff and families sign in with
// it). Aides and proctors are not imported and need nothing more.
func (c *checker) importable(r row, role, identifier, email string, orgs []string) {
	switch role {
	case "student":
		if !isStudentNumber(identifier) {
			msg := "is empty, and a student needs their 9-digit student number here"
			if identifier != "" {
				msg = fmt.Sprintf("%q is not a student number: the portal's student numbers are 9 digits", identifier)
			}
			c.rep.add(Error{File: fileUsers, Row: r.n, Column: "identifier", Message: msg})
		}
		c.needsSchool(r, role, orgs)
	case "teacher":
		c.needsSchool(r, role, orgs)
		c.needsEmail(r, email, "a teacher signs in with their email")
	case "administrator":
		c.needsEmail(r, email, "an administrator signs in with their email")
	case "guardian", "parent", "relative":
		c.needsEmail(r, email, "a family signs in with their email")
	}
}

func (c *checker) needsEmail(r row, email, why string) {
	if strings.TrimSpace(email) == "" {
		c.rep.add(Error{File: fileUsers, Row: r.n, Column: "email", Message: "is empty, and " + why})
	} else if !strings.Contains(email, "@") {
		c.rep.add(Error{File: fileUsers, Row: r.n, Column: "email", Message: fmt.Sprintf("%q is not an email address", email)})
	}
}

// needsSchool reports a student or teacher none of whose orgs is a school (unknown orgs
// are reported already).
func (c *checker) needsSchool(r row, role string, orgs []string) {
	if len(orgs) == 0 {
		return // the empty required column is reported already
	}
	for _, o := range orgs {
		i, known := c.orgs.find(o)
		if !known || c.set.Orgs[i].Type == "school" || c.set.Orgs[i].Type == "" {
			return
		}
	}
	c.rep.add(Error{File: fileUsers, Row: r.n, Column: "orgSourcedIds",
		Message: fmt.Sprintf("%q names no school, and a %s belongs to a school", strings.Join(orgs, ","), role)})
}

// orgIdentifier checks that a school's identifier is its campus code (6 letters and
// digits) and the district's its PSU code (3 digits): the import finds them by these.
func (c *checker) orgIdentifier(r row, typ string) {
	v := r.get("identifier")
	switch {
	case typ == "school" && !isCode(v, 6, true):
		c.rep.add(Error{File: fileOrgs, Row: r.n, Column: "identifier",
			Message: fmt.Sprintf("%q is not a campus code: a school's identifier is its 6-letter-and-digit campus code", v)})
	case typ == "district" && !isCode(v, 3, false):
		c.rep.add(Error{File: fileOrgs, Row: r.n, Column: "identifier",
			Message: fmt.Sprintf("%q is not a PSU code: the district's identifier is its 3-digit PSU code", v)})
	}
}

func isCode(v string, n int, letters bool) bool {
	if len(v) != n {
		return false
	}
	for _, ch := range v {
		digit := ch >= '0' && ch <= '9'
		letter := ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z'
		if !digit && !(letters && letter) {
			return false
		}
	}
	return true
}

func isStudentNumber(v string) bool {
	if len(v) != 9 {
		return false
	}
	for _, ch := range v {
		if ch < '0' || ch > '9' {
			return false
		}
	}
	return true
}

// demographics reads demographics.csv when the set has it (it is optional): a row's
// sourcedId is a user's, and birthDate becomes the student's date of birth.
func (c *checker) demographics(listed map[string]bool) {
	if want, known := listed[fileDemographics]; known && !want {
		return
	}
	rows, found := readFile(c.fsys, fileDemographics, c.rep, func(r row) {
		c.common(fileDemographics, r, nil, nil)
		id := r.get("sourcedId")
		if strings.TrimSpace(id) == "" {
			return
		}
		i, known := c.users.find(id)
		if !known {
			c.unknown(fileDemographics, r, "sourcedId", id, fileUsers)
			return
		}
		if t, ok := c.date(fileDemographics, r, "birthDate"); ok {
			c.set.Users[i].BirthDate = t.Format("2006-01-02")
		}
	})
	if found {
		c.rep.Files = append(c.rep.Files, FileRows{File: fileDemographics, Rows: rows})
	}
}
