package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestPicturesBadInput: every bad request of the picture routes gets its own status and code
// and changes nothing: no pictures stored or changed, no try counted against the student, no
// class code made or replaced.
func TestPicturesBadInput(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc, oc := w.h, w.h.StaffClient(w.teacher), w.h.StaffClient(w.other)
	right := []string{"house", "umbrella", "ball"}
	setPictures(t, tc, w.young.ID, right)
	code := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, "").String("code")
	// The other teacher's first grader has pictures of his own.
	setPictures(t, oc, w.elsewhere.ID, right)
	var otherClass string
	if err := h.Pool.QueryRow(h.Context, `select id::text from classes where class_number = '1-B'`).Scan(&otherClass); err != nil {
		t.Fatal(err)
	}
	// A seventh grader with pictures stored anyway (set before the setting changed): they
	// do not sign in.
	if _, err := h.Pool.Exec(h.Context, `insert into student_pictures (student_id, hash, set_at)
		select $1, hash, now() from student_pictures where student_id = $2`, w.old.ID, w.young.ID); err != nil {
		t.Fatal(err)
	}
	snapshot := func() string {
		var s string
		if err := h.Pool.QueryRow(h.Context, `select coalesce(string_agg(student_id || hash || failed_tries || coalesce(last_used_at::text, '-'), ',' order by student_id), '')
			|| '|' || (select coalesce(string_agg(class_id || code, ','), '') from class_picture_codes)
			from student_pictures`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := snapshot()

	signIns := []struct {
		name         string
		body         any
		status       int
		code         string
		rule, detail string
	}{
		{"2 pictures", byUsername(w.young.Username, right[:2]), 400, "invalid_parameter", "picture_count", "pictures"},
		{"4 pictures", byUsername(w.young.Username, append(slices.Clone(right), "cat")), 400, "invalid_parameter", "picture_count", "pictures"},
		{"a repeated picture", byUsername(w.young.Username, []string{"house", "house", "ball"}), 400, "invalid_parameter", "picture_repeated", "pictures[1]"},
		{"an unknown picture", byUsername(w.young.Username, []string{"house", "snake", "ball"}), 400, "invalid_parameter", "enum", "pictures[1]"},
		{"no pictures", map[string]any{"username": w.young.Username}, 400, "missing_field", "required", "pictures"},
		{"no one named", map[string]any{"pictures": right}, 400, "missing_field", "required", "username"},
		{"blank username", byUsername("  ", right), 400, "missing_field", "required", "username"},
		{"both ways", map[string]any{"username": w.young.Username, "classCode": code, "studentId": w.young.ID, "pictures": right},
			400, "invalid_parameter", "one_of", "username"},
		{"class code without a student", map[string]any{"classCode": code, "pictures": right}, 400, "missing_field", "required", "studentId"},
		{"student without a class code", map[string]any{"studentId": w.young.ID, "pictures": right}, 400, "missing_field", "required", "classCode"},
		{"an unknown field", `{"username":"x","pictures":["house","umbrella","ball"],"pin":"1"}`, 400, "unknown_field", "unknown_field", "pin"},
		{"a number for a picture", `{"username":"x","pictures":["house",7,"ball"]}`, 400, "invalid_type", "type", "pictures"},
		{"a long username", byUsername(strings.Repeat("a", 255), right), 400, "", "", ""},
		{"a long class code", byClass(strings.Repeat("A", 33), w.young.ID, right), 400, "", "", ""},
		// Named well, but not a student who signs in here: the same 401 as wrong pictures.
		{"a student of another class", byClass(code, w.elsewhere.ID, right), 401, "pictures_invalid", "", ""},
		{"an unknown class code", byClass("ZZZZZZZZ", w.young.ID, right), 401, "pictures_invalid", "", ""},
		{"the class number for a code", byClass("1-A", w.young.ID, right), 401, "pictures_invalid", "", ""},
		{"a student id that is no uuid", byClass(code, "not-a-uuid", right), 401, "pictures_invalid", "", ""},
		{"an unknown username", byUsername("nobody-here", right), 401, "pictures_invalid", "", ""},
		{"a seventh grader with pictures", byUsername(w.old.Username, right), 401, "pictures_invalid", "", ""},
		{"a seventh grader by class", byClass(code, w.old.ID, right), 401, "pictures_invalid", "", ""},
	}
	var invalidBody []byte
	for _, tt := range signIns {
		_, r := pictureSignIn(h, tt.body)
		if r.Status != tt.status || (tt.code != "" && r.Code() != tt.code) || r.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s: got %d %s, want %d %s and no cookie", tt.name, r.Status, r.Raw, tt.status, tt.code)
			continue
		}
		if tt.rule != "" && !hasRule(r, tt.rule, tt.detail) {
			t.Errorf("%s: details %s, want rule %s on %s", tt.name, r.Raw, tt.rule, tt.detail)
		}
		if tt.status == 401 {
			if invalidBody == nil {
				invalidBody = r.Raw
			} else if string(invalidBody) != string(r.Raw) {
				t.Errorf("%s: body %s differs from %s", tt.name, r.Raw, invalidBody)
			}
		}
	}

	staffCalls := []struct {
		name   string
		c      *apitest.Client
		method string
		path   string
		body   any
		status int
		code   string
		rule   string
	}{
		{"set 2 pictures", tc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{"pictures": right[:2]}, 422, "picture_rules", "picture_count"},
		{"set 4 pictures", tc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{"pictures": append(slices.Clone(right), "cat")}, 422, "picture_rules", "picture_count"},
		{"set no pictures", tc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{"pictures": []string{}}, 422, "picture_rules", "picture_count"},
		{"set a repeated picture", tc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{"pictures": []string{"cat", "dog", "cat"}}, 422, "picture_rules", "picture_repeated"},
		{"set an unknown picture", tc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{"pictures": []string{"cat", "dog", "Cat"}}, 400, "invalid_parameter", "enum"},
		{"set an unknown field", tc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{"picture": right}, 400, "unknown_field", ""},
		{"set for a seventh grader", tc, http.MethodPost, "/students/" + w.old.ID + "/pictures", map[string]any{}, 422, "badge_not_eligible", ""},
		{"set out of scope", oc, http.MethodPost, "/students/" + w.young.ID + "/pictures", map[string]any{}, 404, "not_found", ""},
		{"set for no student", tc, http.MethodPost, "/students/00000000-0000-0000-0000-000000000000/pictures", map[string]any{}, 404, "not_found", ""},
		{"set for a bad id", tc, http.MethodPost, "/students/nope/pictures", map[string]any{}, 404, "not_found", ""},
		{"remove out of scope", oc, http.MethodDelete, "/students/" + w.young.ID + "/pictures", nil, 404, "not_found", ""},
		{"unlock out of scope", oc, http.MethodPost, "/students/" + w.young.ID + "/pictures/unlock", nil, 404, "not_found", ""},
		{"class set out of scope", oc, http.MethodPost, "/classes/" + w.classID + "/pictures", map[string]bool{"reissue": true}, 404, "not_found", ""},
		{"class set without reissue", tc, http.MethodPost, "/classes/" + w.classID + "/pictures", map[string]any{}, 400, "missing_field", ""},
		{"class set of another teacher's class", tc, http.MethodPost, "/classes/" + otherClass + "/pictures", map[string]bool{"reissue": true}, 404, "not_found", ""},
		{"class code out of scope", oc, http.MethodGet, "/classes/" + w.classID + "/picture-sign-in", nil, 404, "not_found", ""},
		{"class code renewed out of scope", oc, http.MethodPost, "/classes/" + w.classID + "/picture-sign-in", nil, 404, "not_found", ""},
		{"class code of no class", tc, http.MethodGet, "/classes/00000000-0000-0000-0000-000000000000/picture-sign-in", nil, 404, "not_found", ""},
	}
	for _, tt := range staffCalls {
		r := tt.c.Do(tt.method, "/api/v1/staff"+tt.path, tt.body)
		if r.Status != tt.status || r.Code() != tt.code {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, r.Status, r.Raw, tt.status, tt.code)
			continue
		}
		if tt.rule != "" && !hasRule(r, tt.rule, "") {
			t.Errorf("%s: details %s, want rule %s", tt.name, r.Raw, tt.rule)
		}
	}
	// Without the CSRF token a staff change is refused too.
	noCSRF := *tc
	noCSRF.CSRF = ""
	noCSRF.Expect(noCSRF.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/pictures", map[string]any{}), 403, "csrf_token_invalid")
	noCSRF.Expect(noCSRF.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 403, "csrf_token_invalid")

	kid := h.Client()
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": "ZZZZZZZZ"}), 404, "picture_class_invalid")
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{}), 400, "missing_field")
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/pictures/class", map[string]string{"code": strings.Repeat("A", 33)}), 400, "")

	if after := snapshot(); after != before {
		t.Errorf("bad requests changed the stored pictures or codes:\nbefore %s\nafter  %s", before, after)
	}
	if n := h.Count(`select count(*) from audit_events where action in ('pictures_changed', 'pictures_removed', 'pictures_unlocked',
		'class_pictures_set', 'class_picture_code_renewed') and outcome = 'succeeded' and actor_id = $1`, w.other.ID); n != 1 {
		t.Errorf("the other teacher's succeeded events: %d, want 1 (his own student's pictures)", n)
	}
	if n := h.Count(`select count(*) from audit_events where outcome = 'refused' and reason = 'out_of_scope' and actor_id = $1`, w.other.ID); n != 6 {
		t.Errorf("out-of-scope refusals audited: %d, want 6", n)
	}
}

// hasRule reports whether an error answer has a detail with rule (on field, when not empty).
func hasRule(r apitest.Response, rule, field string) bool {
	details, _ := r.Body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		if m["rule"] == rule && (field == "" || m["field"] == field) {
			return true
		}
	}
	return false
}
