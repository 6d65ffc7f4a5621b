package policy

import "strings"

// Refusal codes: which family of rules refused a request.
const (
	RefusedPassword        = "password_rules"
	RefusedPIN             = "pin_rules"
	RefusedQuestions       = "question_rules"
	RefusedCurrentPassword = "current_password_wrong"
)

// RuleCurrentPassword and RuleConfirmMismatch are refusals that are not about
// the new secret's shape but about what came with it.
const (
	RuleCurrentPassword Rule = "current_password"
	RuleConfirmMismatch Rule = "confirm_mismatch"
)

// RefusalError carries every rule a value failed, so each path (student,
// guardian, staff) answers a refusal the same way: one code, one plain
// message, one detail per rule.
type RefusalError struct {
	Code       string
	Violations []Violation
}

// Error joins the messages of the failed rules.
func (e *RefusalError) Error() string {
	msgs := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		msgs[i] = v.Message
	}
	return strings.Join(msgs, " ")
}

// Refuse returns a *RefusalError for violations, or nil when there are none.
func Refuse(code string, violations []Violation) error {
	if len(violations) == 0 {
		return nil
	}
	return &RefusalError{Code: code, Violations: violations}
}

// WithField returns violations with Field set where it is empty, so a client
// can show each message next to the field it is about.
func WithField(violations []Violation, field string) []Violation {
	out := make([]Violation, len(violations))
	for i, v := range violations {
		if v.Field == "" {
			v.Field = field
		}
		out[i] = v
	}
	return out
}

// ConfirmMismatch is the refusal of a new password whose confirmation differs.
func ConfirmMismatch(field string) Violation {
	return Violation{Rule: RuleConfirmMismatch, Field: field,
		Message: "The two passwords are not the same. Type the same password in both boxes."}
}

// WrongCurrentPassword is the refusal of a change whose current password is wrong.
func WrongCurrentPassword() error {
	return &RefusalError{Code: RefusedCurrentPassword, Violations: []Violation{{
		Rule: RuleCurrentPassword, Field: "currentPassword",
		Message: "That is not your current password. Check it and try again.",
	}}}
}

// CheckNewPassword checks a typed new password and its typed confirmation: every rule
// c.Password fails, on the field newPassword, and a confirmation that differs, on the field
// confirmPassword, in one RefusedPassword refusal; nil when both are right. Every form that
// sets a new password (a student's, a guardian's, a staff member's, a reset by a guardian or
// by staff) asks it here, so each says the same about the same password.
func CheckNewPassword(c PasswordCandidate, confirm string) error {
	violations := WithField(CheckPassword(c), "newPassword")
	if c.Password != confirm {
		violations = append(violations, ConfirmMismatch("confirmPassword"))
	}
	return Refuse(RefusedPassword, violations)
}
