package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// badgeWorld is a school with a first grader and a seventh grader in one teacher's class, a
// first grader in another teacher's class, and a school admin.
type badgeWorld struct {
	h                     *apitest.Harness
	young, old, elsewhere apitest.Student
	teacher, other, admin *apitest.StaffMember
	classID               string
}

func newBadgeWorld(t *testing.T, opts ...apitest.Option) badgeWorld {
	h := apitest.New(t, opts...)
	w := badgeWorld{h: h}
	w.young = h.Student(apitest.StudentOpts{Grade: 1})
	w.old = h.Student(apitest.StudentOpts{Grade: 7})
	w.elsewhere = h.Student(apitest.StudentOpts{Grade: 1})
	w.teacher = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "1-A", StudentIDs: []string{w.young.ID, w.old.ID}}}})
	w.other = h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "1-B", StudentIDs: []string{w.elsewhere.ID}}}})
	w.admin = h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	if err := h.Pool.QueryRow(h.Context, `select id::text from classes where class_number = '1-A'`).Scan(&w.classID); err != nil {
		t.Fatal(err)
	}
	return w
}

// issue issues st's badge through the staff API and returns the answer's token.
func issue(t *testing.T, c *apitest.Client, studentID string) (token, badgeID string) {
	t.Helper()
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/students/"+studentID+"/badge", nil), 200, "")
	return r.String("token"), r.String("badgeId")
}

// badgeSignIn posts token from a new client and returns the client and the answer.
func badgeSignIn(h *apitest.Harness, token string) (*apitest.Client, apitest.Response) {
	c := h.Client()
	r := c.Do(http.MethodPost, "/api/v1/session/badge", map[string]string{"token": token})
	c.CSRF = r.String("csrfToken")
	return c, r
}

// clearBadgeTries forgets the badge sign-in tries, so a test's many sign-ins from the one
// test address stay under the per-address limit.
func clearBadgeTries(t *testing.T, h *apitest.Harness) {
	t.Helper()
	if _, err := h.Pool.Exec(h.Context, `delete from badge_attempts`); err != nil {
		t.Fatal(err)
	}
}
