package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

func TestFamilyBadInputRegister(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	const path = "/api/v1/family/register"
	const password = "Orchard-Pebble-58"
	body := func(change func(map[string]any)) map[string]any {
		m := map[string]any{"email": "dana.okafor@family.test.example", "name": "Pat Rivers",
			"password": password, "confirmPassword": password, "locale": "en"}
		if change != nil {
			change(m)
		}
		return m
	}
	set := func(field string, v any) map[string]any { return body(func(m map[string]any) { m[field] = v }) }
	pw := func(p string) map[string]any {
		return body(func(m map[string]any) { m["password"], m["confirmPassword"] = p, p })
	}
	refused := func(name string, b map[string]any, rules, fields []string) badCase {
		return badRefused(name, http.MethodPost, path, b, "registration_rules", rules, fields)
	}
	enum := func(name, locale string) badCase {
		return badCase{name: name, method: http.MethodPost, path: path, body: set("locale", locale),
			status: 400, code: "invalid_parameter", rules: []string{"enum"}, fields: []string{"locale"}}
	}

	cases := badMalformed(http.MethodPost, path, body(nil), set("email", 5), "email",
		[]string{"email", "name", "password", "confirmPassword", "locale"})
	cases = append(cases,
		refused("malformed email", set("email", "dana.okafor.family.test.example"), []string{"email_format"}, []string{"email"}),
		refused("name and address", set("email", "Dana <dana@family.test.example>"), []string{"email_format"}, []string{"email"}),
		refused("no dot in the domain", set("email", "dana@localhost"), []string{"email_format"}, []string{"email"}),
		refused("trailing dot", set("email", "dana@family.test.example."), []string{"email_format"}, []string{"email"}),
		refused("email over 254 characters", set("email", strings.Repeat("d", 250)+"@x.org"), []string{"email_format"}, []string{"email"}),
		refused("empty name", set("name", ""), []string{"name_required"}, []string{"name"}),
		refused("blank name", set("name", "   "), []string{"name_required"}, []string{"name"}),
		refused("name of 101 characters", set("name", strings.Repeat("n", 101)), []string{"name_too_long"}, []string{"name"}),
		refused("password of 7 characters", pw("Orch-58"), []string{"min_length"}, []string{"password"}),
		refused("password without capital or digit", pw("orchard-pebble"), []string{"uppercase", "digit"}, []string{"password", "password"}),
		refused("common password", pw("Password1"), []string{"common"}, []string{"password"}),
		refused("password holds the email's name", pw("Dana.Okafor-77"), []string{"contains_username"}, []string{"password"}),
		refused("password holds the name", pw("Rivers-Pebble-58"), []string{"contains_name"}, []string{"password"}),
		refused("confirmation differs", set("confirmPassword", password+"x"), []string{"confirm_mismatch"}, []string{"confirmPassword"}),
		refused("every rule at once", map[string]any{"email": "dana", "name": " ", "password": "Orchard-Pebble",
			"confirmPassword": "Orchard-Pebble-58", "locale": "es"},
			[]string{"email_format", "name_required", "digit", "confirm_mismatch"},
			[]string{"email", "name", "password", "confirmPassword"}),
		enum("unknown locale", "fr"),
		enum("locale in capitals", "EN"),
		enum("empty locale", ""),
		badCase{name: "cross-site", method: http.MethodPost, path: path, body: body(nil),
			headers: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, status: 403, code: "cross_site_request"},
	)
	famRun(t, h, c, cases)

	t.Run("streamed body over 64 KB", func(t *testing.T) {
		before := famSnapshot(t, h)
		badExpect(t, badChunkedTooLarge(t, h, c, http.MethodPost, path), badCase{status: 413, code: "body_too_large"})
		if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
			t.Errorf("state changed (-before +after):\n%s", diff)
		}
	})

	// The same request, well formed, is accepted: the refusals were about the input.
	c.Expect(c.Do(http.MethodPost, path, body(nil)), http.StatusAccepted, "")
	if n := h.Count(`select count(*) from guardians where email = 'dana.okafor@family.test.example'`); n != 1 {
		t.Errorf("got %d guardians after a good registration, want 1", n)
	}
}

func TestFamilyBadInputPublicRoutes(t *testing.T) {
	h := apitest.New(t)
	g := h.Guardian(apitest.GuardianOpts{})
	c := h.Client()
	const newPassword = "Quartz-Harbor-64"
	var cases []badCase
	cases = append(cases, badMalformed(http.MethodPost, "/api/v1/family/session",
		map[string]any{"email": g.Email, "password": g.Password},
		map[string]any{"email": g.Email, "password": 12345678}, "password", []string{"email", "password"})...)
	cases = append(cases, badMalformed(http.MethodPost, "/api/v1/family/forgot",
		map[string]any{"email": g.Email}, map[string]any{"email": []string{g.Email}}, "email", []string{"email"})...)
	cases = append(cases, badMalformed(http.MethodPost, "/api/v1/family/verify-email",
		map[string]any{"token": "abc"}, map[string]any{"token": 5}, "token", []string{"token"})...)
	cases = append(cases, badMalformed(http.MethodPost, "/api/v1/family/forgot/reset",
		map[string]any{"token": "abc", "newPassword": newPassword, "confirmPassword": newPassword},
		map[string]any{"token": true, "newPassword": newPassword, "confirmPassword": newPassword}, "token",
		[]string{"token", "newPassword", "confirmPassword"})...)
	cross := []string{"Origin", "https://evil.example"}
	cases = append(cases,
		badCase{name: "verify: garbage token", method: http.MethodPost, path: "/api/v1/family/verify-email",
			body: map[string]any{"token": "not-a-token"}, status: 410, code: "link_expired"},
		badCase{name: "verify: empty token", method: http.MethodPost, path: "/api/v1/family/verify-email",
			body: map[string]any{"token": ""}, status: 410, code: "link_expired"},
		badCase{name: "reset: garbage token", method: http.MethodPost, path: "/api/v1/family/forgot/reset",
			body:   map[string]any{"token": "not-a-token", "newPassword": newPassword, "confirmPassword": newPassword},
			status: 410, code: "link_expired"},
		badCase{name: "sign-in: cross-site", method: http.MethodPost, path: "/api/v1/family/session",
			body: map[string]any{"email": g.Email, "password": g.Password}, headers: cross, status: 403, code: "cross_site_request"},
		badCase{name: "forgot: cross-site", method: http.MethodPost, path: "/api/v1/family/forgot",
			body: map[string]any{"email": g.Email}, headers: cross, status: 403, code: "cross_site_request"},
		badCase{name: "reset: cross-site", method: http.MethodPost, path: "/api/v1/family/forgot/reset",
			body:    map[string]any{"token": "abc", "newPassword": newPassword, "confirmPassword": newPassword},
			headers: []string{"Sec-Fetch-Site", "cross-site"}, status: 403, code: "cross_site_request"},
	)
	famRun(t, h, c, cases)
	c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusNoContent, "")

	t.Run("a reset link does not verify an email, nor the other way round", func(t *testing.T) {
		c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot", map[string]string{"email": g.Email}), http.StatusAccepted, "")
		token := h.LinkToken(g.Email, "reset-password")
		c.Expect(c.Do(http.MethodPost, "/api/v1/family/verify-email", map[string]string{"token": token}), http.StatusGone, "link_expired")
		// The refusal did not spend the link.
		c.Expect(c.Do(http.MethodPost, "/api/v1/family/forgot/reset", map[string]string{
			"token": token, "newPassword": newPassword, "confirmPassword": newPassword}), http.StatusNoContent, "")
	})
}

func TestFamilyBadInputSignedInRoutes(t *testing.T) {
	h := apitest.New(t)
	g, c := famSignedIn(t, h, apitest.GuardianOpts{})
	const newPassword = "Quartz-Harbor-64"
	change := func(current, next, confirm string) map[string]any {
		return map[string]any{"currentPassword": current, "newPassword": next, "confirmPassword": confirm}
	}
	const pwPath, langPath = "/api/v1/family/me/password", "/api/v1/family/me/language"
	cases := badMalformed(http.MethodPost, pwPath, change(g.Password, newPassword, newPassword),
		map[string]any{"currentPassword": g.Password, "newPassword": 5, "confirmPassword": newPassword}, "newPassword",
		[]string{"currentPassword", "newPassword", "confirmPassword"})
	cases = append(cases, badMalformed(http.MethodPut, langPath, map[string]any{"locale": "es"},
		map[string]any{"locale": 1}, "locale", []string{"locale"})...)
	cases = append(cases,
		badGuess(badRefused("wrong current password", http.MethodPost, pwPath, change("Garden-Kettle-83", newPassword, newPassword),
			"current_password_wrong", []string{"current_password"}, []string{"currentPassword"})),
		badRefused("new password is the current one", http.MethodPost, pwPath, change(g.Password, g.Password, g.Password),
			"password_rules", []string{"same_as_current"}, []string{"newPassword"}),
		badRefused("new password too short", http.MethodPost, pwPath, change(g.Password, "Qh-64", "Qh-64"),
			"password_rules", []string{"min_length"}, []string{"newPassword"}),
		badRefused("new password holds the email's name", http.MethodPost, pwPath,
			change(g.Password, "X"+strings.Split(g.Email, "@")[0]+"-Q7", "X"+strings.Split(g.Email, "@")[0]+"-Q7"),
			"password_rules", []string{"contains_username"}, []string{"newPassword"}),
		badRefused("confirmation differs", http.MethodPost, pwPath, change(g.Password, newPassword, newPassword+"!"),
			"password_rules", []string{"confirm_mismatch"}, []string{"confirmPassword"}),
		badCase{name: "unknown locale", method: http.MethodPut, path: langPath, body: map[string]any{"locale": "fr"},
			status: 400, code: "invalid_parameter", rules: []string{"enum"}, fields: []string{"locale"}},
		badCase{name: "password change: cross-site", method: http.MethodPost, path: pwPath,
			body: change(g.Password, newPassword, newPassword), headers: []string{"Origin", "https://evil.example"},
			status: 403, code: "cross_site_request"},
	)
	famRun(t, h, c, cases)
	// The session outlived every refusal, and the password is unchanged.
	c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "")
	h.Client().FamilySignIn(g.Email, g.Password)
}

// TestFamilyCSRF sends every state-changing family request of a signed-in guardian without
// the session's CSRF token, or with another session's.
func TestFamilyCSRF(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{})
	code := h.AccessCode(kid.ID, time.Now().Add(time.Hour))
	linked := h.Student(apitest.StudentOpts{})
	g, c := famSignedIn(t, h, apitest.GuardianOpts{Unverified: true})
	h.Link(g.ID, linked.ID, false)
	_, other := famSignedIn(t, h, apitest.GuardianOpts{})
	student := h.Client()
	student.SignIn(kid.Username, kid.Password)
	const newPassword = "Quartz-Harbor-64"

	requests := []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/api/v1/family/verify-email/resend", nil},
		{http.MethodDelete, "/api/v1/family/session", nil},
		{http.MethodPost, "/api/v1/family/me/password", map[string]string{
			"currentPassword": g.Password, "newPassword": newPassword, "confirmPassword": newPassword}},
		{http.MethodPut, "/api/v1/family/me/language", map[string]string{"locale": "es"}},
		{http.MethodPost, "/api/v1/family/children", map[string]string{"studentId": kid.StudentNumber, "accessCode": code}},
		{http.MethodDelete, famChild(linked.ID), nil},
		{http.MethodPost, famChild(linked.ID) + "/password", map[string]any{"mode": "generated", "mustChange": false}},
	}
	tokens := []struct{ name, token string }{
		{"missing", ""},
		{"wrong", "not-the-token"},
		{"another guardian's", other.CSRF},
		{"a student session's", student.CSRF},
		{"the first character changed", map[bool]string{true: "B", false: "A"}[c.CSRF[0] == 'A'] + c.CSRF[1:]},
	}
	for _, tok := range tokens {
		t.Run(tok.name, func(t *testing.T) {
			before := famSnapshot(t, h)
			for _, req := range requests {
				r := c.Do(req.method, req.path, req.body, "X-CSRF-Token", tok.token)
				if r.Status != http.StatusForbidden || r.Code() != "csrf_token_invalid" {
					t.Errorf("%s %s: got %d %s, want 403 csrf_token_invalid", req.method, req.path, r.Status, r.Raw)
				}
				if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
					t.Errorf("%s %s: got Set-Cookie %q, want none", req.method, req.path, got)
				}
			}
			if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
				t.Errorf("requests without their CSRF token changed state (-before +after):\n%s", diff)
			}
			c.Expect(c.Do(http.MethodGet, "/api/v1/family/session", nil), http.StatusOK, "")
		})
	}
	t.Run("control: the right token", func(t *testing.T) {
		c.Expect(c.Do(http.MethodPut, "/api/v1/family/me/language", map[string]string{"locale": "es"}), http.StatusNoContent, "")
		c.Expect(c.Do(http.MethodDelete, famChild(linked.ID), nil), http.StatusNoContent, "")
	})
}

// TestFamilyAndStudentSessionsApart checks that a student's session opens no family route
// and a guardian's no student route, whichever cookie carries it, while both live side by
// side in one browser.
func TestFamilyAndStudentSessionsApart(t *testing.T) {
	h := apitest.New(t)
	kid := h.Student(apitest.StudentOpts{})
	g := h.Guardian(apitest.GuardianOpts{})
	h.Link(g.ID, kid.ID, false)

	browser := h.Client()
	browser.SignIn(kid.Username, kid.Password)
	studentToken := famCookie(t, h, browser, apitest.SessionCookieName)
	for _, req := range []struct{ method, path string }{
		{http.MethodGet, "/api/v1/family/session"},
		{http.MethodGet, "/api/v1/family/children"},
		{http.MethodGet, famChild(kid.ID)},
		{http.MethodPost, famChild(kid.ID) + "/password"},
		{http.MethodPost, "/api/v1/family/verify-email/resend"},
	} {
		before := famSnapshot(t, h)
		var body any
		if req.method == http.MethodPost {
			body = map[string]any{"mode": "generated", "mustChange": false}
		}
		if r := browser.Do(req.method, req.path, body); !isSignedOut(req.path, r) {
			t.Errorf("%s %s with a student session: got %d %s, want it refused as not signed in", req.method, req.path, r.Status, r.Raw)
		}
		r := h.Client().Do(req.method, req.path, body, "Cookie", "portal_family="+studentToken)
		if !isSignedOut(req.path, r) {
			t.Errorf("%s %s with a student token in the family cookie: got %d %s, want it refused as not signed in", req.method, req.path, r.Status, r.Raw)
		}
		if diff := cmp.Diff(before, famSnapshot(t, h)); diff != "" {
			t.Errorf("%s %s with a student session changed state (-before +after):\n%s", req.method, req.path, diff)
		}
	}

	parent := h.Client()
	parent.FamilySignIn(g.Email, g.Password)
	familyToken := famCookie(t, h, parent, "portal_family")
	for _, path := range []string{"/api/v1/me/account", "/api/v1/session"} {
		if r := parent.Do(http.MethodGet, path, nil); !isSignedOut(path, r) {
			t.Errorf("GET %s with a family session: got %d %s, want it refused as not signed in", path, r.Status, r.Raw)
		}
		r := h.Client().Do(http.MethodGet, path, nil, "Cookie", apitest.SessionCookieName+"="+familyToken)
		if !isSignedOut(path, r) {
			t.Errorf("GET %s with a family token in the student cookie: got %d %s, want it refused as not signed in", path, r.Status, r.Raw)
		}
	}

	// One family computer: the child and the parent signed in at once, neither ending the other.
	csrf := browser.CSRF
	browser.FamilySignIn(g.Email, g.Password)
	browser.Expect(browser.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusOK, "")
	browser.Expect(browser.Do(http.MethodDelete, "/api/v1/family/session", nil), http.StatusNoContent, "")
	browser.CSRF = csrf
	browser.Expect(browser.Do(http.MethodGet, "/api/v1/me/account", nil), http.StatusOK, "")
	browser.Expect(browser.Do(http.MethodGet, "/api/v1/family/children", nil), http.StatusUnauthorized, "not_signed_in")
}
