package schoolreset

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Search limits.
const (
	// MinSearchLength is the fewest characters a search may have: one letter matches a
	// district's worth of students.
	MinSearchLength = 2
	// MaxResults is how many students a search lists.
	MaxResults = 25
)

// QueryKind says which keys a search compares.
type QueryKind int

// Query kinds.
const (
	// QueryNumber is a whole 9-digit student ID, matched exactly.
	QueryNumber QueryKind = iota + 1
	// QueryNumberPrefix is the start of a student ID.
	QueryNumberPrefix
	// QueryEmail is the start of a school email (the query holds "@").
	QueryEmail
	// QueryLastFirst is "last, first": the start of the last name and first name in that
	// order.
	QueryLastFirst
	// QueryAny is the start of a username, email, first name, last name, "first last" or
	// "last first".
	QueryAny
)

// Query is a parsed search: Key is the student ID, or a prefix folded as policy.SearchKey
// folds the stored keys.
type Query struct {
	Kind QueryKind
	Key  string
}

// ParseQuery reads what a staff member typed in the search field, or refuses fewer than
// MinSearchLength characters with ErrSearchTooShort.
func ParseQuery(q string) (Query, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < MinSearchLength {
		return Query{}, ErrSearchTooShort
	}
	if strings.Trim(q, "0123456789") == "" {
		if len(q) == policy.StudentNumberLength {
			return Query{Kind: QueryNumber, Key: q}, nil
		}
		return Query{Kind: QueryNumberPrefix, Key: q}, nil
	}
	var out Query
	switch {
	case strings.Contains(q, "@"):
		out = Query{Kind: QueryEmail, Key: policy.SearchKey(q)}
	case strings.Contains(q, ","):
		last, first, _ := strings.Cut(q, ",")
		key := strings.TrimSpace(policy.SearchKey(last) + " " + policy.SearchKey(first))
		out = Query{Kind: QueryLastFirst, Key: key}
	default:
		out = Query{Kind: QueryAny, Key: policy.SearchKey(q)}
	}
	// Folding drops accents and spaces: what is left must still say something.
	if utf8.RuneCountInString(out.Key) < MinSearchLength {
		return Query{}, ErrSearchTooShort
	}
	return out, nil
}

// Search finds up to MaxResults students in the staff member's scope matching q, by last
// name, and reports whether more matched. The scope is part of the query, so a student
// outside it is never read.
func (s *Service) Search(ctx context.Context, m accounts.Staff, q string) ([]Summary, bool, error) {
	query, err := ParseQuery(q)
	if err != nil {
		return nil, false, err
	}
	found, err := s.Store.Search(ctx, m, query, MaxResults+1)
	if err != nil {
		return nil, false, err
	}
	if len(found) > MaxResults {
		return found[:MaxResults], true, nil
	}
	return found, false, nil
}
