package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestStaffSignedInReadIsOneQuery: a signed-in staff read costs one query, the staff member
// with their second factors and whether the session was signed out, like the others.
func TestStaffSignedInReadIsOneQuery(t *testing.T) {
	counter := &queryCounter{sql: map[string][]string{}}
	h := apitest.New(t, apitest.WithQueryTracer(counter))
	m := h.Staff(apitest.StaffOpts{})
	c := h.Client()
	c.SignInStaff(m)
	const ua = "query-count /staff/session"
	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/session", nil, "User-Agent", ua), http.StatusOK, "")
	if got := counter.queries(ua); len(got) != 1 {
		t.Errorf("GET /staff/session: got %d queries %q, want 1", len(got), got)
	}
}
