package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/roster"
)

// copySet copies the set into the temporary tables, streaming rows from the set (no copy of
// it is built). Users and classes marked tobedeleted, and disabled users, are left out: a
// bulk set's row that says so is a person or class that left.
func (r *rosterRun) copySet(ctx context.Context) error {
	set := r.set
	schoolOf := func(i int32) string {
		if i < 0 {
			return ""
		}
		return set.Orgs[i].SourcedID
	}
	var schools, students, staff, guardians, classes []int32
	for i, o := range set.Orgs {
		if o.Type == "school" {
			schools = append(schools, int32(i))
		}
	}
	agents := 0
	for i := range set.Users {
		u := &set.Users[i]
		if !u.Enabled || u.ToBeDeleted {
			continue
		}
		switch {
		case u.Role == roster.RoleStudent:
			students = append(students, int32(i))
		case u.Role == roster.RoleTeacher || u.Role == roster.RoleAdministrator:
			staff = append(staff, int32(i))
		case u.Role.Family():
			guardians = append(guardians, int32(i))
		default:
			continue
		}
		agents += len(u.Agents)
	}
	for i, c := range set.Classes {
		if !c.ToBeDeleted {
			classes = append(classes, int32(i))
		}
	}

	copies := []struct {
		table   string
		columns []string
		n       int
		row     func(k int) []any
	}{
		{"r_schools", []string{"i", "sid", "campus", "name"}, len(schools), func(k int) []any {
			o := &set.Orgs[schools[k]]
			return []any{schools[k], o.SourcedID, strings.ToUpper(o.Identifier), o.Name}
		}},
		{"r_students", []string{"i", "sid", "number", "username", "email", "first", "last", "grade", "school_sid", "birth"},
			len(students), func(k int) []any {
				u := &set.Users[students[k]]
				var birth any
				if u.BirthDate != "" {
					birth = u.BirthDate
				}
				return []any{students[k], u.SourcedID, u.Identifier(), u.Username, u.Email(), u.GivenName(), u.FamilyName(),
					int16(u.Grade), schoolOf(u.School), birth}
			}},
		{"r_staff", []string{"i", "sid", "email", "first", "last", "role", "school_sid"}, len(staff), func(k int) []any {
			u := &set.Users[staff[k]]
			school := schoolOf(u.School)
			role, _ := policy.RosterStaffRole(u.Role.String(), school != "")
			var schoolSID any
			if school != "" {
				schoolSID = school
			}
			return []any{staff[k], u.SourcedID, u.Email(), u.GivenName(), u.FamilyName(), string(role), schoolSID}
		}},
		{"r_guardians", []string{"i", "sid", "email", "name"}, len(guardians), func(k int) []any {
			u := &set.Users[guardians[k]]
			return []any{guardians[k], u.SourcedID, u.Email(), strings.TrimSpace(u.GivenName() + " " + u.FamilyName())}
		}},
		{"r_classes", []string{"i", "sid", "number", "name", "school_sid"}, len(classes), func(k int) []any {
			c := &set.Classes[classes[k]]
			number := c.ClassCode
			if number == "" {
				number = c.SourcedID // a class without a code is known by its id
			}
			return []any{classes[k], c.SourcedID, number, c.Title, schoolOf(c.School)}
		}},
	}
	for _, c := range copies {
		if _, err := r.tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromSlice(c.n, func(k int) ([]any, error) {
			return c.row(k), nil
		})); err != nil {
			return fmt.Errorf("roster import: copy %s: %w", c.table, err)
		}
	}
	if _, err := r.tx.CopyFrom(ctx, pgx.Identifier{"r_enrol"}, []string{"class_i", "user_i", "teacher"},
		&enrolSource{set: set, next: -1}); err != nil {
		return fmt.Errorf("roster import: copy enrolments: %w", err)
	}
	if agents > 0 {
		if _, err := r.tx.CopyFrom(ctx, pgx.Identifier{"r_agents"}, []string{"user_i", "agent_sid"},
			&agentSource{set: set, user: -1}); err != nil {
			return fmt.Errorf("roster import: copy agents: %w", err)
		}
	}
	return nil
}

// enrolSource streams the set's student and teacher enrolments to COPY.
type enrolSource struct {
	set  *roster.Set
	next int
	row  [3]any
}

func (s *enrolSource) Next() bool {
	for s.next++; s.next < len(s.set.Enrollments); s.next++ {
		e := s.set.Enrollments[s.next]
		if e.Role == roster.EnrolStudent || e.Role == roster.EnrolTeacher {
			s.row = [3]any{e.Class, e.User, e.Role == roster.EnrolTeacher}
			return true
		}
	}
	return false
}

func (s *enrolSource) Values() ([]any, error) { return s.row[:], nil }
func (s *enrolSource) Err() error             { return nil }

// agentSource streams each user's agentSourcedIds as (user index, agent sourcedId).
type agentSource struct {
	set   *roster.Set
	user  int
	agent int
}

func (s *agentSource) Next() bool {
	s.agent++
	for s.user < 0 || s.agent >= len(s.set.Users[s.user].Agents) {
		s.user++
		s.agent = 0
		if s.user >= len(s.set.Users) {
			return false
		}
	}
	return true
}

func (s *agentSource) Values() ([]any, error) {
	return []any{int32(s.user), s.set.Users[s.user].Agents[s.agent]}, nil
}
func (s *agentSource) Err() error { return nil }
