package roster

import "github.com/schoolpass/portal/backend/internal/policy"

// gradeCodes maps the OneRoster 1.1 grade codes (the CEDS entry grade levels) to the
// portal's grades (policy.ValidGrade).
//
//	IT (infant/toddler)  -3
//	PR (preschool)       -2
//	PK (pre-kindergarten) -1
//	TK (transitional K)   0
//	KG (kindergarten)     0
//	01 … 13               1 … 13
//	UG (ungraded)        -9 (policy.GradeUngraded)
//
// TK is a kindergarten year (the first of two in the states that have it), so it shares
// grade 0 with KG. The portal's grades -5 and -4 exist for districts that enter early
// childhood levels by hand; OneRoster has no code for them and never produces them. PS
// (postsecondary) and Other are refused: the portal serves K-12 students, and a roster that
// sends them must say which grade they are in.
var gradeCodes = map[string]int{
	"IT": -3, "PR": -2, "PK": -1, "TK": 0, "KG": 0,
	"01": 1, "02": 2, "03": 3, "04": 4, "05": 5, "06": 6, "07": 7,
	"08": 8, "09": 9, "10": 10, "11": 11, "12": 12, "13": 13,
	"UG": policy.GradeUngraded,
}

// gradeCodesHelp lists the accepted codes for error messages.
const gradeCodesHelp = "use IT, PR, PK, TK, KG, 01–13, UG"

// GradeCode is one row of the grade-code mapping.
type GradeCode struct {
	Code  string
	Grade int
}

// GradeCodes returns the grade-code mapping in the order the standard lists the codes,
// for documentation.
func GradeCodes() []GradeCode {
	order := []string{"IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07",
		"08", "09", "10", "11", "12", "13", "UG"}
	out := make([]GradeCode, 0, len(order))
	for _, c := range order {
		out = append(out, GradeCode{Code: c, Grade: gradeCodes[c]})
	}
	return out
}

// Grade returns the portal's grade for a OneRoster grade code.
func Grade(code string) (int, bool) {
	g, ok := gradeCodes[code]
	return g, ok
}
