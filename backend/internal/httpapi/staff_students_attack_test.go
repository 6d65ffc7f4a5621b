package httpapi_test

import (
	"bytes"
	"crypto/rand"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestStaffStudentsAttacks: a teacher guessing 1,000 student ids outside her classes over
// HTTP gets the same 404 body every time and changes nothing; a NUL byte in the search, an
// oversized reset body, another site's request and a guardian's cookie are refused.
func TestStaffStudentsAttacks(t *testing.T) {
	h := apitest.New(t)
	mine := h.Student(apitest.StudentOpts{})
	others := []apitest.Student{h.Student(apitest.StudentOpts{}), h.Student(apitest.StudentOpts{})}
	teacher := h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "7-B", StudentIDs: []string{mine.ID}}}})
	c := h.Client()
	c.SignInStaff(teacher)
	versions := func() int {
		return h.Count(`select sum(token_version) + count(default_password_sealed) from students`)
	}
	before := versions()
	var first []byte
	for i := range 1000 {
		id := uuid.Must(uuid.NewRandomFromReader(rand.Reader)).String()
		if i%10 == 0 {
			id = others[i%len(others)].ID
		}
		var r apitest.Response
		switch i % 3 {
		case 0:
			r = c.Do(http.MethodGet, "/api/v1/staff/students/"+id, nil)
		case 1:
			r = c.Do(http.MethodPost, "/api/v1/staff/students/"+id+"/password", map[string]any{"mode": "generated", "mustChange": true})
		default:
			r = c.Do(http.MethodPost, "/api/v1/staff/students/"+id+"/unlock", map[string]any{"what": []string{"recovery"}})
		}
		if first == nil {
			first = r.Raw
		}
		if r.Status != http.StatusNotFound || !bytes.Equal(r.Raw, first) {
			t.Fatalf("guess %d: got %d %s, want the same 404 as %s", i, r.Status, r.Raw, first)
		}
	}
	if after := versions(); after != before {
		t.Errorf("1,000 refused guesses changed passwords: %d, was %d", after, before)
	}
	if got := h.Count(`select count(*) from audit_events where actor_id = $1 and outcome = 'refused'`, teacher.ID); got != 1000 {
		t.Errorf("got %d refusals audited, want 1000", got)
	}

	c.Expect(c.Do(http.MethodGet, "/api/v1/staff/students?q=ro%00bin", nil), 400, "")
	big := `{"mode":"generated","mustChange":true,"pad":"` + strings.Repeat("7", 65*1024) + `"}`
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/password", big), 413, "body_too_large")
	c.Expect(c.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/unlock", map[string]any{"what": []string{"sign_in"}},
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"), 403, "cross_site_request")

	g := h.Guardian(apitest.GuardianOpts{})
	h.Link(g.ID, mine.ID, false)
	gc := h.Client()
	gc.FamilySignIn(g.Email, g.Password)
	gc.Expect(gc.Do(http.MethodGet, "/api/v1/staff/students/"+mine.ID, nil), 401, "")
	gc.Expect(gc.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/password", map[string]any{"mode": "generated", "mustChange": true}), 401, "")
}
