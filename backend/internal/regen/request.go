package regen

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
)

// RefusedRules is the refusal code of a regeneration request whose fields break a rule.
const RefusedRules = "regeneration_rules"

// Rules of a regeneration request, in the contract's words.
const (
	RulePSUFormat         policy.Rule = "psu_format"
	RulePSUOtherDistrict  policy.Rule = "psu_other_district"
	RuleCampusFormat      policy.Rule = "campus_format"
	RuleCampusUnknown     policy.Rule = "campus_unknown"
	RuleCampusRepeated    policy.Rule = "campus_repeated"
	RuleGradeUnknown      policy.Rule = "grade_unknown"
	RuleGradeRepeated     policy.Rule = "grade_repeated"
	RuleForceWithoutReset policy.Rule = "force_without_reset"
)

// Fields of the request, as the contract names them.
const (
	FieldPSU         = "psuCode"
	FieldCampusCodes = "campusCodes"
	FieldGrades      = "grades"
	FieldForceChange = "forceChange"
)

// Request is a regeneration request as the form types it: campus codes and grades are
// comma lists.
type Request struct {
	PSUCode     string
	CampusCodes string
	Grades      string
	AlsoReset   bool
	ForceChange bool
	Comments    string
	// SecondFactorAt is when the staff member last proved a second factor.
	SecondFactorAt time.Time
}

// Selection is a request's checked filter: the PSU code, campus codes in upper case (none:
// every school) and grades (none: every grade), each once, in the order typed.
type Selection struct {
	PSUCode     string
	CampusCodes []string
	Grades      []int
	// typed is each campus code as typed, by its upper-case form, to name it in a refusal.
	typed map[string]string
}

var (
	psuPattern    = regexp.MustCompile(`^[0-9]{3}$`)
	campusPattern = regexp.MustCompile(`^[A-Za-z0-9]{6}$`)
)

// Parse checks r's fields against the rules that need nothing but the request, and returns
// the selection and every violation found (none: the selection is well formed; whether
// the PSU and the campuses are the district's is [Service.DryRun]'s to check).
func Parse(r Request) (Selection, []policy.Violation) {
	var sel Selection
	var out []policy.Violation
	psu := strings.TrimSpace(r.PSUCode)
	if psuPattern.MatchString(psu) {
		sel.PSUCode = psu
	} else {
		out = append(out, psuFormat(psu))
	}
	seenCampus := map[string]bool{}
	reportedCampus := map[string]bool{}
	for _, item := range SplitList(r.CampusCodes) {
		if !campusPattern.MatchString(item) {
			out = append(out, policy.Violation{Rule: RuleCampusFormat, Field: FieldCampusCodes, Value: item,
				Message: fmt.Sprintf("%q is not a campus code: each is 6 letters or digits, like 901302.", item)})
			continue
		}
		code := strings.ToUpper(item)
		if seenCampus[code] {
			if !reportedCampus[code] {
				reportedCampus[code] = true
				out = append(out, policy.Violation{Rule: RuleCampusRepeated, Field: FieldCampusCodes, Value: item,
					Message: fmt.Sprintf("Campus %s is listed more than once: list each campus once.", item)})
			}
			continue
		}
		seenCampus[code] = true
		if sel.typed == nil {
			sel.typed = map[string]string{}
		}
		sel.typed[code] = item
		sel.CampusCodes = append(sel.CampusCodes, code)
	}
	seenGrade := map[int]bool{}
	reportedGrade := map[int]bool{}
	for _, item := range SplitList(r.Grades) {
		g, err := strconv.Atoi(item)
		if err != nil || !policy.ValidGrade(g) {
			out = append(out, policy.Violation{Rule: RuleGradeUnknown, Field: FieldGrades, Value: item,
				Message: fmt.Sprintf("Grade %s is not a grade code: use -5 to 13, or -9 for ungraded.", item)})
			continue
		}
		if seenGrade[g] {
			if !reportedGrade[g] {
				reportedGrade[g] = true
				out = append(out, policy.Violation{Rule: RuleGradeRepeated, Field: FieldGrades, Value: item,
					Message: fmt.Sprintf("Grade %s is listed more than once: list each grade once.", item)})
			}
			continue
		}
		seenGrade[g] = true
		sel.Grades = append(sel.Grades, g)
	}
	if r.ForceChange && !r.AlsoReset {
		out = append(out, policy.Violation{Rule: RuleForceWithoutReset, Field: FieldForceChange,
			Message: "“Force password change at next sign-in” takes effect only with “Also reset current passwords” ticked: tick that box too, or untick this one."})
	}
	return sel, out
}

// SplitList splits a typed comma list: items trimmed of spaces, empty items left out.
func SplitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func psuFormat(psu string) policy.Violation {
	msg := fmt.Sprintf("%q is not a PSU code: type your district's 3 digits.", psu)
	if psu == "" {
		msg = "Type your district's PSU code: 3 digits."
	}
	return policy.Violation{Rule: RulePSUFormat, Field: FieldPSU, Value: psu, Message: msg}
}

// otherDistrict is the refusal of a well-formed PSU code that is not the admin's own.
func otherDistrict(typed, own string) policy.Violation {
	return policy.Violation{Rule: RulePSUOtherDistrict, Field: FieldPSU, Value: typed,
		Message: fmt.Sprintf("PSU %s is not your district: your district's PSU code is %s.", typed, own)}
}

// campusUnknown is the refusal of a well-formed campus code that is no school of the district.
func campusUnknown(typed string) policy.Violation {
	return policy.Violation{Rule: RuleCampusUnknown, Field: FieldCampusCodes, Value: typed,
		Message: fmt.Sprintf("Campus %s is not a school of your district: check the code.", typed)}
}
