package httpapi_test

import (
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// printedCode is an access code as a letter prints it.
var printedCode = regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// codeRows reads the students of an AccessCodeBatch, by id.
func codeRows(t *testing.T, r apitest.Response) map[string]map[string]any {
	t.Helper()
	rows, ok := r.Body["students"].([]any)
	if !ok {
		t.Fatalf("batch: got %s", r.Raw)
	}
	out := map[string]map[string]any{}
	for _, row := range rows {
		m := row.(map[string]any)
		if code, _ := m["accessCode"].(string); !printedCode.MatchString(code) {
			t.Errorf("code %q is not XXXX-XXXX-XXXX", code)
		}
		out[m["id"].(string)] = m
	}
	return out
}

// linkWithCode links a new verified guardian to st with code, and reports the status.
func linkWithCode(w *classWorld, st apitest.Student, code string) int {
	g := w.h.Guardian(apitest.GuardianOpts{})
	c := w.h.Client()
	c.FamilySignIn(g.Email, g.Password)
	return c.Do(http.MethodPost, "/api/v1/family/children", map[string]string{"studentId": st.StudentNumber, "accessCode": code}).Status
}

// TestStaffClassAccessCodes: a school admin issues codes to the students of a class with no
// live code, then to all of them; each code works once on the family page, older unused
// codes end, every student is audited and the class once per issue; the letter's language is
// the guardian's.
func TestStaffClassAccessCodes(t *testing.T) {
	w := newClassWorld(t)
	w.exec(t, `update guardians set locale = 'es' where id = $1`, w.guardian.ID)
	// Ben already holds a live code; Cleo an expired one.
	bensCode := w.h.AccessCode(w.ben.ID, time.Now().AddDate(0, 0, 30))
	w.exec(t, `insert into parent_access_codes (student_id, code_hash, expires_at) values ($1, 'x', now() - interval '1 day')`, w.cleo.ID)
	sc := w.samCli
	path := "/api/v1/staff/classes/" + w.classA + "/access-codes"

	r := sc.Expect(sc.Do(http.MethodPost, path, map[string]any{"reissue": false}), 200, "")
	rows := codeRows(t, r)
	if len(rows) != 2 || rows[w.ana.ID] == nil || rows[w.cleo.ID] == nil {
		t.Fatalf("missing codes only: got %s, want Ana and Cleo", r.Raw)
	}
	if rows[w.ana.ID]["locale"] != "es" || rows[w.cleo.ID]["locale"] != "en" {
		t.Errorf("letter locales: got %s, want Ana's guardian's es and Cleo's en", r.Raw)
	}
	if r.String("schoolName") == "" || r.String("districtName") == "" || r.String("familyPortalUrl") == "" || r.String("expiresAt") == "" {
		t.Errorf("letter facts: got %s", r.Raw)
	}
	if got := rows[w.ana.ID]["studentNumber"]; got != w.ana.StudentNumber {
		t.Errorf("Ana's student number: got %v", got)
	}
	anasFirst := rows[w.ana.ID]["accessCode"].(string)
	if n := w.count(t, "access_code_issued", "succeeded"); n != 2 {
		t.Errorf("student events: got %d, want 2", n)
	}

	// Everyone has a live code now: nothing to issue.
	r = sc.Expect(sc.Do(http.MethodPost, path, map[string]any{"reissue": false}), 200, "")
	if len(codeRows(t, r)) != 0 {
		t.Errorf("nothing missing: got %s", r.Raw)
	}

	// Reissue: three new codes; every earlier unused one ends.
	r = sc.Expect(sc.Do(http.MethodPost, path, map[string]any{"reissue": true}), 200, "")
	rows = codeRows(t, r)
	if len(rows) != 3 {
		t.Fatalf("reissue: got %s, want 3 codes", r.Raw)
	}
	if n := w.h.Count(`select count(*) from parent_access_codes where student_id = any($1::uuid[]) and used_at is null and expires_at > now()`,
		[]string{w.ana.ID, w.ben.ID, w.cleo.ID}); n != 3 {
		t.Errorf("live codes after reissue: got %d, want one each", n)
	}
	if n := w.h.Count(`select count(*) from parent_access_codes where student_id = $1`, w.dev.ID); n != 0 {
		t.Errorf("Dev, of another class, got %d codes", n)
	}
	for _, old := range []struct {
		st   apitest.Student
		code string
	}{{w.ben, bensCode}, {w.ana, anasFirst}} {
		if got := linkWithCode(w, old.st, old.code); got == http.StatusCreated {
			t.Errorf("%s's replaced code still links", old.st.Username)
		}
	}
	if got := linkWithCode(w, w.ben, rows[w.ben.ID]["accessCode"].(string)); got != http.StatusCreated {
		t.Errorf("Ben's new code: got %d, want 201", got)
	}
	if n := w.count(t, "access_code_issued", "succeeded"); n != 5 {
		t.Errorf("student events: got %d, want 5", n)
	}
	if n := w.count(t, "class_access_codes_issued", "succeeded"); n != 3 {
		t.Errorf("class events: got %d, want 3", n)
	}
}

// TestStaffClassAccessCodesRefused: a teacher may not issue codes (403 not_allowed), another
// district's admin does not see the class (404), bad bodies are 400; each refusal changes
// nothing and the role and scope refusals are audited.
func TestStaffClassAccessCodesRefused(t *testing.T) {
	w := newClassWorld(t)
	path := "/api/v1/staff/classes/" + w.classA + "/access-codes"
	tc, sc := w.tessClient, w.samCli
	hc := w.h.Client()
	hc.SignInStaff(w.hal)

	tc.Expect(tc.Do(http.MethodPost, path, map[string]any{"reissue": true}), 403, "not_allowed")
	hc.Expect(hc.Do(http.MethodPost, path, map[string]any{"reissue": true}), 404, "not_found")
	sc.Expect(sc.Do(http.MethodPost, "/api/v1/staff/classes/not-a-class/access-codes", map[string]any{"reissue": true}), 404, "not_found")
	sc.Expect(sc.Do(http.MethodPost, path, map[string]any{}), 400, "missing_field")
	sc.Expect(sc.Do(http.MethodPost, path, map[string]any{"reissue": "yes"}), 400, "")
	sc.Expect(sc.Do(http.MethodPost, path, map[string]any{"reissue": true, "grade": 3}), 400, "")

	if n := w.h.Count(`select count(*) from parent_access_codes`); n != 0 {
		t.Errorf("refusals stored %d codes", n)
	}
	if n := w.count(t, "class_access_codes_issued", "refused"); n != 3 {
		t.Errorf("refusals audited: got %d, want 3 (teacher, other district, bad id)", n)
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'class_access_codes_issued' and outcome = 'refused'
		and reason = 'not_allowed' and actor_id = $1`, w.tess.ID); n != 1 {
		t.Errorf("teacher's refusal: got %d not_allowed events, want 1", n)
	}
}

// TestStaffClassResetWithAccessCodes: a school admin's class reset that also issues codes
// gives each student a password and a code that works on the family page, in one go, with
// student numbers and grades on every row; a teacher asking for codes is refused whole
// (403 not_allowed, audited) and nothing changes.
func TestStaffClassResetWithAccessCodes(t *testing.T) {
	w := newClassWorld(t)
	before := studentSecrets(w.h)
	path := "/api/v1/staff/classes/" + w.classA + "/reset"
	body := map[string]any{"students": "all", "mode": "generated", "mustChange": true, "issueAccessCodes": true}

	tc := w.tessClient
	tc.Expect(tc.Do(http.MethodPost, path, body), 403, "not_allowed")
	if studentSecrets(w.h) != before || w.h.Count(`select count(*) from parent_access_codes`) != 0 {
		t.Fatal("a teacher's refused reset with codes changed something")
	}
	if n := w.h.Count(`select count(*) from audit_events where action = 'class_password_reset' and outcome = 'refused'
		and reason = 'not_allowed'`); n != 1 {
		t.Errorf("teacher's refusal audited %d times, want 1", n)
	}
	// Without codes the same teacher's reset goes through: the refusal was about codes only.
	r := tc.Expect(tc.Do(http.MethodPost, path, map[string]any{"students": "all", "mode": "generated", "mustChange": true}), 200, "")
	for _, row := range r.Body["students"].([]any) {
		m := row.(map[string]any)
		if _, ok := m["accessCode"]; ok || m["studentNumber"] == nil || m["grade"] == nil {
			t.Errorf("teacher's row: got %v, want student number and grade, no code", m)
		}
	}

	sc := w.samCli
	r = sc.Expect(sc.Do(http.MethodPost, path, body), 200, "")
	rows := r.Body["students"].([]any)
	if len(rows) != 3 {
		t.Fatalf("result: got %s", r.Raw)
	}
	for _, row := range rows {
		m := row.(map[string]any)
		code, _ := m["accessCode"].(string)
		if !printedCode.MatchString(code) || m["password"] == nil || m["studentNumber"] == nil || m["grade"] != float64(7) {
			t.Errorf("row: got %v", m)
		}
		if m["id"] == w.cleo.ID {
			if got := linkWithCode(w, w.cleo, code); got != http.StatusCreated {
				t.Errorf("Cleo's new code: got %d, want 201", got)
			}
		}
	}
	if n := w.h.Count(`select count(*) from parent_access_codes where used_at is null and expires_at > now()`); n != 2 {
		t.Errorf("live codes: got %d, want Ana's and Ben's (Cleo's is used)", n)
	}
	if n := w.count(t, "access_code_issued", "succeeded"); n != 3 {
		t.Errorf("code events: got %d, want 3", n)
	}
	if n := w.count(t, "password_changed", "succeeded"); n != 6 {
		t.Errorf("password events: got %d, want 6 (two resets of three)", n)
	}
}

// TestStaffClassAccessCodesBurst: simultaneous reissues for one class all succeed one after
// another (the students are locked in one order, so none deadlocks), and each student ends
// with exactly one live code: the newest.
func TestStaffClassAccessCodesBurst(t *testing.T) {
	w := newClassWorld(t)
	const n = 5
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			statuses[i] = w.samCli.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classA+"/access-codes", map[string]any{"reissue": true}).Status
		})
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("request %d: got %d, want 200", i, s)
		}
	}
	if got := w.h.Count(`select count(*) from (select student_id from parent_access_codes where used_at is null and expires_at > now()
		group by student_id having count(*) = 1) one`); got != 3 {
		t.Errorf("students with exactly one live code: got %d, want 3", got)
	}
	if got := w.count(t, "access_code_issued", "succeeded"); got != 3*n {
		t.Errorf("code events: got %d, want %d", got, 3*n)
	}
}
