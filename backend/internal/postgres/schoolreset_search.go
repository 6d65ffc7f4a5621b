package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
	district := `sc.district_id = ` + args.add(m.DistrictID)
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

// highest is the greatest code point: in the "C" byte order of the folded keys every text
// that starts with a prefix sorts before the prefix followed by it.
const highest = "\U0010FFFF"

// Search lists up to limit students in m's scope matching q. Each key is searched apart,
// as a range of its index in index order, and the few rows each yields are merged, ordered
// by last name: no search reads more than limit rows a key, whatever the district's size.
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

// searchSQL is the query of a search and its arguments; "" when m has no scope.
func searchSQL(m accounts.Staff, q schoolreset.Query, limit int) (string, []any, error) {
	var args searchArgs
	scope, ok := searchScope(m, &args)
	if !ok {
		return "", nil, nil
	}
	var branches []searchBranch
	lo, hi := q.Key, q.Key+highest
	switch q.Kind {
	case schoolreset.QueryNumber:
		branches = []searchBranch{{column: "student_number", exact: true}}
	case schoolreset.QueryNumberPrefix:
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
	col, limitArg := func(b searchBranch) string { return "s." + b.column }, args.add(limit)
	var loArg, hiArg string
	if branches[0].exact {
		loArg = args.add(lo)
	} else {
		loArg, hiArg = args.add(lo), args.add(hi)
	}
	parts := make([]string, len(branches))
	for i, b := range branches {
		cond := col(b) + ` = ` + loArg
		if !b.exact {
			cond = col(b) + ` >= ` + loArg + ` and ` + col(b) + ` < ` + hiArg
		}
		parts[i] = `(select s.id from students s join schools sc on sc.id = s.school_id
			where ` + scope + ` and ` + cond + ` order by ` + col(b) + ` limit ` + limitArg + `)`
	}
	return `select s.id, s.student_number, s.username, s.email, s.first_name, s.last_name, s.grade, sc.name
		from students s join schools sc on sc.id = s.school_id
		where s.id in (` + strings.Join(parts, " union ") + `)
		order by s.search_lf, s.id limit ` + limitArg, args, nil
}

// nextDigits is the smallest digit string after every student ID that starts with prefix
// (a string of digits): "12" gives "13", "19" gives "2", and "99" gives "99999999999",
// longer than any student ID.
func nextDigits(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return strings.Repeat("9", policy.StudentNumberLength+1)
}
