package httpapi_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestBadgeIssueAndSignIn: a teacher issues a first grader's badge (token once, only its
// digest stored, the staff page shows it); the badge signs in a session marked as a badge
// session, which cannot change the password, PIN or questions; the student's own password
// change leaves the badge working. A seventh grader gets no badge (422, nothing stored).
func TestBadgeIssueAndSignIn(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)

	page := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.young.ID, nil), 200, "")
	if page.Body["badgeEligible"] != true || page.Body["badge"] != nil || !hasAction(page, "issue_badge") {
		t.Fatalf("young student's page before: %s, want eligible, no badge, issue_badge allowed", page.Raw)
	}
	r := tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/badge", nil), 200, "")
	token, badgeID := r.String("token"), r.String("badgeId")
	if len(token) != 43 || r.String("signInUrl") != h.Server.URL+"/badge#"+token || len(badgeID) != 8 ||
		strings.ContainsAny(badgeID, "01ILO") || r.String("studentId") != w.young.ID {
		t.Fatalf("issued %s: want a 43-character token, its /badge# URL and an 8-character code", r.Raw)
	}
	digest := sha256.Sum256([]byte(token))
	if n := h.Count(`select count(*) from student_badges where student_id = $1 and token_digest = $2
		and badge_code = $3 and revoked_at is null`, w.young.ID, digest[:], badgeID); n != 1 {
		t.Fatalf("stored badges with the token's digest: %d, want 1", n)
	}
	if n := h.Count(`select count(*) from student_badges where position($1::bytea in token_digest) > 0`, []byte(token)); n != 0 {
		t.Error("the token itself is stored")
	}
	page = tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.young.ID, nil), 200, "")
	if b, _ := page.Body["badge"].(map[string]any); b == nil || b["badgeId"] != badgeID || b["lastUsedAt"] != nil {
		t.Errorf("page after issue: badge %v, want %s unused", page.Body["badge"], badgeID)
	}

	old := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+w.old.ID, nil), 200, "")
	if old.Body["badgeEligible"] != false || hasAction(old, "issue_badge") {
		t.Errorf("seventh grader's page: %s, want not eligible and no issue_badge", old.Raw)
	}
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.old.ID+"/badge", nil), 422, "badge_not_eligible")
	if n := h.Count(`select count(*) from student_badges where student_id = $1`, w.old.ID); n != 0 {
		t.Errorf("a refused badge was stored (%d)", n)
	}

	kid, r := badgeSignIn(h, token)
	kid.Expect(r, 200, "")
	acct := kid.Expect(kid.Do(http.MethodGet, "/api/v1/me/account", nil), 200, "")
	if acct.String("signedInWith") != "badge" || acct.String("username") != w.young.Username {
		t.Fatalf("account of a badge session: %s, want %s signed in with badge", acct.Raw, w.young.Username)
	}
	if n := h.Count(`select count(*) from student_badges where student_id = $1 and last_used_at is not null`, w.young.ID); n != 1 {
		t.Error("last_used_at not set")
	}
	kid.Expect(kid.Do(http.MethodPost, "/api/v1/me/password", map[string]string{"currentPassword": w.young.Password,
		"newPassword": "Quiet-Harbor-Lamp-92", "confirmPassword": "Quiet-Harbor-Lamp-92"}), 403, "badge_session")
	kid.Expect(kid.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": w.young.Password, "pin": "4826"}), 403, "badge_session")
	kid.Expect(kid.Do(http.MethodPut, "/api/v1/me/security-questions", map[string]any{"currentPassword": w.young.Password,
		"answers": []map[string]string{}}), 403, "badge_session")
	if n := h.Count(`select count(*) from students where id = $1 and (pin_hash is not null or token_version <> 1)`, w.young.ID); n != 0 {
		t.Error("a badge session changed the account")
	}

	// The student signs in with the password (signedInWith password) and changes it: the
	// badge is another key and keeps working.
	pc := h.Client()
	pc.SignIn(w.young.Username, w.young.Password)
	if a := pc.Expect(pc.Do(http.MethodGet, "/api/v1/me/account", nil), 200, ""); a.String("signedInWith") != "password" {
		t.Errorf("password session: signedInWith %q, want password", a.String("signedInWith"))
	}
	pc.Expect(pc.Do(http.MethodPost, "/api/v1/me/password", map[string]string{"currentPassword": w.young.Password,
		"newPassword": "Quiet-Harbor-Lamp-92", "confirmPassword": "Quiet-Harbor-Lamp-92"}), 200, "")
	_, r = badgeSignIn(h, token)
	if r.Status != 200 {
		t.Errorf("badge after a password change: %d %s, want 200", r.Status, r.Raw)
	}
}

// TestBadgeSignInRefusals: every badge that must not sign in gets the same 401 badge_invalid
// body, and an oversized token is refused at the edge (400); none signs in.
func TestBadgeSignInRefusals(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc, ac := w.h, w.h.StaffClient(w.teacher), w.h.StaffClient(w.admin)
	revoked, _ := issue(t, tc, w.young.ID)
	tc.Expect(tc.Do(http.MethodDelete, "/api/v1/staff/students/"+w.young.ID+"/badge", nil), 204, "")
	reissuedOld, _ := issue(t, tc, w.young.ID)
	current, _ := issue(t, tc, w.young.ID)
	voided, _ := issue(t, ac, w.elsewhere.ID)
	var code string
	if err := h.Pool.QueryRow(h.Context, `select display_code from schools limit 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	// Void the school, then give the young student a fresh badge and move him out of the
	// badge grades: his badge stops working without being revoked.
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/schools/"+schoolOf(t, h, w.young.ID)+"/badges/void",
		map[string]string{"confirmSchoolCode": code}), 200, "")
	promoted, _ := issue(t, tc, w.young.ID)
	if _, err := h.Pool.Exec(h.Context, `update students set grade = 6 where id = $1`, w.young.ID); err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 32)
	_, _ = rand.Read(random)
	unknown := base64.RawURLEncoding.EncodeToString(random)

	var first []byte
	for name, token := range map[string]string{
		"malformed": "not-a-badge", "bad alphabet": strings.Repeat("!", 43), "padded": unknown[:42] + "=",
		"empty": "", "unknown": unknown, "revoked": revoked, "reissued, old": reissuedOld, "voided": voided,
		"voided with the school": current, "student out of the badge grades": promoted,
	} {
		clearBadgeTries(t, h)
		_, r := badgeSignIn(h, token)
		if r.Status != 401 || r.Code() != "badge_invalid" || r.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s: got %d %s, want 401 badge_invalid and no cookie", name, r.Status, r.Raw)
		}
		if first == nil {
			first = r.Raw
		} else if string(first) != string(r.Raw) {
			t.Errorf("%s: body %s differs from %s", name, r.Raw, first)
		}
	}
	_, r := badgeSignIn(h, strings.Repeat("A", 129))
	if r.Status != 400 {
		t.Errorf("129-character token: got %d %s, want 400", r.Status, r.Raw)
	}
	c := h.Client()
	c.Expect(c.Do(http.MethodPost, "/api/v1/session/badge", `{"token":"x","extra":1}`), 400, "")
	c.Expect(c.Do(http.MethodPost, "/api/v1/session/badge", `{"token":7}`), 400, "")
	if n := h.Count(`select count(*) from student_badges where last_used_at is not null`); n != 0 {
		t.Errorf("%d refused badges were marked used", n)
	}
}

// TestBadgeScope: a teacher of another class gets 404 for a student outside her classes
// (issue and revoke), a teacher cannot void a school (403), a wrong confirmation changes
// nothing (422), and a void ends the school's badges only. Class issue leaves out students
// outside the badge grades and, without reissue, those who have one.
func TestBadgeScope(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc, oc, ac := w.h, w.h.StaffClient(w.teacher), w.h.StaffClient(w.other), w.h.StaffClient(w.admin)
	token, _ := issue(t, tc, w.young.ID)
	oc.Expect(oc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/badge", nil), 404, "not_found")
	oc.Expect(oc.Do(http.MethodDelete, "/api/v1/staff/students/"+w.young.ID+"/badge", nil), 404, "not_found")
	oc.Expect(oc.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/badges", map[string]bool{"reissue": true}), 404, "not_found")
	school := schoolOf(t, h, w.young.ID)
	var code string
	if err := h.Pool.QueryRow(h.Context, `select display_code from schools where id = $1`, school).Scan(&code); err != nil {
		t.Fatal(err)
	}
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/badges/void", map[string]string{"confirmSchoolCode": code}), 403, "not_allowed")
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/badges/void", map[string]string{"confirmSchoolCode": code + "X"}), 422, "confirmation_mismatch")
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/badges/void", map[string]string{}), 400, "")
	if _, r := badgeSignIn(h, token); r.Status != 200 {
		t.Fatalf("badge after refused voids: %d %s, want it still working", r.Status, r.Raw)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'school_badges_voided' and outcome = 'refused'`); n != 2 {
		t.Errorf("refused voids audited: %d, want 2", n)
	}

	// Class issue: the seventh grader is left out; without reissue the young one keeps his.
	cb := tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/badges", map[string]bool{"reissue": false}), 200, "")
	if got := len(cb.Body["badges"].([]any)); got != 0 {
		t.Errorf("class issue without reissue: %d badges, want 0 (the one eligible student has one)", got)
	}
	cb = tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/classes/"+w.classID+"/badges", map[string]bool{"reissue": true}), 200, "")
	list := cb.Body["badges"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["studentId"] != w.young.ID {
		t.Fatalf("class reissue: %s, want the young student's badge only", cb.Raw)
	}
	token = list[0].(map[string]any)["token"].(string)

	// Another school's badge survives this school's void.
	var otherSchool string
	if err := h.Pool.QueryRow(h.Context, `insert into schools (district_id, campus_code, display_code, name)
		select district_id, 'ZB0001', 'ZB', 'Other Elementary' from schools where id = $1 returning id::text`, school).Scan(&otherSchool); err != nil {
		t.Fatal(err)
	}
	moved := h.Student(apitest.StudentOpts{Grade: 2})
	if _, err := h.Pool.Exec(h.Context, `update students set school_id = $2 where id = $1`, moved.ID, otherSchool); err != nil {
		t.Fatal(err)
	}
	dc := h.Client()
	dc.SignInStaff(h.Staff(apitest.StaffOpts{Role: "district_admin"}))
	otherToken, _ := issue(t, dc, moved.ID)
	r := ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/schools/"+school+"/badges/void", map[string]string{"confirmSchoolCode": " " + strings.ToLower(code) + " "}), 200, "")
	if r.Body["voided"] != float64(1) {
		t.Errorf("void: %s, want 1", r.Raw)
	}
	clearBadgeTries(t, h)
	if _, r := badgeSignIn(h, token); r.Status != 401 {
		t.Errorf("voided badge: %d, want 401", r.Status)
	}
	if _, r := badgeSignIn(h, otherToken); r.Status != 200 {
		t.Errorf("other school's badge after the void: %d %s, want 200", r.Status, r.Raw)
	}
	if n := h.Count(`select count(*) from student_badges where revoke_reason = 'voided'`); n != 1 {
		t.Errorf("voided badges: %d, want 1", n)
	}
	// Every action left its event: who, on what, how it ended.
	for _, a := range []struct {
		actor, kind, subject, action, outcome, reason string
		want                                          int
	}{
		{w.teacher.ID, "student", w.young.ID, "badge_issued", "succeeded", "issued", 1},
		{w.teacher.ID, "student", w.young.ID, "badge_issued", "succeeded", "reissued", 1},
		{w.other.ID, "student", w.young.ID, "badge_issued", "refused", "out_of_scope", 1},
		{w.other.ID, "student", w.young.ID, "badge_revoked", "refused", "out_of_scope", 1},
		{w.other.ID, "class", w.classID, "class_badges_issued", "refused", "out_of_scope", 1},
		{w.teacher.ID, "class", w.classID, "class_badges_issued", "succeeded", "missing_only", 1},
		{w.teacher.ID, "class", w.classID, "class_badges_issued", "succeeded", "reissue", 1},
		{w.teacher.ID, "school", school, "school_badges_voided", "refused", "not_allowed", 1},
		{w.admin.ID, "school", school, "school_badges_voided", "refused", "confirmation_mismatch", 1},
		{w.admin.ID, "school", school, "school_badges_voided", "succeeded", "voided:1", 1},
	} {
		if n := h.Count(`select count(*) from audit_events where actor_kind = 'staff' and actor_id = $1 and subject_kind = $2
			and subject_id = $3 and action = $4 and outcome = $5 and reason = $6`,
			a.actor, a.kind, a.subject, a.action, a.outcome, a.reason); n != a.want {
			t.Errorf("audit %+v: %d events, want %d", a, n, a.want)
		}
	}
}

func hasAction(page apitest.Response, action string) bool {
	list, _ := page.Body["allowedActions"].([]any)
	return slices.Contains(list, any(action))
}

func schoolOf(t *testing.T, h *apitest.Harness, studentID string) string {
	t.Helper()
	var id string
	if err := h.Pool.QueryRow(h.Context, `select school_id::text from students where id = $1`, studentID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestBadgeGuardianEmail: issuing a badge (a new way into the account) queues the
// confirmation to the student and the linked guardian, with its audit event, as new pictures
// do; a reissue tells them again. No email carries the badge's token.
func TestBadgeGuardianEmail(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)
	g := h.Guardian(apitest.GuardianOpts{Locale: "es"})
	h.Link(g.ID, w.young.ID, false)
	var issued []apitest.Response
	for range 2 {
		issued = append(issued, tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+w.young.ID+"/badge", nil), 200, ""))
	}
	for _, to := range []string{g.Email, w.young.Email} {
		if n := h.Count(`select count(*) from river_job where kind = 'confirmation_email' and args->>'to' = $1
			and args->>'change' = 'badge_issued' and args->>'path' = 'staff'`, to); n != 2 {
			t.Errorf("badge confirmations queued to %s: %d, want 2", to, n)
		}
	}
	msg := h.WaitForMail(g.Email, nil)
	if !strings.Contains(msg.Text, "tarjeta de acceso") {
		t.Errorf("the guardian's email is not the Spanish badge notice:\n%s", msg.Text)
	}
	for _, b := range issued {
		for _, secret := range []string{b.String("token"), b.String("signInUrl")} {
			if secret == "" || strings.Contains(msg.Text, secret) || strings.Contains(msg.HTML, secret) {
				t.Errorf("the email holds the badge's %q", secret)
			}
		}
	}
}
