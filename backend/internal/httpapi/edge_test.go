package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// edgeState digests every table a request could write: accounts and their
// secrets, links, codes, emailed links, every counter, audit events and jobs.
func edgeState(t *testing.T, h *apitest.Harness) string {
	t.Helper()
	var s string
	err := h.Pool.QueryRow(context.Background(), `select concat_ws(' | ',
			(select count(*) from audit_events), (select count(*) from river_job),
			(select count(*) || ':' || coalesce(sum(failures), 0) from sign_in_attempts),
			(select count(*) from recovery_attempts), (select count(*) from link_attempts),
			(select count(*) from guardian_links), (select count(*) from guardian_link_tokens),
			(select count(*) from parent_access_codes where used_at is not null),
			(select md5(coalesce(string_agg(concat_ws(',', id, password_hash, pin_hash, token_version,
				must_change_password, questions_set_at), ';' order by id), '')) from students),
			(select md5(coalesce(string_agg(concat_ws(',', id, email, password_hash, token_version, locale,
				email_verified_at), ';' order by id), '')) from guardians))`).Scan(&s)
	if err != nil {
		t.Fatalf("edge snapshot: %v", err)
	}
	return s
}

// edgeValue is a value put into a field, written as JSON string content
// (quotes excluded), and the refusal it must get.
type edgeValue struct {
	name, json, path, code, rule string
	shown                        string // how a field name made of it is shown
	long                         bool   // only for fields with a maxLength
}

var edgeValues = []edgeValue{
	{name: "NUL escape", json: `a\u0000b`, path: "a%00b", code: "invalid_text", rule: "nul_character", shown: "a\uFFFDb"},
	{name: "raw invalid UTF-8", json: "a\xffb", path: "a%FFb", code: "invalid_text", rule: "invalid_utf8", shown: "a\uFFFDb"},
	{name: "unpaired surrogate", json: `a\ud800b`, path: "a%ED%A0%80b", code: "invalid_text", rule: "invalid_utf8", shown: "a\uFFFDb"},
	{name: "lone low surrogate", json: `\udc00`, path: "%ED%B0%80", code: "invalid_text", rule: "invalid_utf8", shown: "\uFFFD"},
	{name: "60,000 characters", json: strings.Repeat("x", 60000), path: strings.Repeat("x", 60000),
		code: "too_long", rule: "maxLength", long: true},
}

// edgeRoute is a JSON route with a body that is fine but for one field,
// whose value replaces @@.
type edgeRoute struct {
	name, method, path, body, field string
	client                          *apitest.Client
	maxLength                       bool
}

func TestEdgeRefusesUnstorableAndOverlongInput(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{Grade: 8, PIN: "418063"})
	student := h.Client()
	student.SignIn(st.Username, st.Password)
	g := h.Guardian(apitest.GuardianOpts{})
	family := h.Client()
	family.FamilySignIn(g.Email, g.Password)
	child := h.Student(apitest.StudentOpts{Grade: 4})
	h.Link(g.ID, child.ID, false)
	anon := h.Client()
	const pw = "Orchard-Pebble-58"
	childPath := "/api/v1/family/children/" + child.ID

	routes := []edgeRoute{
		{"sign in", "POST", "/api/v1/session", `{"login":"@@","password":"` + pw + `"}`, "login", anon, true},
		{"change password", "POST", "/api/v1/me/password",
			`{"currentPassword":"` + st.Password + `","newPassword":"@@","confirmPassword":"` + pw + `"}`, "newPassword", student, true},
		{"set PIN", "PUT", "/api/v1/me/pin", `{"currentPassword":"` + st.Password + `","pin":"@@"}`, "pin", student, true},
		{"set questions", "PUT", "/api/v1/me/security-questions", `{"currentPassword":"` + st.Password +
			`","answers":[{"questionId":"first-pet","answer":"@@"},{"questionId":"birth-city","answer":"Lima"},` +
			`{"questionId":"oldest-cousin","answer":"Mango"}]}`, "answers[0].answer", student, true},
		{"forgot start", "POST", "/api/v1/forgot/start", `{"username":"@@"}`, "username", anon, true},
		{"forgot verify", "POST", "/api/v1/forgot/verify", `{"flowToken":"@@","method":"pin","pin":"418063"}`, "flowToken", anon, true},
		{"forgot reset", "POST", "/api/v1/forgot/reset",
			`{"resetToken":"@@","newPassword":"` + pw + `","confirmPassword":"` + pw + `"}`, "resetToken", anon, true},
		{"family register", "POST", "/api/v1/family/register", `{"email":"@@","name":"Pat Rivers","password":"` + pw +
			`","confirmPassword":"` + pw + `","locale":"en"}`, "email", anon, true},
		{"family verify email", "POST", "/api/v1/family/verify-email", `{"token":"@@"}`, "token", anon, true},
		{"family sign in", "POST", "/api/v1/family/session", `{"email":"@@","password":"` + pw + `"}`, "email", anon, true},
		{"family forgot", "POST", "/api/v1/family/forgot", `{"email":"@@"}`, "email", anon, true},
		{"family forgot reset", "POST", "/api/v1/family/forgot/reset",
			`{"token":"@@","newPassword":"` + pw + `","confirmPassword":"` + pw + `"}`, "token", anon, true},
		{"family change password", "POST", "/api/v1/family/me/password",
			`{"currentPassword":"` + g.Password + `","newPassword":"@@","confirmPassword":"` + pw + `"}`, "newPassword", family, true},
		{"family language", "PUT", "/api/v1/family/me/language", `{"locale":"@@"}`, "locale", family, false},
		{"link child", "POST", "/api/v1/family/children", `{"studentId":"@@","accessCode":"ABCD-EFGH-JKMN"}`, "studentId", family, true},
		{"child reset", "POST", childPath + "/password",
			`{"mode":"typed","newPassword":"@@","confirmPassword":"` + pw + `","mustChange":false}`, "newPassword", family, true},
		{"object key", "POST", "/api/v1/session", `{"login":"` + st.Username + `","password":"` + pw + `","@@":"x"}`, "@@", anon, false},
	}

	type edgeCase struct {
		name, method, path, body, field string
		client                          *apitest.Client
		value                           edgeValue
	}
	var cases []edgeCase
	for _, r := range routes {
		for _, v := range edgeValues {
			if v.long && !r.maxLength {
				continue
			}
			field := r.field
			if field == "@@" {
				field = v.shown // the faulty key itself
			}
			cases = append(cases, edgeCase{r.name + ": " + v.name, r.method, r.path,
				strings.Replace(r.body, "@@", v.json, 1), field, r.client, v})
		}
	}
	for _, v := range edgeValues {
		for _, m := range []string{"GET", "DELETE"} {
			cases = append(cases, edgeCase{"child id, " + m + ": " + v.name, m,
				"/api/v1/family/children/" + v.path, "", "childId", family, v})
		}
		cases = append(cases, edgeCase{"child id, reset: " + v.name, "POST",
			"/api/v1/family/children/" + v.path + "/password", `{"mode":"generated","mustChange":false}`, "childId", family, v})
		if v.long {
			continue // lang is an enum, answered by the handler
		}
		cases = append(cases,
			edgeCase{"lang query, questions: " + v.name, "GET", "/api/v1/security-questions?lang=" + v.path, "", "lang", anon, v},
			edgeCase{"lang query, forgot start: " + v.name, "POST", "/api/v1/forgot/start?lang=" + v.path,
				`{"username":"` + st.Username + `"}`, "lang", anon, v},
			edgeCase{"query name: " + v.name, "GET", "/api/v1/security-questions?" + v.path + "=en", "", v.shown, anon, v})
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := edgeState(t, h)
			var body any
			if tc.body != "" {
				body = tc.body
			}
			r := tc.client.Do(tc.method, tc.path, body)
			badExpect(t, r, badCase{status: http.StatusBadRequest, code: tc.value.code,
				rules: []string{tc.value.rule}, fields: []string{tc.field}})
			if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("got Set-Cookie %q on a refusal, want none", got)
			}
			if after := edgeState(t, h); after != before {
				t.Errorf("a refused request changed state:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}
