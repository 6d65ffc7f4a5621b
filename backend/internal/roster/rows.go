package roster

import (
	"fmt"
	"slices"
	"strings"
)

func (c *checker) org(r row) {
	id, ok := c.common(fileOrgs, r, c.orgs, func(i int32) int { return c.set.Orgs[i].row })
	typ := c.enum(fileOrgs, r, "type", orgTypes, "org type")
	c.orgIdentifier(r, typ)
	if !ok {
		return
	}
	o := Org{SourcedID: strings.Clone(id), Name: strings.Clone(r.get("name")), Type: typ,
		Identifier: strings.Clone(r.get("identifier")), Parent: strings.Clone(r.get("parentSourcedId")), row: r.n}
	i := int32(len(c.set.Orgs))
	if typ == "district" {
		if c.set.District >= 0 {
			c.rep.add(Error{File: fileOrgs, Row: r.n, Column: "type", Message: fmt.Sprintf(
				"%q is a second district (row %d is one already): send one district per set", id, c.set.Orgs[c.set.District].row)})
		} else {
			c.set.District = int(i)
		}
	}
	c.set.Orgs = append(c.set.Orgs, o)
	c.orgs.add(o.SourcedID, i)
}

func (c *checker) session(r row) {
	id, ok := c.common(fileSessions, r, c.sessions, func(i int32) int { return c.set.Sessions[i].row })
	typ := c.enum(fileSessions, r, "type", sessionTypes, "session type")
	start, okStart := c.date(fileSessions, r, "startDate")
	end, okEnd := c.date(fileSessions, r, "endDate")
	if okStart && okEnd && end.Before(start) {
		c.rep.add(Error{File: fileSessions, Row: r.n, Column: "endDate",
			Message: fmt.Sprintf("%q is before the startDate %q", r.get("endDate"), r.get("startDate"))})
	}
	if y := r.get("schoolYear"); y != "" && !isYear(y) {
		c.rep.add(Error{File: fileSessions, Row: r.n, Column: "schoolYear",
			Message: fmt.Sprintf("%q is not a year like 2027", y)})
	}
	if !ok {
		return
	}
	c.set.Sessions = append(c.set.Sessions, Session{SourcedID: strings.Clone(id), Title: strings.Clone(r.get("title")), Type: typ, row: r.n})
	c.sessions.add(c.set.Sessions[len(c.set.Sessions)-1].SourcedID, int32(len(c.set.Sessions)-1))
}

func isYear(v string) bool {
	if len(v) != 4 {
		return false
	}
	for _, ch := range v {
		if ch < '0' || ch > '9' {
			return false
		}
	}
	return true
}

func (c *checker) user(r row) {
	id, ok := c.common(fileUsers, r, c.users, func(i int32) int { return int(c.set.Users[i].row) })
	role := c.enum(fileUsers, r, "role", userRoles, "role")
	enabled := c.enum(fileUsers, r, "enabledUser", booleans, "true/false value")
	orgs := list(r.get("orgSourcedIds"))
	school := int32(-1)
	for _, o := range orgs {
		i, known := c.orgs.find(o)
		if !known {
			c.unknown(fileUsers, r, "orgSourcedIds", o, fileOrgs)
		} else if school < 0 && c.set.Orgs[i].Type == "school" {
			school = i
		}
	}
	var grade int
	if role == "student" {
		grade = c.studentGrade(r)
		c.studentName(r, r.get("username"))
	}
	identifier, email := r.get("identifier"), r.get("email")
	c.importable(r, role, identifier, email, orgs)
	if !ok {
		return
	}
	// One arena string holds the user's values; the fields are cut from it.
	username, given, family := r.get("username"), r.get("givenName"), r.get("familyName")
	kept := c.arena.keep(id, username, given, family, identifier, email)
	idEnd, nameEnd := len(id), len(id)+len(username)
	text := kept[nameEnd:]
	u := User{
		SourcedID: kept[:idEnd], Username: kept[idEnd:nameEnd], text: text,
		ends:   [3]uint32{uint32(len(given)), uint32(len(given) + len(family)), uint32(len(given) + len(family) + len(identifier))},
		School: school, row: int32(r.n), Grade: int8(grade), Role: userRoleOf[role],
		ToBeDeleted: r.get("status") == "tobedeleted", Enabled: enabled == "true",
		Agents: c.arena.list(r.get("agentSourcedIds")),
	}
	i := int32(len(c.set.Users))
	c.set.Users = append(c.set.Users, u)
	c.users.add(u.SourcedID, i)
}

// studentGrade checks that a student has exactly one known grade code and returns the
// portal's grade.
func (c *checker) studentGrade(r row) int {
	raw := r.get("grades")
	codes := list(raw)
	switch {
	case len(codes) == 0:
		c.rep.add(Error{File: fileUsers, Row: r.n, Column: "grades",
			Message: "is empty, and a student needs a grade (" + gradeCodesHelp + ")"})
		return 0
	case len(codes) > 1:
		c.rep.add(Error{File: fileUsers, Row: r.n, Column: "grades",
			Message: fmt.Sprintf("%q lists more than one grade, and a student is in one grade", raw)})
		return 0
	}
	g, ok := Grade(codes[0])
	if !ok {
		c.rep.add(Error{File: fileUsers, Row: r.n, Column: "grades",
			Message: fmt.Sprintf("%q is not a OneRoster grade code (%s)", codes[0], gradeCodesHelp)})
	}
	return g
}

// studentName reports a student username another student has already, ignoring case:
// students sign in with it, so it must name one student.
func (c *checker) studentName(r row, username string) {
	if strings.TrimSpace(username) == "" {
		return
	}
	if c.studentNames == nil {
		c.studentNames = map[string]int{}
	}
	key := strings.ToLower(username)
	if first, dup := c.studentNames[key]; dup {
		c.rep.add(Error{File: fileUsers, Row: r.n, Column: "username", Message: fmt.Sprintf(
			"%q is already the username of the student on row %d (usernames are compared without case)", username, first)})
		return
	}
	if key == username {
		key = strings.Clone(key) // not the CSV line's: the map outlives it
	}
	c.studentNames[key] = r.n
}

// agents checks, once every user is read, that each user's agentSourcedIds (a student's
// guardians, a guardian's children) are users of the set.
func (c *checker) agents() {
	for _, u := range c.set.Users {
		for _, a := range u.Agents {
			if _, known := c.users.find(a); !known {
				c.rep.add(Error{File: fileUsers, Row: int(u.row), Column: "agentSourcedIds",
					Message: fmt.Sprintf("%q is not the sourcedId of any row of %s", a, fileUsers)})
			}
		}
	}
	c.studentNames = nil
}

func (c *checker) class(r row) {
	id, ok := c.common(fileClasses, r, c.classes, func(i int32) int { return int(c.set.Classes[i].row) })
	c.enum(fileClasses, r, "classType", classTypes, "class type")
	school := r.get("schoolSourcedId")
	schoolAt := c.school(fileClasses, r, school)
	for _, t := range list(r.get("termSourcedIds")) {
		if _, known := c.sessions.find(t); !known {
			c.unknown(fileClasses, r, "termSourcedIds", t, fileSessions)
		}
	}
	for _, g := range list(r.get("grades")) {
		if _, known := Grade(g); !known {
			c.rep.add(Error{File: fileClasses, Row: r.n, Column: "grades",
				Message: fmt.Sprintf("%q is not a OneRoster grade code (%s)", g, gradeCodesHelp)})
		}
	}
	if !ok {
		return
	}
	title, code := r.get("title"), r.get("classCode")
	kept := c.arena.keep(id, title, code)
	idEnd, titleEnd := len(id), len(id)+len(title)
	i := int32(len(c.set.Classes))
	c.set.Classes = append(c.set.Classes, Class{SourcedID: kept[:idEnd], Title: kept[idEnd:titleEnd], ClassCode: kept[titleEnd:],
		School: schoolAt, row: int32(r.n), ToBeDeleted: r.get("status") == "tobedeleted"})
	c.classes.add(c.set.Classes[i].SourcedID, i)
}

// school checks that a schoolSourcedId names an org of type school, and returns the org's
// index (-1 when unknown).
func (c *checker) school(file string, r row, id string) int32 {
	if strings.TrimSpace(id) == "" {
		return -1
	}
	i, known := c.orgs.find(id)
	if !known {
		c.unknown(file, r, "schoolSourcedId", id, fileOrgs)
		return -1
	}
	// An org whose type is not OneRoster's is reported in orgs.csv already.
	if t := c.set.Orgs[i].Type; t != "school" && t != "" {
		c.rep.add(Error{File: file, Row: r.n, Column: "schoolSourcedId",
			Message: fmt.Sprintf("%q is an org of type %s, not a school", id, t)})
	}
	return i
}

// enrollment reads a row of enrollments.csv. Enrolments outnumber everything else, so
// their sourcedIds are not kept: only a 64-bit hash (FNV-1a) of each, 8 bytes a row, and
// enrolDuplicates finds the duplicates from them.
func (c *checker) enrollment(r row) {
	c.common(fileEnrol, r, nil, nil)
	if id := r.get("sourcedId"); strings.TrimSpace(id) != "" {
		c.enrolHashes = append(c.enrolHashes, enrolHash(id))
	}
	role := c.enum(fileEnrol, r, "role", enrolRoles, "enrollment role")
	c.enum(fileEnrol, r, "primary", booleans, "true/false value")
	c.date(fileEnrol, r, "beginDate")
	c.date(fileEnrol, r, "endDate")
	c.school(fileEnrol, r, r.get("schoolSourcedId"))
	class, okClass := c.ref(r, "classSourcedId", c.classes, fileClasses)
	user, okUser := c.ref(r, "userSourcedId", c.users, fileUsers)
	if okClass && okUser && role != "" {
		c.set.Enrollments = append(c.set.Enrollments, Enrollment{Class: class, User: user, Role: enrolRoleOf[role]})
	}
}

// ref resolves a reference column, reporting an unknown sourcedId.
func (c *checker) ref(r row, col string, ids *index, target string) (int32, bool) {
	id := r.get(col)
	if strings.TrimSpace(id) == "" {
		return 0, false
	}
	i, known := ids.find(id)
	if !known {
		c.unknown(fileEnrol, r, col, id, target)
	}
	return i, known
}

func enrolHash(id string) uint64 { return idHash(id) }

// enrolDuplicates reports the enrolments whose sourcedId an earlier row has. Hashes that
// occur twice are rare (a real duplicate, or one chance in a million of a collision at
// 6,000,000 rows), so their rows are found by reading the file once more, comparing the ids
// themselves: a collision is no error.
func (c *checker) enrolDuplicates(listed map[string]bool) {
	hashes := c.enrolHashes
	c.enrolHashes = nil
	slices.Sort(hashes)
	twice := map[uint64]bool{}
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			twice[hashes[i]] = true
		}
	}
	if len(twice) == 0 {
		return
	}
	if want, known := listed[fileEnrol]; known && !want {
		return
	}
	first := map[string]int{}
	readFile(c.fsys, fileEnrol, &Report{}, func(r row) {
		id := r.get("sourcedId")
		if strings.TrimSpace(id) == "" || !twice[enrolHash(id)] {
			return
		}
		if row, dup := first[id]; dup {
			c.rep.add(Error{File: fileEnrol, Row: r.n, Column: "sourcedId",
				Message: fmt.Sprintf("%q is already the sourcedId of row %d", id, row)})
			return
		}
		first[strings.Clone(id)] = r.n
	})
}
