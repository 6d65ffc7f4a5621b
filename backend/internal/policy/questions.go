package policy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Security question rules.
const (
	// QuestionCount is how many questions a student answers.
	QuestionCount = 3
	// MinAnswerLength is the shortest answer, in runes after [FoldAnswer].
	MinAnswerLength = 3
)

// Question is one security question of the catalogue, in English and Spanish.
type Question struct {
	ID string `json:"id"`
	EN string `json:"en"`
	ES string `json:"es"`
	// Retired questions are no longer offered, but answers students gave to them still
	// verify and their texts are still shown to those students.
	Retired bool `json:"retired,omitempty"`
}

// catalogue holds the questions offered, only about a student's life outside school: classmates can
// answer questions about teachers, the school or its mascot. It leans on family and early
// childhood (facts that do not change, that a child of 8 or 9 knows and a classmate rarely
// does) and leaves out favourites: a classmate guesses "pizza" or "dog" in a few tries, sees
// a favourite book in class, hears about a favourite trip, and a child's favourite changes
// before they need the answer. IDs are stable: stored answers refer to them.
var catalogue = []Question{
	{ID: "first-pet", EN: "What was the name of your first pet?", ES: "¿Cómo se llamaba tu primera mascota?"},
	{ID: "birth-city", EN: "In what city were you born?", ES: "¿En qué ciudad naciste?"},
	{ID: "grandmother-name", EN: "What is your grandmother's first name?", ES: "¿Cuál es el nombre de tu abuela?"},
	{ID: "grandfather-name", EN: "What is your grandfather's first name?", ES: "¿Cuál es el nombre de tu abuelo?"},
	{ID: "oldest-cousin", EN: "What is the first name of your oldest cousin?", ES: "¿Cuál es el nombre de tu primo o prima mayor?"},
	{ID: "parent-birth-city", EN: "In what city was one of your parents born?", ES: "¿En qué ciudad nació tu mamá o tu papá?"},
	{ID: "grandparents-town", EN: "In what city or town do your grandparents live?", ES: "¿En qué ciudad o pueblo viven tus abuelos?"},
	{ID: "street-grew-up", EN: "What street did you live on when you were little?", ES: "¿En qué calle vivías cuando eras chiquito o chiquita?"},
	{ID: "first-neighbor", EN: "What was the first name of your next-door neighbor when you were little?", ES: "¿Cómo se llamaba tu vecino o vecina de al lado cuando eras chiquito o chiquita?"},
	{ID: "first-babysitter", EN: "What was the first name of your first babysitter?", ES: "¿Cómo se llamaba tu primera niñera o tu primer niñero?"},
	{ID: "godparent-name", EN: "What is the first name of your godmother or godfather?", ES: "¿Cuál es el nombre de tu madrina o de tu padrino?"},
}

// retired are questions once offered: a classmate can guess the answer from school life, or
// it changes as a child grows. Students who chose them keep them until they pick new ones.
var retired = []Question{
	{ID: "family-nickname", EN: "What nickname does your family call you?", ES: "¿Qué apodo te dice tu familia?", Retired: true},
	{ID: "stuffed-animal", EN: "What is the name of your favorite stuffed animal?", ES: "¿Cómo se llama tu peluche favorito?", Retired: true},
	{ID: "first-toy", EN: "What was your favorite toy when you were little?", ES: "¿Cuál era tu juguete favorito cuando eras chiquito o chiquita?", Retired: true},
	{ID: "favorite-food", EN: "What food do you like most?", ES: "¿Cuál es la comida que más te gusta?", Retired: true},
	{ID: "favorite-dessert", EN: "What dessert do you like most?", ES: "¿Cuál es el postre que más te gusta?", Retired: true},
	{ID: "favorite-book", EN: "What is the name of your favorite book?", ES: "¿Cómo se llama tu libro favorito?", Retired: true},
	{ID: "favorite-movie", EN: "What is your favorite movie?", ES: "¿Cuál es tu película favorita?", Retired: true},
	{ID: "favorite-animal", EN: "What is your favorite animal?", ES: "¿Cuál es tu animal favorito?", Retired: true},
	{ID: "favorite-trip", EN: "Where did you go on your favorite trip?", ES: "¿A dónde fuiste en tu viaje favorito?", Retired: true},
}

// QuestionCatalogue returns the security questions a student picks from, in display
// order, without retired ones. The slice is a copy.
func QuestionCatalogue() []Question {
	return append([]Question(nil), catalogue...)
}

// AllQuestions returns every question a student may have answered: the catalogue, then the
// retired questions. The slice is a copy.
func AllQuestions() []Question {
	return append(QuestionCatalogue(), retired...)
}

// LookupQuestion returns the question with the given id, retired or not.
func LookupQuestion(id string) (Question, bool) {
	for _, q := range AllQuestions() {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// AnswerInput is one chosen question and the student's answer to it.
type AnswerInput struct {
	QuestionID string
	Answer     string
}

// QuestionContext is what answers must not be equal to.
type QuestionContext struct {
	Username string
	Names    []string
	Password string
}

// CheckQuestions returns every rule answers fail, or nil when they are acceptable.
//
// There must be exactly 3 answers (question_count, reported first with no Field). Then,
// item by item, Field names the failing item ("questions[i]" or "answers[i]") and the
// rules come in this order:
//
//   - question_unknown: the question is not in the catalogue (a retired one is not offered);
//   - question_repeated: an earlier item already uses the question;
//   - answer_short: fewer than 3 runes after [FoldAnswer];
//   - answer_repeated: an earlier item has the same folded answer;
//   - answer_personal: the folded answer equals the folded username, password, a name or
//     a part of a name (split at spaces, hyphens and apostrophes).
//
// A short answer is not also reported as repeated or personal.
func CheckQuestions(answers []AnswerInput, ctx QuestionContext) []Violation {
	var vs []Violation
	if len(answers) != QuestionCount {
		vs = append(vs, violation(RuleQuestionCount, ""))
	}
	personal := personalAnswers(ctx)
	seenQuestions := make(map[string]bool, len(answers))
	seenAnswers := make(map[string]bool, len(answers))
	for i, a := range answers {
		qField := fmt.Sprintf("questions[%d]", i)
		aField := fmt.Sprintf("answers[%d]", i)
		if q, ok := LookupQuestion(a.QuestionID); !ok || q.Retired {
			vs = append(vs, violation(RuleQuestionUnknown, qField))
		} else if seenQuestions[a.QuestionID] {
			vs = append(vs, violation(RuleQuestionRepeated, qField))
		}
		seenQuestions[a.QuestionID] = true

		folded := FoldAnswer(a.Answer)
		if utf8.RuneCountInString(folded) < MinAnswerLength {
			vs = append(vs, violation(RuleAnswerShort, aField))
			continue
		}
		if seenAnswers[folded] {
			vs = append(vs, violation(RuleAnswerRepeated, aField))
		}
		seenAnswers[folded] = true
		if personal[folded] {
			vs = append(vs, violation(RuleAnswerPersonal, aField))
		}
	}
	return vs
}

// personalAnswers returns the folded forms answers may not take.
func personalAnswers(ctx QuestionContext) map[string]bool {
	set := make(map[string]bool)
	add := func(s string) {
		if f := FoldAnswer(s); f != "" {
			set[f] = true
		}
	}
	add(ctx.Username)
	add(ctx.Password)
	for _, name := range ctx.Names {
		add(name)
		for _, part := range strings.FieldsFunc(name, isNameSeparator) {
			add(part)
		}
	}
	return set
}

// FoldAnswer returns the form in which answers are compared and hashed: NFKC, Unicode case
// folding, and only letters, combining marks and numbers kept, so spaces, punctuation and
// symbols do not matter ("  New-York! " and "newyork" fold alike). Accents are kept:
// "José" and "Jose" differ.
func FoldAnswer(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) {
			return r
		}
		return -1
	}, foldCase(NormalizePassword(s)))
}
