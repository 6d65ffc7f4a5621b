package policy

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQuestionCatalogue(t *testing.T) {
	qs := QuestionCatalogue()
	// PRODUCT.md: at least ten to pick three from.
	if got, want := len(qs), 10; got < want {
		t.Errorf("catalogue: got %d questions, want at least %d", got, want)
	}
	idPattern := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	// Spanish "mascota" is a pet, so each language has its own list.
	schoolEN := []string{"school", "teacher", "class", "mascot", "principal", "coach"}
	schoolES := []string{"escuela", "colegio", "maestr", "profesor", "compañer", "clase", "director"}
	// A classmate guesses a favourite in a few tries, and a child's favourite changes.
	guessable := []string{"favorite", "favourite", "like most", "nickname", "favorit", "más te gusta", "apodo"}
	seen := map[string]bool{}
	for _, q := range AllQuestions() {
		if !idPattern.MatchString(q.ID) || len(q.ID) > 24 {
			t.Errorf("question id %q: want short lower-case words joined by hyphens", q.ID)
		}
		if seen[q.ID] {
			t.Errorf("question id %q: duplicate", q.ID)
		}
		seen[q.ID] = true
		if !strings.HasSuffix(q.EN, "?") {
			t.Errorf("question %q: got English %q, want a question", q.ID, q.EN)
		}
		if !strings.HasPrefix(q.ES, "¿") || !strings.HasSuffix(q.ES, "?") {
			t.Errorf("question %q: got Spanish %q, want ¿…?", q.ID, q.ES)
		}
		for _, w := range guessable {
			if !q.Retired && (strings.Contains(strings.ToLower(q.EN), w) || strings.Contains(strings.ToLower(q.ES), w)) {
				t.Errorf("question %q: offered, but mentions %q; a classmate could guess it", q.ID, w)
			}
		}
		for _, w := range schoolEN {
			if strings.Contains(strings.ToLower(q.EN), w) {
				t.Errorf("question %q: mentions %q; classmates could answer it", q.ID, w)
			}
		}
		for _, w := range schoolES {
			if strings.Contains(strings.ToLower(q.ES), w) {
				t.Errorf("question %q: mentions %q; classmates could answer it", q.ID, w)
			}
		}
	}
	for _, id := range []string{"first-pet", "birth-city"} {
		if !seen[id] {
			t.Errorf("catalogue: missing %q", id)
		}
	}
	// Every id ever offered stays: stored answers refer to them.
	for _, id := range []string{"first-pet", "birth-city", "family-nickname", "grandmother-name", "grandfather-name",
		"oldest-cousin", "stuffed-animal", "first-toy", "favorite-food", "favorite-dessert", "favorite-book",
		"favorite-movie", "favorite-animal", "favorite-trip", "parent-birth-city", "street-grew-up"} {
		if !seen[id] {
			t.Errorf("questions: lost %q, which stored answers may refer to", id)
		}
	}
	for _, q := range qs {
		if q.Retired {
			t.Errorf("catalogue: offers retired question %q", q.ID)
		}
	}
	if n := len(AllQuestions()) - len(qs); n < 9 {
		t.Errorf("got %d retired questions, want the 9 favourites and nicknames", n)
	}

	qs[0].EN = "changed"
	if got := QuestionCatalogue()[0].EN; got == "changed" {
		t.Errorf("QuestionCatalogue: got a shared slice, want a copy")
	}
}

func TestLookupQuestion(t *testing.T) {
	q, ok := LookupQuestion("first-pet")
	if !ok || q.ID != "first-pet" || q.EN == "" || q.ES == "" {
		t.Errorf("LookupQuestion(first-pet): got %+v, %v, want the question", q, ok)
	}
	q, ok = LookupQuestion("favorite-food")
	if !ok || !q.Retired || q.EN != "What food do you like most?" || q.ES == "" {
		t.Errorf("LookupQuestion(favorite-food): got %+v, %v, want the retired question with its texts", q, ok)
	}
	for _, id := range []string{"", "First-Pet", "mascot", " first-pet"} {
		if q, ok := LookupQuestion(id); ok {
			t.Errorf("LookupQuestion(%q): got %+v, want none", id, q)
		}
	}
}

func TestFoldAnswer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  New-York! ", "newyork"},
		{"newyork", "newyork"},
		{"NEW YORK", "newyork"},
		{"St. Louis, MO", "stlouismo"},
		{"Ｎｅｗ　Ｙｏｒｋ", "newyork"},
		{"Straße", "strasse"},
		{"José", "josé"},
		{"Jose\u0301", "josé"},
		{"R2-D2 :)", "r2d2"},
		{"Mr. Whiskers 🐱", "mrwhiskers"},
		{"O'Brien", "obrien"},
		{"  ", ""},
		{"", ""},
		{"東京", "東京"},
	}
	for _, tt := range tests {
		if got := FoldAnswer(tt.in); got != tt.want {
			t.Errorf("FoldAnswer(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckQuestions(t *testing.T) {
	ctx := QuestionContext{Username: "johns1234", Names: []string{"John", "Smith-Garcia"}, Password: "Purple7Giraffe"}
	good := func() []AnswerInput {
		return []AnswerInput{
			{QuestionID: "first-pet", Answer: "Mr. Whiskers"},
			{QuestionID: "birth-city", Answer: "New York"},
			{QuestionID: "oldest-cousin", Answer: "tacos"},
		}
	}
	with := func(i int, a AnswerInput) []AnswerInput {
		as := good()
		as[i] = a
		return as
	}
	type v struct {
		Rule  Rule
		Field string
	}
	tests := []struct {
		name    string
		answers []AnswerInput
		want    []v
	}{
		{"acceptable", good(), nil},
		{"none", nil, []v{{RuleQuestionCount, ""}}},
		{"two", good()[:2], []v{{RuleQuestionCount, ""}}},
		{"four", append(good(), AnswerInput{QuestionID: "godparent-name", Answer: "Lucia"}), []v{{RuleQuestionCount, ""}}},
		{"unknown question", with(1, AnswerInput{QuestionID: "teacher-name", Answer: "Mrs Lee"}), []v{{RuleQuestionUnknown, "questions[1]"}}},
		{"empty question", with(0, AnswerInput{Answer: "Rex"}), []v{{RuleQuestionUnknown, "questions[0]"}}},
		{"retired question", with(2, AnswerInput{QuestionID: "favorite-food", Answer: "tacos"}), []v{{RuleQuestionUnknown, "questions[2]"}}},
		{"repeated question", with(2, AnswerInput{QuestionID: "first-pet", Answer: "Rex"}), []v{{RuleQuestionRepeated, "questions[2]"}}},
		{"short answer", with(2, AnswerInput{QuestionID: "oldest-cousin", Answer: "pi"}), []v{{RuleAnswerShort, "answers[2]"}}},
		{"short after folding", with(2, AnswerInput{QuestionID: "oldest-cousin", Answer: "p.i. !!"}), []v{{RuleAnswerShort, "answers[2]"}}},
		{"three runes", with(2, AnswerInput{QuestionID: "oldest-cousin", Answer: "pão"}), nil},
		{"empty answer", with(0, AnswerInput{QuestionID: "first-pet"}), []v{{RuleAnswerShort, "answers[0]"}}},
		{"repeated answer", with(2, AnswerInput{QuestionID: "oldest-cousin", Answer: "NEW-YORK!"}), []v{{RuleAnswerRepeated, "answers[2]"}}},
		{"username", with(0, AnswerInput{QuestionID: "first-pet", Answer: "JohnS 1234"}), []v{{RuleAnswerPersonal, "answers[0]"}}},
		{"first name", with(0, AnswerInput{QuestionID: "first-pet", Answer: "john"}), []v{{RuleAnswerPersonal, "answers[0]"}}},
		{"whole last name", with(0, AnswerInput{QuestionID: "first-pet", Answer: "Smith Garcia"}), []v{{RuleAnswerPersonal, "answers[0]"}}},
		{"part of last name", with(0, AnswerInput{QuestionID: "first-pet", Answer: "Garcia"}), []v{{RuleAnswerPersonal, "answers[0]"}}},
		{"containing a name is fine", with(0, AnswerInput{QuestionID: "first-pet", Answer: "Johnny Boy"}), nil},
		{"password", with(1, AnswerInput{QuestionID: "birth-city", Answer: "purple 7 giraffe"}), []v{{RuleAnswerPersonal, "answers[1]"}}},
		{
			"several problems, item order",
			[]AnswerInput{
				{QuestionID: "first-pet", Answer: "Rex"},
				{QuestionID: "first-pet", Answer: "rex"},
				{QuestionID: "nope", Answer: "x"},
				{QuestionID: "birth-city", Answer: "Smith"},
			},
			[]v{
				{RuleQuestionCount, ""},
				{RuleQuestionRepeated, "questions[1]"},
				{RuleAnswerRepeated, "answers[1]"},
				{RuleQuestionUnknown, "questions[2]"},
				{RuleAnswerShort, "answers[2]"},
				{RuleAnswerPersonal, "answers[3]"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []v
			for _, viol := range CheckQuestions(tt.answers, ctx) {
				if viol.Message != messages[viol.Rule] {
					t.Errorf("violation %q: got message %q, want %q", viol.Rule, viol.Message, messages[viol.Rule])
				}
				got = append(got, v{viol.Rule, viol.Field})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckQuestions: got %v, want %v (-want +got):\n%s", got, tt.want, diff)
			}
		})
	}
}

func TestCheckQuestionsEmptyContext(t *testing.T) {
	answers := []AnswerInput{
		{QuestionID: "first-pet", Answer: "Rex"},
		{QuestionID: "birth-city", Answer: "Lima"},
		{QuestionID: "oldest-cousin", Answer: "Rice"},
	}
	if got := CheckQuestions(answers, QuestionContext{Names: []string{"", "-"}}); got != nil {
		t.Errorf("CheckQuestions with an empty context: got %v, want nil", got)
	}
}
