package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestFamilyBadInputLink refuses every malformed or wrong link attempt with its own answer.
// Each refusal is audited once and changes nothing else, except that a code that does not
// match counts one failure against the guardian and one against the typed student ID.
func TestFamilyBadInputLink(t *testing.T) {
	h := apitest.New(t)
	now := time.Now()
	child := h.Student(apitest.StudentOpts{Grade: 4})
	good := h.AccessCode(child.ID, now.Add(60*24*time.Hour))
	other := h.Student(apitest.StudentOpts{})
	otherCode := h.AccessCode(other.ID, now.Add(60*24*time.Hour))
	expiredKid := h.Student(apitest.StudentOpts{})
	expired := h.AccessCode(expiredKid.ID, now.Add(-time.Minute))
	usedKid := h.Student(apitest.StudentOpts{})
	used := h.AccessCode(usedKid.ID, now.Add(24*time.Hour))
	if _, err := h.Pool.Exec(h.Context, `update parent_access_codes set used_at = now() where student_id = $1`, usedKid.ID); err != nil {
		t.Fatal(err)
	}
	adult := h.Student(apitest.StudentOpts{Grade: 12, DateOfBirth: now.AddDate(-19, 0, 0)})
	adultCode := h.AccessCode(adult.ID, now.Add(24*time.Hour))
	linkedKid := h.Student(apitest.StudentOpts{})
	linkedCode := h.AccessCode(linkedKid.ID, now.Add(24*time.Hour))
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, linkedKid.ID, false)
	const path = "/api/v1/family/children"
	link := func(id, code string) map[string]any { return map[string]any{"studentId": id, "accessCode": code} }

	type linkCase struct {
		badCase
		reason  string // the audit event's reason
		counted bool   // a failed attempt counted against guardian and student ID
		unused  string // a student whose code must stay unused
	}
	refused := func(name string, body map[string]any, status int, code string, rules, fields []string, reason string) linkCase {
		return linkCase{badCase: badCase{name: name, method: http.MethodPost, path: path, body: body, status: status,
			code: code, rules: rules, fields: fields}, reason: reason}
	}
	keepsUnused := func(studentID string, lc linkCase) linkCase { lc.unused = studentID; return lc }
	format := func(name, id, code string, rules, fields []string) linkCase {
		return refused(name, link(id, code), 422, "link_rules", rules, fields, "link_rules")
	}
	invalid := func(name, id string) linkCase {
		lc := refused(name, link(id, otherCode), 422, "access_code_invalid",
			[]string{"access_code_invalid"}, []string{"accessCode"}, "access_code_invalid")
		lc.counted = true
		return keepsUnused(other.ID, lc)
	}
	sid, acf := []string{"student_id_format"}, []string{"access_code_format"}
	cases := []linkCase{
		format("student ID of 8 digits", child.StudentNumber[:8], good, sid, []string{"studentId"}),
		format("student ID with a letter", child.StudentNumber[:8]+"a", good, sid, []string{"studentId"}),
		format("code with an O", child.StudentNumber, good[:13]+"O", acf, []string{"accessCode"}),
		format("code with a 1", child.StudentNumber, "1"+good[1:], acf, []string{"accessCode"}),
		format("code too short", child.StudentNumber, good[:9], acf, []string{"accessCode"}),
		format("both malformed", "12-34", "ABCD", []string{"student_id_format", "access_code_format"}, []string{"studentId", "accessCode"}),
		invalid("a code of another student", child.StudentNumber),
		invalid("an unknown student ID", "900000017"),
		keepsUnused(expiredKid.ID, refused("expired code", link(expiredKid.StudentNumber, expired), 422, "access_code_expired",
			[]string{"access_code_expired"}, []string{"accessCode"}, "access_code_expired")),
		refused("used code", link(usedKid.StudentNumber, used), 422, "access_code_used",
			[]string{"access_code_used"}, []string{"accessCode"}, "access_code_used"),
		keepsUnused(adult.ID, refused("a 19-year-old student", link(adult.StudentNumber, adultCode), 403, "student_is_adult",
			nil, nil, "student_is_adult")),
		keepsUnused(linkedKid.ID, refused("already linked", link(linkedKid.StudentNumber, linkedCode), 409, "already_linked",
			nil, nil, "already_linked")),
	}

	bodies := map[string]string{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := famSnapshot(t, h)
			audits := famAudits(t, h, g.ID, "child_link", "refused", tc.reason)
			r := c.Do(tc.method, tc.path, tc.body)
			badExpect(t, r, tc.badCase)
			bodies[tc.name] = string(r.Raw)
			after := famSnapshot(t, h)
			if want := before.LinkFailures + map[bool]int{true: 2}[tc.counted]; after.LinkFailures != want {
				t.Errorf("got %d failed link attempts counted, want %d", after.LinkFailures, want)
			}
			after.LinkFailures = before.LinkFailures
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("a refused link changed state (-before +after):\n%s", diff)
			}
			if got := famAudits(t, h, g.ID, "child_link", "refused", tc.reason) - audits; got != 1 {
				t.Errorf("got %d refused child_link audit events with reason %q, want 1", got, tc.reason)
			}
			if tc.unused != "" && famCodeUsed(t, h, tc.unused) {
				t.Errorf("the refusal used the code of student %s", tc.unused)
			}
		})
	}
	if a, b := bodies["a code of another student"], bodies["an unknown student ID"]; a != b {
		t.Errorf("an unknown student ID answered %s, want exactly the answer to a wrong code %s", b, a)
	}

	t.Run("unverified email", func(t *testing.T) {
		u, uc := famSignedIn(t, h, apitest.GuardianOpts{Unverified: true})
		before := famSnapshot(t, h)
		badExpect(t, uc.Do(http.MethodPost, path, link(child.StudentNumber, good)),
			badCase{status: 403, code: "email_not_verified"})
		if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
			t.Errorf("state changed (-before +after):\n%s", diff)
		}
		if n := famAudits(t, h, u.ID, "child_link", "refused", "email_not_verified"); n != 1 {
			t.Errorf("got %d audit events of the refusal, want 1", n)
		}
	})

	t.Run("cross-site", func(t *testing.T) {
		before := famSnapshot(t, h)
		badExpect(t, c.Do(http.MethodPost, path, link(child.StudentNumber, good), "Origin", "https://evil.example"),
			badCase{status: 403, code: "cross_site_request"})
		if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
			t.Errorf("state changed (-before +after):\n%s", diff)
		}
	})

	t.Run("malformed requests", func(t *testing.T) {
		famRun(t, h, c, badMalformed(http.MethodPost, path, link(child.StudentNumber, good),
			map[string]any{"studentId": 123456789, "accessCode": good}, "studentId", []string{"studentId", "accessCode"}))
	})

	// The good code, typed in lower case with spaces, links the child: the refusals above
	// were about the input.
	r := c.Expect(c.Do(http.MethodPost, path, link(" "+child.StudentNumber+" ", strings.ToLower(strings.ReplaceAll(good, "-", " ")))),
		http.StatusCreated, "")
	if r.String("id") != child.ID {
		t.Errorf("got child %s, want %s", r.Raw, child.ID)
	}
}

// TestFamilyBadInputResetChild refuses every malformed or rule-breaking child reset with
// its own answer, and changes nothing.
func TestFamilyBadInputResetChild(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{Grade: 7})
	schoolIssued := h.Student(apitest.StudentOpts{Grade: 5, DefaultPassword: true, Password: "Kettle-Plum-93"})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	h.Link(g.ID, kid.ID, false)
	h.Link(g.ID, schoolIssued.ID, false)
	path := famChild(kid.ID) + "/password"
	typed := func(pw, confirm string) map[string]any {
		return map[string]any{"mode": "typed", "newPassword": pw, "confirmPassword": confirm, "mustChange": false}
	}
	bad := func(name string, body map[string]any, code, rule, field string) badCase {
		return badCase{name: name, method: http.MethodPost, path: path, body: body, status: 400, code: code,
			rules: []string{rule}, fields: []string{field}}
	}
	rules := func(name, pw string, rules ...string) badCase {
		fields := make([]string, len(rules))
		for i := range fields {
			fields[i] = "newPassword"
		}
		return badRefused(name, http.MethodPost, path, typed(pw, pw), "password_rules", rules, fields)
	}

	cases := badMalformed(http.MethodPost, path, map[string]any{"mode": "generated", "mustChange": false},
		map[string]any{"mode": "generated", "mustChange": "yes"}, "mustChange", []string{"mode", "mustChange"})
	cases = append(cases,
		bad("typed without newPassword", map[string]any{"mode": "typed", "mustChange": true}, "missing_field", "required", "newPassword"),
		bad("typed with a null newPassword", map[string]any{"mode": "typed", "newPassword": nil, "confirmPassword": "Xy-12345", "mustChange": true},
			"missing_field", "required", "newPassword"),
		bad("typed without confirmPassword", map[string]any{"mode": "typed", "newPassword": "Copper-Violin-64", "mustChange": true},
			"missing_field", "required", "confirmPassword"),
		bad("generated with newPassword", map[string]any{"mode": "generated", "newPassword": "Copper-Violin-64", "mustChange": false},
			"unexpected_field", "unknown_field", "newPassword"),
		bad("generated with confirmPassword", map[string]any{"mode": "generated", "confirmPassword": "Copper-Violin-64", "mustChange": false},
			"unexpected_field", "unknown_field", "confirmPassword"),
		bad("unknown mode", map[string]any{"mode": "random", "mustChange": false}, "invalid_parameter", "enum", "mode"),
		bad("mode in capitals", map[string]any{"mode": "Typed", "newPassword": "Copper-Violin-64",
			"confirmPassword": "Copper-Violin-64", "mustChange": false}, "invalid_parameter", "enum", "mode"),
		bad("empty mode", map[string]any{"mode": "", "mustChange": false}, "invalid_parameter", "enum", "mode"),
		rules("holds the child's username", "Xx"+kid.Username+"-9A", "contains_username"),
		rules("holds the child's username in capitals", "Q7-"+strings.ToUpper(kid.Username)+"-b", "contains_username"),
		rules("holds the child's first name", kid.FirstName+"-Lake-77", "contains_name"),
		rules("the child's current password", kid.Password, "same_as_current"),
		rules("too short", "Cv-64", "min_length"),
		rules("common", "Password1", "common"),
		rules("no digit", "Copper-Violin", "digit"),
		badRefused("confirmation differs", http.MethodPost, path, typed("Copper-Violin-64", "Copper-Violin-65"),
			"password_rules", []string{"confirm_mismatch"}, []string{"confirmPassword"}),
		badRefused("the school-issued password of a child who has one", http.MethodPost, famChild(schoolIssued.ID)+"/password",
			typed(schoolIssued.Password, schoolIssued.Password), "password_rules", []string{"same_as_current"}, []string{"newPassword"}),
		badCase{name: "cross-site", method: http.MethodPost, path: path, body: typed("Copper-Violin-64", "Copper-Violin-64"),
			headers: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, status: 403, code: "cross_site_request"},
	)
	famRun(t, h, c, cases)

	if n := famAudits(t, h, g.ID, "password_changed", "refused", "password_rules"); n != 9 {
		t.Errorf("got %d audited password-rule refusals, want one for each of the 9", n)
	}
	// A good typed password is accepted: the refusals were about the input.
	c.Expect(c.Do(http.MethodPost, path, typed("Copper-Violin-64", "Copper-Violin-64")), http.StatusOK, "")
	h.Client().SignIn(kid.Username, "Copper-Violin-64")
}
