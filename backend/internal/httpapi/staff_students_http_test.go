package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// TestStaffByStudentHTTP walks the By Student routes as a teacher and a school admin: what
// each finds, the page, the refusals and their codes, a reset with its emails, the school
// password, an unlock, an access code, and the audit view with its CSV.
func TestStaffByStudentHTTP(t *testing.T) {
	h := apitest.New(t)
	mine := h.Student(apitest.StudentOpts{Grade: 5, DefaultPassword: true, Password: "Maple-Kite-31"})
	other := h.Student(apitest.StudentOpts{Grade: 5})
	teacher := h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "5-A", StudentIDs: []string{mine.ID}}}})
	admin := h.Staff(apitest.StaffOpts{Role: policy.RoleSchoolAdmin})
	tc := h.Client()
	tc.SignInStaff(teacher)

	r := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students?q="+url.QueryEscape(mine.StudentNumber), nil), 200, "")
	if students, _ := r.Body["students"].([]any); len(students) != 1 {
		t.Fatalf("teacher searching her student: got %s", r.Raw)
	}
	r = tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students?q="+other.StudentNumber, nil), 200, "")
	if students, _ := r.Body["students"].([]any); len(students) != 0 {
		t.Errorf("teacher searching another class's student: got %s", r.Raw)
	}
	tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students?q=x", nil), 422, "search_too_short")
	r = tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+mine.ID, nil), 200, "")
	if r.String("schoolIssuedPassword") != "available" || !strings.Contains(string(r.Raw), `"allowedActions":["reset_password","view_school_password","unlock","issue_badge","set_pictures"]`) {
		t.Errorf("page: got %s", r.Raw)
	}
	tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/students/"+other.ID, nil), 404, "not_found")
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/access-code", nil), 403, "not_allowed")
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+other.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}), 404, "not_found")
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/password",
		map[string]any{"mode": "typed", "mustChange": true}), 400, "")
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/password",
		map[string]any{"mode": "typed", "newPassword": "short", "confirmPassword": "short", "mustChange": true}), 422, "password_rules")
	tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/password",
		map[string]any{"mode": "generated", "mustChange": true}, "X-CSRF-Token", ""), 403, "csrf_token_invalid")

	ac := h.Client()
	ac.SignInStaff(admin)
	shown := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/students/"+mine.ID+"/school-issued-password", nil), 200, "")
	if shown.String("password") != "Maple-Kite-31" {
		t.Errorf("school password: got %s", shown.Raw)
	}
	r = tc.Expect(tc.Do(http.MethodPost, "/api/v1/staff/students/"+mine.ID+"/password",
		map[string]any{"mode": "typed", "newPassword": "Violet-Harbor-82", "confirmPassword": "Violet-Harbor-82", "mustChange": true}), 200, "")
	if _, ok := r.Body["generatedPassword"]; ok {
		t.Errorf("typed reset returned a password: %s", r.Raw)
	}
	h.WaitForMail(mine.Email, nil)
	ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/students/"+mine.ID+"/school-issued-password", nil), 410, "school_password_replaced")
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/students/"+other.ID+"/unlock", map[string]any{"what": []string{"recovery", "sign_in"}}), 200, "")
	ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/students/"+other.ID+"/unlock", map[string]any{"what": []string{"door"}}), 400, "")
	letter := ac.Expect(ac.Do(http.MethodPost, "/api/v1/staff/students/"+other.ID+"/access-code", nil), 200, "")
	if len(letter.String("code")) != 14 || letter.String("locale") != "en" {
		t.Errorf("letter: got %s", letter.Raw)
	}

	page := ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/audit?path=staff", nil), 200, "")
	if events, _ := page.Body["events"].([]any); len(events) < 5 {
		t.Errorf("audit: got %s", page.Raw)
	}
	ac.Expect(ac.Do(http.MethodGet, "/api/v1/staff/audit?student=12", nil), 422, "invalid_filter")
	csv := ac.Do(http.MethodGet, "/api/v1/staff/audit.csv?student="+mine.StudentNumber, nil)
	if csv.Status != 200 || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(string(csv.Raw), "time,actor kind,actor,") || !strings.Contains(string(csv.Raw), "password_changed") {
		t.Errorf("csv: got %d %s\n%s", csv.Status, csv.Header.Get("Content-Type"), csv.Raw)
	}

	// A student's session is no staff session.
	sc := h.Client()
	sc.SignIn(other.Username, other.Password)
	sc.Expect(sc.Do(http.MethodGet, "/api/v1/staff/students?q=ro", nil), 401, "")
}
