package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// TestStaffMembersAndReset: a district admin finds the district's staff (accents and case
// ignored) and resets a teacher's second factor; other roles, other districts, their own
// account and a stale second factor are refused, each changing nothing.
func TestStaffMembersAndReset(t *testing.T) {
	h := apitest.New(t)
	admin := h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin})
	teacher := h.Staff(apitest.StaffOpts{})
	if _, err := h.Pool.Exec(h.Context, `update staff set last_name = 'Álvarez' where id = $1`, teacher.ID); err != nil {
		t.Fatal(err)
	}
	principal := h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	outsider := h.Staff(apitest.StaffOpts{OtherDistrict: true})
	teacherSession := h.Client()
	teacherSession.SignInStaff(teacher)

	c := h.Client()
	c.SignInStaff(admin)
	r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/members?q=alva", nil), 200, "")
	var list []any
	if err := json.Unmarshal(r.Raw, &list); err != nil || len(list) != 1 || list[0].(map[string]any)["id"] != teacher.ID ||
		list[0].(map[string]any)["secondFactorEnrolled"] != true {
		t.Errorf("got %s, want the teacher only, enrolled", r.Raw)
	}
	r = c.Expect(c.Do(http.MethodGet, "/api/v1/staff/members", nil), 200, "")
	if err := json.Unmarshal(r.Raw, &list); err != nil || len(list) != 3 || strings.Contains(string(r.Raw), outsider.ID) {
		t.Errorf("got %s, want the three staff of the district and not the outsider", r.Raw)
	}

	reset := func(c *apitest.Client, id string) apitest.Response {
		return c.Do(http.MethodDelete, "/api/v1/staff/members/"+id+"/second-factor", nil)
	}
	c.Expect(reset(c, outsider.ID), http.StatusNotFound, "not_found")
	c.Expect(reset(c, "not-a-uuid"), http.StatusNotFound, "not_found")
	c.Expect(reset(c, admin.ID), http.StatusForbidden, "own_account")
	p := h.Client()
	p.SignInStaff(principal)
	p.Expect(reset(p, teacher.ID), http.StatusForbidden, "not_allowed")
	teacherSession.Expect(teacherSession.Do(http.MethodGet, "/api/v1/staff/members", nil), http.StatusForbidden, "not_allowed")
	teacherSession.Expect(reset(teacherSession, principal.ID), http.StatusForbidden, "not_allowed")

	// A session whose second factor is six minutes old must prove it again first.
	stale, _, err := h.TokenIssuer().IssueStaff(tokens.Session, admin.ID, 1,
		tokens.StaffTimes{SignInAt: time.Now().Add(-time.Hour), SecondFactorAt: time.Now().Add(-6 * time.Minute)}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	r = staffWith(h, http.MethodGet, "/api/v1/staff/session", apitest.StaffCookieName, stale, "")
	r = staffWith(h, http.MethodDelete, "/api/v1/staff/members/"+teacher.ID+"/second-factor", apitest.StaffCookieName, stale, r.String("csrfToken"))
	if r.Status != 403 || r.Code() != "second_factor_stale" {
		t.Errorf("stale second factor: got %d %s, want 403 second_factor_stale", r.Status, r.Raw)
	}
	if n := h.Count(`select count(*) from staff where id = $1 and totp_sealed is not null`, teacher.ID); n != 1 {
		t.Fatal("a refused reset removed the authenticator")
	}

	c.Expect(reset(c, teacher.ID), http.StatusNoContent, "")
	for what, q := range map[string]string{
		"authenticator":  `select count(*) from staff where id = $1 and (totp_sealed is not null or totp_enrolled_at is not null)`,
		"recovery codes": `select count(*) from staff_recovery_codes where staff_id = $1`,
		"passkeys":       `select count(*) from staff_passkeys where staff_id = $1`,
	} {
		if n := h.Count(q, teacher.ID); n != 0 {
			t.Errorf("after the reset: got %d %s, want none", n, what)
		}
	}
	teacherSession.Expect(teacherSession.Do(http.MethodGet, "/api/v1/staff/me/passkeys", nil), 401, "not_signed_in")
	h.WaitForMail(teacher.Email, func(msg mailcatcher.Message) bool { return strings.Contains(msg.Subject, "second step was reset") })
	if n := h.Count(`select count(*) from audit_events where action = 'staff_second_factor_reset' and actor_id = $1
		and subject_id = $2 and outcome = 'succeeded'`, admin.ID, teacher.ID); n != 1 {
		t.Errorf("got %d resets audited, want 1", n)
	}
	if n := h.Count(`select count(*) from audit_events where action = 'staff_second_factor_reset' and outcome = 'refused'`); n != 6 {
		t.Errorf("got %d refused resets audited, want 6", n)
	}
	// The teacher's next sign-in enrols anew.
	again := h.Client()
	r = again.Expect(again.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": teacher.Email, "password": teacher.Password}), 200, "")
	if r.String("step") != "enrol_totp" {
		t.Errorf("got step %q after the reset, want enrol_totp", r.String("step"))
	}
}
