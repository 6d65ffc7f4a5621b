package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// searchArgs numbers the arguments of a search query as they are added.
type searchArgs []any

func (a *searchArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// searchScope is the SQL condition that keeps a search inside a staff member's scope, as
// policy.InScope draws it; false when the staff member has no scope.
func searchScope(m accounts.Staff, args *searchArgs) (string, bool) {
	if !isUUID(m.DistrictID) {
		return "", false
	}
	// Students a roster retired are left out of searches (their audit trail stays).
	district := `s.retired_at is null and sc.district_id = ` + args.add(m.DistrictID)
	switch m.Role {
	case policy.RoleDistrictAdmin:
		return district, true
	case policy.RoleSchoolAdmin:
		return district + ` and s.school_id = ` + args.add(m.SchoolID), isUUID(m.SchoolID)
	case policy.RoleTeacher:
		// Drawn from the teacher's classes: a few hundred students, whatever the district's size.
		return district + ` and s.id in (select e.student_id from class_teachers t
			join class_enrollments e on e.class_id = t.class_id where t.staff_id = ` + args.add(m.ID) + `)`, isUUID(m.ID)
	default:
		return "", false
	}
}

// searchBranch is one key a search compares: a range of one indexed column, read in that
// column's order so each branch stops after limit rows.
type searchBranch struct {
	column string
	exact  bool
}

// Search lists up to limit students in m's scope matching q.
func (r *SchoolReset) Search(ctx context.Context, m accounts.Staff, q schoolreset.Query, limit int) ([]schoolreset.Summary, error) {
	sql, args, err := searchSQL(m, q, limit)
	if err != nil || sql == "" {
		return nil, err
	}
	rows, err := r.q(ctx).Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("search students: %w", err)
	}
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (schoolreset.Summary, error) {
		var s schoolreset.Summary
		err := row.Scan(&s.ID, &s.StudentNumber, &s.Username, &s.Email, &s.FirstName, &s.LastName, &s.Grade, &s.SchoolName)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("search students: %w", err)
	}
	return found, nil
}

const summaryColumns = `s.id, s.student_number, s.username, s.email, s.first_name, s.last_name, s.grade, sc.name`

// searchSQL is the query of a search and its arguments; "" when m has no scope.
//
// An admin's search reads each key apart, as a range of its index in index order, and
// merges the few rows each yields, ordered by last name: no search reads more than limit
// rows a key, whatever the district's size. A teacher's search starts from the teacher's
// classes (a few hundred students) and compares every key on those rows only. A prefix is
// the range [prefix, next) of the "C"-ordered key, next being the prefix with its last
// character raised by one: a range the planner estimates from its statistics, as it cannot
// a bound with an artificial greatest character.
func searchSQL(m accounts.Staff, q schoolreset.Query, limit int) (string, []any, error) {
	var args searchArgs
	scope, ok := searchScope(m, &args)
	if !ok {
		return "", nil, nil
	}
	var branches []searchBranch
	lo, hi := q.Key, nextPrefix(q.Key)
	switch q.Kind {
	case schoolreset.QueryNumber:
		branches = []searchBranch{{column: "student_number", exact: true}}
	case schoolreset.QueryNumberPrefix:
		// Student IDs keep the database's collation, in which only digits are sure to sort
		// by their code: the bound is the next number of the prefix's length.
		branches, hi = []searchBranch{{column: "student_number"}}, nextDigits(q.Key)
	case schoolreset.QueryEmail:
		branches = []searchBranch{{column: "search_email"}}
	case schoolreset.QueryLastFirst:
		branches = []searchBranch{{column: "search_lf"}}
	case schoolreset.QueryAny:
		branches = []searchBranch{{column: "search_username"}, {column: "search_email"},
			{column: "search_fl"}, {column: "search_lf"}}
	default:
		return "", nil, fmt.Errorf("search: unknown query kind %d", q.Kind)
	}
	limitArg, loArg := args.add(limit), args.add(lo)
	hiArg := ""
	if !branches[0].exact && hi != "" {
		hiArg = args.add(hi)
	}
	conds := make([]string, len(branches))
	for i, b := range branches {
		col := "s." + b.column
		switch {
		case b.exact:
			conds[i] = col + ` = ` + loArg
		case hiArg == "":
			conds[i] = col + ` >= ` + loArg
		default:
			conds[i] = col + ` >= ` + loArg + ` and ` + col + ` < ` + hiArg
		}
	}
	from := ` from students s join schools sc on sc.id = s.school_id `
	if m.Role == policy.RoleTeacher {
		return `select ` + summaryColumns + from + `where ` + scope + ` and (` + strings.Join(conds, " or ") + `)
			order by s.search_lf, s.id limit ` + limitArg, args, nil
	}
	parts := make([]string, len(branches))
	for i, b := range branches {
		parts[i] = `(select s.id` + from + `where ` + scope + ` and ` + conds[i] + ` order by s.` + b.column + ` limit ` + limitArg + `)`
	}
	return `select ` + summaryColumns + from + `where s.id in (` + strings.Join(parts, " union ") + `)
		order by s.search_lf, s.id limit ` + limitArg, args, nil
}

// nextPrefix is the least text after every text that starts with prefix, in byte order: the
// prefix with its last character raised by one (past the surrogates, and dropping a last
// character that cannot be raised); "" when there is none.
func nextPrefix(prefix string) string {
	rs := []rune(prefix)
	for i := len(rs) - 1; i >= 0; i-- {
		switch r := rs[i]; {
		case r == utf8.MaxRune:
			continue
		case r == 0xD7FF:
			rs[i] = 0xE000
		default:
			rs[i] = r + 1
		}
		return string(rs[:i+1])
	}
	return ""
}

// nextDigits is the least digit string after every student ID that starts with prefix (a
// string of digits): "12" gives "13", "19" gives "2"; "" for all nines, which nothing follows.
func nextDigits(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}
