package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// retiredAnswers mixes questions retired from the catalogue (a classmate could guess a
// favourite food or toy) with one still offered, as a student who chose them before the
// catalogue changed has them.
var retiredAnswers = [][2]string{
	{"favorite-food", "Arroz con pollo"},
	{"first-toy", "Wooden train"},
	{"first-pet", "Biscuit"},
}

// TestRetiredQuestionsStillWork: a student whose stored answers are to retired questions is
// still shown those questions, in English and Spanish, and still proves who they are with
// them; the catalogue no longer offers them, and choosing one again is refused.
func TestRetiredQuestionsStillWork(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	st := h.Student(apitest.StudentOpts{Answers: retiredAnswers})

	for _, lang := range []string{"en", "es"} {
		r := forgotExpect(t, "start "+lang, c.Do(http.MethodPost, "/api/v1/forgot/start?lang="+lang,
			map[string]string{"username": st.Username}), http.StatusOK, "")
		qs, _ := r.Body["questions"].([]any)
		if len(qs) != 3 {
			t.Fatalf("%s: got %d questions, want 3: %s", lang, len(qs), r.Raw)
		}
		for i, q := range qs {
			m := q.(map[string]any)
			want, _ := policy.LookupQuestion(retiredAnswers[i][0])
			text := want.EN
			if lang == "es" {
				text = want.ES
			}
			if m["id"] != want.ID || m["text"] != text || text == "" {
				t.Errorf("%s question %d = %v, want %s %q", lang, i, m, want.ID, text)
			}
		}
	}

	flow := forgotFlow(t, c, st.Username)
	r := c.ForgotVerifyAnswers(flow, [][2]string{
		{"favorite-food", "arroz con POLLO"}, {"first-toy", "wooden-train!"}, {"first-pet", "biscuit"},
	})
	forgotExpect(t, "verify with retired questions", r, http.StatusOK, "")
	if r.String("resetToken") == "" {
		t.Errorf("got %s, want a reset token", r.Raw)
	}

	list := c.Expect(c.Do(http.MethodGet, "/api/v1/security-questions", nil), http.StatusOK, "")
	var offered []string
	raw, _ := list.Body["questions"].([]any)
	for _, q := range raw {
		id, _ := q.(map[string]any)["id"].(string)
		offered = append(offered, id)
	}
	for _, id := range []string{"favorite-food", "first-toy", "favorite-movie", "favorite-animal", "favorite-dessert"} {
		if slices.Contains(offered, id) {
			t.Errorf("catalogue offers retired question %q: %v", id, offered)
		}
	}
	if len(offered) < 10 {
		t.Errorf("catalogue offers %d questions, want at least 10", len(offered))
	}
}

// TestDecoysMayShowRetiredQuestions: unknown usernames are shown retired questions too, so a
// retired question on the screen does not prove that an account exists.
func TestDecoysMayShowRetiredQuestions(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	for i := range 40 {
		r := forgotExpect(t, "start", c.ForgotStart("nosuchkid"+string(rune('a'+i%26))+string(rune('a'+i/26))), http.StatusOK, "")
		for _, id := range forgotShownQuestions(t, r) {
			if q, _ := policy.LookupQuestion(id); q.Retired {
				return
			}
		}
	}
	t.Errorf("40 unknown usernames were shown no retired question, want decoys drawn from every question")
}
