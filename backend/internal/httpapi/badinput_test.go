package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// badState is everything a refused request must leave as it was: the
// student's secrets and counters, the audit trail and the job queue (where
// confirmation emails wait).
type badState struct {
	PasswordHash      string
	DefaultSealed     string
	PINHash           string
	PINSetAt          string
	QuestionsSetAt    string
	PasswordChangedAt string
	TokenVersion      int
	SignInFailures    int
	MustChange        bool
	Answers           int
	AuditEvents       int
	Jobs              int
}

func badSnapshot(t *testing.T, h *apitest.Harness, studentID string) badState {
	t.Helper()
	var s badState
	err := h.Pool.QueryRow(context.Background(), `select
			coalesce(password_hash, ''), coalesce(encode(default_password_sealed, 'hex'), ''),
			coalesce(pin_hash, ''), coalesce(pin_set_at::text, ''), coalesce(questions_set_at::text, ''),
			coalesce(password_changed_at::text, ''), token_version,
			(select coalesce(sum(failures), 0) from sign_in_attempts where attempt_key = 'student:' || s.id), must_change_password,
			(select count(*) from student_security_answers a where a.student_id = s.id),
			(select count(*) from audit_events), (select count(*) from river_job where kind in ('confirmation_email', 'family_email'))
		from students s where s.id = $1`, studentID).Scan(
		&s.PasswordHash, &s.DefaultSealed, &s.PINHash, &s.PINSetAt, &s.QuestionsSetAt, &s.PasswordChangedAt,
		&s.TokenVersion, &s.SignInFailures, &s.MustChange, &s.Answers, &s.AuditEvents, &s.Jobs)
	if err != nil {
		t.Fatalf("snapshot of student %s: %v", studentID, err)
	}
	return s
}

// badFields lists the field of each detail of an error body, in order.
func badFields(r apitest.Response) []string {
	var fields []string
	details, _ := r.Body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		f, _ := m["field"].(string)
		fields = append(fields, f)
	}
	return fields
}

// badCase is one refused request and the refusal it must get.
type badCase struct {
	name    string
	method  string
	path    string
	body    any
	headers []string
	status  int
	code    string
	rules   []string // the rule of each detail, in order; nil: no details
	fields  []string // the field of each detail, in order; nil: not checked
	// guess marks a wrong current password: the one change it makes is a failure on the
	// sign-in throttle's counter, which the run checks and then clears for the next case.
	guess bool
}

// badGuess marks a case as a wrong guess of the current password (badCase.guess).
func badGuess(tc badCase) badCase {
	tc.guess = true
	return tc
}

// badGuessCounted checks that a guess, and nothing else, counted one failed sign-in
// (failures before and after the request), clears the counter for the next case, and returns the
// count the rest of the state is compared with.
func badGuessCounted(t *testing.T, h *apitest.Harness, tc badCase, before, after int) int {
	t.Helper()
	if !tc.guess {
		return after
	}
	if after != before+1 {
		t.Errorf("got %d failed sign-ins counted after a wrong current password, want %d", after, before+1)
	}
	if _, err := h.Pool.Exec(h.Context, `delete from sign_in_attempts`); err != nil {
		t.Fatalf("clear sign-in attempts: %v", err)
	}
	return before
}

// badExpect checks a refusal: status, code, a message, the rules and fields
// of its details, and a JSON body.
func badExpect(t *testing.T, r apitest.Response, tc badCase) {
	t.Helper()
	if r.Status != tc.status || r.Code() != tc.code {
		t.Fatalf("got %d %q (body %s), want %d %q", r.Status, r.Code(), r.Raw, tc.status, tc.code)
	}
	if r.String("message") == "" {
		t.Errorf("got no message in %s, want a plain-language one", r.Raw)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("got Content-Type %q, want application/json", ct)
	}
	if diff := cmp.Diff(tc.rules, r.Rules(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("rules (-want +got):\n%s\nbody %s", diff, r.Raw)
	}
	if tc.fields != nil {
		if diff := cmp.Diff(tc.fields, badFields(r)); diff != "" {
			t.Errorf("fields (-want +got):\n%s\nbody %s", diff, r.Raw)
		}
	}
}

// badRun sends each case with c and checks the refusal and that the
// student's state, the audit trail and the job queue did not change.
func badRun(t *testing.T, h *apitest.Harness, c *apitest.Client, studentID string, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := badSnapshot(t, h, studentID)
			r := c.Do(tc.method, tc.path, tc.body, tc.headers...)
			badExpect(t, r, tc)
			if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("got Set-Cookie %q on a refusal, want none", got)
			}
			after := badSnapshot(t, h, studentID)
			after.SignInFailures = badGuessCounted(t, h, tc, before.SignInFailures, after.SignInFailures)
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("a refused request changed state (-before +after):\n%s", diff)
			}
		})
	}
}

// badBigBody is a JSON body of more than 64 KB whose fields are otherwise fine.
func badBigBody(fields map[string]string, pad string) string {
	var b strings.Builder
	b.WriteString("{")
	for k, v := range fields {
		b.WriteString(`"` + k + `":"` + v + `",`)
	}
	b.WriteString(`"` + pad + `":"` + strings.Repeat("7", 65*1024) + `"}`)
	return b.String()
}

// badChunkedTooLarge sends a body of more than 64 KB without a Content-Length,
// as a streaming client would, so only reading it can find its size.
func badChunkedTooLarge(t *testing.T, h *apitest.Harness, c *apitest.Client, method, path string) apitest.Response {
	t.Helper()
	body := io.MultiReader(strings.NewReader(`{"pad":"`), strings.NewReader(strings.Repeat("7", 80*1024)),
		strings.NewReader(`"}`))
	req, err := http.NewRequest(method, h.Server.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if req.ContentLength != 0 {
		t.Fatalf("request had Content-Length %d, want a streamed body", req.ContentLength)
	}
	out := apitest.Response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

// badMalformed returns the malformed-request cases every JSON endpoint shares.
// valid is a complete, acceptable body; typed is that body with one field of
// the wrong type, named by typedField; required lists the required fields.
func badMalformed(method, path string, valid map[string]any, typed map[string]any, typedField string, required []string) []badCase {
	with := func(change func(map[string]any)) map[string]any {
		m := make(map[string]any, len(valid)+1)
		for k, v := range valid {
			m[k] = v
		}
		change(m)
		return m
	}
	strFields := map[string]string{}
	for k, v := range valid {
		if s, ok := v.(string); ok {
			strFields[k] = s
		}
	}
	cases := []badCase{
		{name: "malformed JSON", body: `{"` + required[0] + `": "x`, status: 400, code: "invalid_json"},
		{name: "trailing garbage", body: `{"` + required[0] + `": "x"} {}`, status: 400, code: "invalid_json"},
		{name: "empty body", body: ``, status: 400, code: "invalid_json"},
		{name: "array instead of object", body: `[]`, status: 400, code: "invalid_json"},
		{name: "array of the object", body: []any{valid}, status: 400, code: "invalid_json"},
		{name: "string instead of object", body: `"hello"`, status: 400, code: "invalid_json"},
		{name: "wrong type", body: typed, status: 400, code: "invalid_type", rules: []string{"type"}, fields: []string{typedField}},
		{name: "unknown field", body: with(func(m map[string]any) { m["isAdmin"] = true }),
			status: 400, code: "unknown_field", rules: []string{"unknown_field"}, fields: []string{"isAdmin"}},
		{name: "body over 64 KB", body: badBigBody(strFields, "pad"), status: 413, code: "body_too_large"},
		{name: "text/plain", body: with(func(map[string]any) {}), headers: []string{"Content-Type", "text/plain"},
			status: 415, code: "unsupported_media_type"},
		{name: "form encoded", body: required[0] + "=x", headers: []string{"Content-Type", "application/x-www-form-urlencoded"},
			status: 415, code: "unsupported_media_type"},
		{name: "no content type", body: with(func(map[string]any) {}), headers: []string{"Content-Type", ""},
			status: 415, code: "unsupported_media_type"},
	}
	for _, f := range required {
		cases = append(cases,
			badCase{name: "missing " + f, body: with(func(m map[string]any) { delete(m, f) }),
				status: 400, code: "missing_field", rules: []string{"required"}, fields: []string{f}},
			badCase{name: "null " + f, body: with(func(m map[string]any) { m[f] = nil }),
				status: 400, code: "missing_field", rules: []string{"required"}, fields: []string{f}},
		)
	}
	for i := range cases {
		cases[i].method, cases[i].path = method, path
	}
	return cases
}

// badRefused returns a 422 case.
func badRefused(name, method, path string, body any, code string, rules, fields []string) badCase {
	return badCase{name: name, method: method, path: path, body: body, status: 422, code: code, rules: rules, fields: fields}
}

func TestBadInputSetPIN(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)
	const path = "/api/v1/me/pin"
	pin := func(p string) map[string]any { return map[string]any{"currentPassword": st.Password, "pin": p} }

	cases := badMalformed(http.MethodPut, path, pin("583920"),
		map[string]any{"currentPassword": st.Password, "pin": 583920}, "pin", []string{"currentPassword", "pin"})
	refused := func(name, p string, rules ...string) badCase {
		fields := make([]string, len(rules))
		for i := range fields {
			fields[i] = "pin"
		}
		return badRefused(name, http.MethodPut, path, pin(p), "pin_rules", rules, fields)
	}
	idDigits := st.StudentNumber[:6]
	cases = append(cases,
		refused("letters", "58a920", "pin_digits"),
		refused("spaces", "583 920", "pin_digits"),
		refused("full-width digits", "５８３９２０", "pin_digits", "pin_length"),
		refused("empty", "", "pin_digits", "pin_length"),
		refused("too short", "58392", "pin_length"),
		refused("too long", "583920174", "pin_length"),
		refused("one repeated digit", "777777", "pin_repeated"),
		refused("ascending run", "3456789", "pin_sequence"),
		refused("descending run", "98765432", "pin_sequence"),
		refused("student ID digits", idDigits, "pin_student_id"),
		refused("contains student ID digits", "9"+idDigits+"4", "pin_student_id"),
		badGuess(badRefused("wrong current password", http.MethodPut, path,
			map[string]any{"currentPassword": st.Password + "x", "pin": "583920"},
			"current_password_wrong", []string{"current_password"}, []string{"currentPassword"})),
		badGuess(badRefused("current password in another case", http.MethodPut, path,
			map[string]any{"currentPassword": strings.ToLower(st.Password), "pin": "583920"},
			"current_password_wrong", []string{"current_password"}, []string{"currentPassword"})),
	)
	badRun(t, h, c, st.ID, cases)

	t.Run("streamed body over 64 KB", func(t *testing.T) {
		before := badSnapshot(t, h, st.ID)
		badExpect(t, badChunkedTooLarge(t, h, c, http.MethodPut, path),
			badCase{status: http.StatusRequestEntityTooLarge, code: "body_too_large"})
		if diff := cmp.Diff(before, badSnapshot(t, h, st.ID)); diff != "" {
			t.Errorf("state changed (-before +after):\n%s", diff)
		}
	})

	// The same request with a good PIN is accepted: the refusals above are
	// about the input, not about this student or session.
	c.Expect(c.Do(http.MethodPut, path, pin("30512099")), http.StatusNoContent, "")
	if got := badSnapshot(t, h, st.ID); got.PINHash == "" {
		t.Errorf("got no pin_hash after a good PIN, want one")
	}
}

func TestBadInputSetSecurityQuestions(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)
	const path = "/api/v1/me/security-questions"
	type qa = map[string]any
	good := func() []any {
		return []any{
			qa{"questionId": "first-pet", "answer": "Captain Whiskers"},
			qa{"questionId": "birth-city", "answer": "Springfield"},
			qa{"questionId": "oldest-cousin", "answer": "Dumplings"},
		}
	}
	body := func(change func([]any) []any) map[string]any {
		return map[string]any{"currentPassword": st.Password, "answers": change(good())}
	}
	answer := func(i int, text string) func([]any) []any {
		return func(a []any) []any { a[i].(qa)["answer"] = text; return a }
	}
	question := func(i int, id string) func([]any) []any {
		return func(a []any) []any { a[i].(qa)["questionId"] = id; return a }
	}
	refused := func(name string, change func([]any) []any, rules, fields []string) badCase {
		return badRefused(name, http.MethodPut, path, body(change), "question_rules", rules, fields)
	}

	cases := badMalformed(http.MethodPut, path, body(func(a []any) []any { return a }),
		map[string]any{"currentPassword": st.Password, "answers": "first-pet: Rex"}, "answers",
		[]string{"currentPassword", "answers"})
	cases = append(cases,
		refused("empty question id", question(0, ""), []string{"question_unknown"}, []string{"questions[0]"}),
		badCase{name: "number as question id", method: http.MethodPut, path: path,
			body: map[string]any{"currentPassword": st.Password, "answers": []any{
				qa{"questionId": 5, "answer": "Captain Whiskers"}, good()[1], good()[2]}},
			status: 400, code: "invalid_type", rules: []string{"type"}, fields: []string{"answers.questionId"}},
		badCase{name: "unknown field in an answer", method: http.MethodPut, path: path,
			body: map[string]any{"currentPassword": st.Password, "answers": []any{
				qa{"questionId": "first-pet", "answer": "Captain Whiskers", "hint": "cat"}, good()[1], good()[2]}},
			status: 400, code: "unknown_field", rules: []string{"unknown_field"}, fields: []string{"hint"}},
		refused("unknown question", question(1, "teacher-name"), []string{"question_unknown"}, []string{"questions[1]"}),
		refused("retired question", question(2, "favorite-food"), []string{"question_unknown"}, []string{"questions[2]"}),
		refused("repeated question", question(2, "first-pet"), []string{"question_repeated"}, []string{"questions[2]"}),
		refused("repeated answer", answer(2, "Springfield"), []string{"answer_repeated"}, []string{"answers[2]"}),
		refused("repeated answer after folding", func(a []any) []any {
			return answer(1, "blue-SKY")(answer(0, "Blue sky")(a))
		}, []string{"answer_repeated"}, []string{"answers[1]"}),
		refused("answer is the username", answer(0, st.Username), []string{"answer_personal"}, []string{"answers[0]"}),
		refused("answer is the username in capitals", answer(1, strings.ToUpper(st.Username)), []string{"answer_personal"}, []string{"answers[1]"}),
		refused("answer is the first name", answer(1, st.FirstName), []string{"answer_personal"}, []string{"answers[1]"}),
		refused("answer is the first name, folded", answer(2, " "+strings.ToUpper(st.FirstName)+"! "), []string{"answer_personal"}, []string{"answers[2]"}),
		refused("answer is the last name", answer(0, st.LastName), []string{"answer_personal"}, []string{"answers[0]"}),
		refused("answer is the password", answer(2, st.Password), []string{"answer_personal"}, []string{"answers[2]"}),
		refused("answer of 2 characters", answer(0, "ab"), []string{"answer_short"}, []string{"answers[0]"}),
		refused("answer of 2 characters after folding", answer(1, " a-b! "), []string{"answer_short"}, []string{"answers[1]"}),
		refused("two answers", func(a []any) []any { return a[:2] }, []string{"question_count"}, []string{""}),
		refused("four answers", func(a []any) []any {
			return append(a, qa{"questionId": "godparent-name", "answer": "Matilda"})
		}, []string{"question_count"}, []string{""}),
		refused("no answers", func([]any) []any { return []any{} }, []string{"question_count"}, []string{""}),
		refused("every rule at once", func(a []any) []any {
			return []any{qa{"questionId": "mascot", "answer": "x"}, qa{"questionId": "first-pet", "answer": st.FirstName}}
		}, []string{"question_count", "question_unknown", "answer_short", "answer_personal"},
			[]string{"", "questions[0]", "answers[0]", "answers[1]"}),
		badGuess(badRefused("wrong current password", http.MethodPut, path,
			map[string]any{"currentPassword": "Not-" + st.Password, "answers": good()},
			"current_password_wrong", []string{"current_password"}, []string{"currentPassword"})),
	)
	badRun(t, h, c, st.ID, cases)

	c.Expect(c.Do(http.MethodPut, path, body(func(a []any) []any { return a })), http.StatusNoContent, "")
	if got := badSnapshot(t, h, st.ID); got.Answers != 3 || got.QuestionsSetAt == "" {
		t.Errorf("after good answers got %d stored answers (questions_set_at %q), want 3 and a time", got.Answers, got.QuestionsSetAt)
	}
}

func TestBadInputChangePassword(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)
	const path = "/api/v1/me/password"
	change := func(newPassword string) map[string]any {
		return map[string]any{"currentPassword": st.Password, "newPassword": newPassword, "confirmPassword": newPassword}
	}
	refused := func(name, pw string, rules ...string) badCase {
		fields := make([]string, len(rules))
		for i := range fields {
			fields[i] = "newPassword"
		}
		return badRefused(name, http.MethodPost, path, change(pw), "password_rules", rules, fields)
	}

	cases := badMalformed(http.MethodPost, path, change("Harbor-Finch-82"),
		map[string]any{"currentPassword": st.Password, "newPassword": 12345678, "confirmPassword": "12345678"},
		"newPassword", []string{"currentPassword", "newPassword", "confirmPassword"})
	cases = append(cases,
		refused("129 characters", "Aa1"+strings.Repeat("x", 126), "max_length"),
		refused("7 characters", "Ab1defg", "min_length"),
		refused("no lower-case letter", "HORIZON-TALL-58", "lowercase"),
		refused("no upper-case letter", "horizon-tall-58", "uppercase"),
		refused("no digit", "Horizon-Tall-Glass", "digit"),
		refused("common", "Password1", "common"),
		refused("contains the username", "Xx"+st.Username+"-9A", "contains_username"),
		refused("contains the first name", st.FirstName+"-Lake-77", "contains_name"),
		refused("empty", "", "min_length", "lowercase", "uppercase", "digit"),
		badRefused("confirmation differs", http.MethodPost, path,
			map[string]any{"currentPassword": st.Password, "newPassword": "Harbor-Finch-82", "confirmPassword": "Harbor-Finch-83"},
			"password_rules", []string{"confirm_mismatch"}, []string{"confirmPassword"}),
		badGuess(badRefused("wrong current password", http.MethodPost, path,
			map[string]any{"currentPassword": "Lantern-Moss-48", "newPassword": "Harbor-Finch-82", "confirmPassword": "Harbor-Finch-82"},
			"current_password_wrong", []string{"current_password"}, []string{"currentPassword"})),
	)
	badRun(t, h, c, st.ID, cases)

	// After every refusal the session still works and the password is unchanged.
	c.Expect(c.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	h.Client().SignIn(st.Username, st.Password)
}

func TestBadInputSignIn(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	const path = "/api/v1/session"
	cases := badMalformed(http.MethodPost, path, map[string]any{"login": st.Username, "password": st.Password},
		map[string]any{"login": 5, "password": st.Password}, "login", []string{"login", "password"})
	cases = append(cases, badCase{name: "password of the wrong type", method: http.MethodPost, path: path,
		body:   map[string]any{"login": st.Username, "password": []string{st.Password}},
		status: 400, code: "invalid_type", rules: []string{"type"}, fields: []string{"password"}})
	badRun(t, h, c, st.ID, cases)

	t.Run("streamed body over 64 KB", func(t *testing.T) {
		badExpect(t, badChunkedTooLarge(t, h, c, http.MethodPost, path),
			badCase{status: http.StatusRequestEntityTooLarge, code: "body_too_large"})
	})
	// None of these counted as a failed sign-in or signed the client in.
	c.Expect(c.Do(http.MethodGet, "/api/v1/session", nil), http.StatusNoContent, "")
	c.SignIn(st.Username, st.Password)
}

func TestSecurityQuestionCatalogue(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	list := func(query string) []map[string]string {
		t.Helper()
		r := c.Expect(c.Do(http.MethodGet, "/api/v1/security-questions"+query, nil), http.StatusOK, "")
		raw, _ := r.Body["questions"].([]any)
		out := make([]map[string]string, len(raw))
		for i, q := range raw {
			m, _ := q.(map[string]any)
			id, _ := m["id"].(string)
			text, _ := m["text"].(string)
			out[i] = map[string]string{"id": id, "text": text}
		}
		return out
	}
	def, en, es := list(""), list("?lang=en"), list("?lang=es")
	if len(en) < 10 {
		t.Fatalf("got %d questions in English, want at least 10", len(en))
	}
	if diff := cmp.Diff(en, def); diff != "" {
		t.Errorf("default language differs from English (-en +default):\n%s", diff)
	}
	if len(es) != len(en) {
		t.Fatalf("got %d questions in Spanish and %d in English, want the same", len(es), len(en))
	}
	seen := map[string]bool{}
	for i := range en {
		if en[i]["id"] == "" || en[i]["text"] == "" || es[i]["text"] == "" {
			t.Errorf("question %d: got %v / %v, want an id and a text in both languages", i, en[i], es[i])
		}
		if en[i]["id"] != es[i]["id"] {
			t.Errorf("question %d: got id %q in English and %q in Spanish, want the same", i, en[i]["id"], es[i]["id"])
		}
		if en[i]["text"] == es[i]["text"] {
			t.Errorf("question %q: got the same text %q in both languages", en[i]["id"], en[i]["text"])
		}
		if seen[en[i]["id"]] {
			t.Errorf("question id %q appears twice", en[i]["id"])
		}
		seen[en[i]["id"]] = true
		if q, _ := policy.LookupQuestion(en[i]["id"]); q.Retired {
			t.Errorf("question %q is retired: it must not be offered", en[i]["id"])
		}
		// Classmates know the answers to questions about school.
		for _, word := range []string{"teacher", "school", "mascot", "classmate", "class"} {
			if strings.Contains(strings.ToLower(en[i]["text"]), word) {
				t.Errorf("question %q is about school (%q): %s", en[i]["id"], word, en[i]["text"])
			}
		}
	}

	for _, lang := range []string{"fr", "EN", "en-US"} {
		badExpect(t, c.Do(http.MethodGet, "/api/v1/security-questions?lang="+lang, nil), badCase{
			status: http.StatusBadRequest, code: "invalid_parameter", rules: []string{"enum"}, fields: []string{"lang"}})
	}
}
