package policy

// Rule is the stable machine code of one policy rule. The SPA translates refusals by rule,
// so the values never change.
type Rule string

// Password rules, in the order [CheckPassword] reports them.
const (
	RuleMinLength        Rule = "min_length"
	RuleMaxLength        Rule = "max_length"
	RuleLowercase        Rule = "lowercase"
	RuleUppercase        Rule = "uppercase"
	RuleDigit            Rule = "digit"
	RuleCommon           Rule = "common"
	RuleContainsUsername Rule = "contains_username"
	RuleContainsName     Rule = "contains_name"
	RuleSameAsCurrent    Rule = "same_as_current"
)

// PIN rules, in the order [CheckPIN] reports them.
const (
	RulePINDigits    Rule = "pin_digits"
	RulePINLength    Rule = "pin_length"
	RulePINRepeated  Rule = "pin_repeated"
	RulePINSequence  Rule = "pin_sequence"
	RulePINStudentID Rule = "pin_student_id"
)

// Security question rules, in the order [CheckQuestions] reports them for one item.
const (
	RuleQuestionCount    Rule = "question_count"
	RuleQuestionUnknown  Rule = "question_unknown"
	RuleQuestionRepeated Rule = "question_repeated"
	RuleAnswerShort      Rule = "answer_short"
	RuleAnswerRepeated   Rule = "answer_repeated"
	RuleAnswerPersonal   Rule = "answer_personal"
)

// Violation is one failed rule. Message is plain English a 9-year-old and a parent
// understand. Field is empty when the rule is about the whole value, or names the item,
// such as "answers[1]" or "questions[2]".
type Violation struct {
	Rule    Rule   `json:"rule"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Value is the value refused, as typed, where naming it helps (a campus code, a grade).
	Value string `json:"value,omitempty"`
}

// messages holds the one message of each rule, so a rule always reads the same wherever it
// is reported.
var messages = map[Rule]string{
	RuleMinLength:        "Use at least 8 characters.",
	RuleMaxLength:        "Use 128 characters or fewer.",
	RuleLowercase:        "Add a small letter, like a.",
	RuleUppercase:        "Add a capital letter, like A.",
	RuleDigit:            "Add a number, like 7.",
	RuleCommon:           "This password is too easy to guess. Try adding more words.",
	RuleContainsUsername: "Don't put your username in your password.",
	RuleContainsName:     "Don't put your name in your password.",
	RuleSameAsCurrent:    "Pick a new password, not the one you use now.",

	RulePINDigits:    "Use only numbers in your PIN.",
	RulePINLength:    "Use 6, 7 or 8 numbers.",
	RulePINRepeated:  "Don't use the same number over and over, like 111111.",
	RulePINSequence:  "Don't use numbers in a row, like 123456 or 654321.",
	RulePINStudentID: "Don't use your student ID number in your PIN.",

	RuleQuestionCount:    "Pick 3 questions and answer each one.",
	RuleQuestionUnknown:  "Pick a question from the list.",
	RuleQuestionRepeated: "Pick 3 different questions.",
	RuleAnswerShort:      "Use at least 3 letters or numbers in each answer.",
	RuleAnswerRepeated:   "Give a different answer to each question.",
	RuleAnswerPersonal:   "Don't use your username, your name or your password as an answer.",

	RuleEmailFormat:      "Type a whole email address, like name@example.com.",
	RuleNameRequired:     "Type your name.",
	RuleNameTooLong:      "Use 100 characters or fewer for your name.",
	RuleStudentIDFormat:  "A student ID has 9 digits. You can find it on the letter from school.",
	RuleAccessCodeFormat: "An access code has 12 letters and numbers, like ABCD-EFGH-JK23.",
}

func violation(r Rule, field string) Violation {
	return Violation{Rule: r, Message: messages[r], Field: field}
}
