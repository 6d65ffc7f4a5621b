package testapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/testapi"
)

func withTestAPI(c *config.Config) { c.TestAPI = true }

// addSchool gives the harness's empty database the school test students go to.
func addSchool(t *testing.T, h *apitest.Harness) {
	t.Helper()
	ctx := context.Background()
	var districtID string
	if err := h.Pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('902', 'E2E District') returning id`).
		Scan(&districtID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Pool.Exec(ctx, `insert into schools (district_id, campus_code, display_code, name)
		values ($1, '90E001', 'E001', 'E2E School')`, districtID); err != nil {
		t.Fatal(err)
	}
}

func create(t *testing.T, c *apitest.Client, body any) apitest.Response {
	t.Helper()
	return c.Expect(c.Do(http.MethodPost, testapi.Path, body), http.StatusCreated, "")
}

func TestCreatedStudentSignsIn(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	c := h.Client()

	r := create(t, c, map[string]any{})
	for _, field := range []string{"id", "username", "email", "studentNumber", "firstName", "lastName", "password"} {
		if r.String(field) == "" {
			t.Errorf("got no %s in %s", field, r.Raw)
		}
	}
	if got, _ := r.Body["grade"].(float64); got != 7 {
		t.Errorf("got grade %v, want the default 7", r.Body["grade"])
	}
	session := h.Client().SignIn(r.String("username"), r.String("password"))
	if account, _ := session.Body["account"].(map[string]any); account["mustChangePassword"] != false {
		t.Errorf("got account %v, want mustChangePassword false", account)
	}
	// Each student is new: a second one gets other names and numbers.
	r2 := create(t, c, map[string]any{})
	for _, field := range []string{"id", "username", "email", "studentNumber", "password"} {
		if r.String(field) == r2.String(field) {
			t.Errorf("two students share %s %q", field, r.String(field))
		}
	}
}

func TestCreatedStudentKeepsEverySecret(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	c := h.Client()
	// The password is stored in its NFKC form, as sign-in checks it: the full-width
	// digit signs in as an ASCII one.
	r := create(t, c, map[string]any{
		"grade": 9, "password": "Velvet-Harbor-７4", "locale": "es", "pin": "507913",
		"answers": []map[string]string{
			{"questionId": "first-pet", "answer": "Mr. Biscuit"},
			{"questionId": "birth-city", "answer": "San Juan"},
			{"questionId": "favorite-food", "answer": "Arroz con pollo"},
		},
	})
	h.Client().SignIn(r.String("username"), "Velvet-Harbor-74")
	if got := h.Count(`select count(*) from students where id = $1 and grade = 9 and locale = 'es'
		and pin_set_at is not null and questions_set_at is not null and password_changed_at is not null`, r.String("id")); got != 1 {
		t.Errorf("got %d rows with the grade, locale and set-at times, want 1", got)
	}

	pinToken := h.Client().ForgotResetTokenByPIN(r.String("username"), "507913")
	if pinToken == "" {
		t.Error("got no reset token for the PIN")
	}
	flow := h.Client()
	start := flow.Expect(flow.ForgotStart(r.String("username")), http.StatusOK, "")
	answers := map[string]string{"first-pet": "mr biscuit", "birth-city": "SANJUAN", "favorite-food": "arroz  con pollo!"}
	var typed [][2]string
	questions, _ := start.Body["questions"].([]any)
	for _, q := range questions {
		id, _ := q.(map[string]any)["id"].(string)
		typed = append(typed, [2]string{id, answers[id]})
	}
	flow.Expect(flow.ForgotVerifyAnswers(start.String("flowToken"), typed), http.StatusOK, "")
}

func TestCreatedDefaultPasswordMustChange(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	r := create(t, h.Client(), map[string]any{"grade": 1, "mustChangePassword": true, "defaultPassword": true})
	if got := h.Count(`select count(*) from students where id = $1 and password_hash is null
		and default_password_sealed is not null and must_change_password and grade = 1`, r.String("id")); got != 1 {
		t.Fatalf("got %d sealed must-change rows, want 1", got)
	}
	session := h.Client().SignIn(r.String("username"), r.String("password"))
	if account, _ := session.Body["account"].(map[string]any); account["mustChangePassword"] != true {
		t.Errorf("got account %v, want mustChangePassword true", account)
	}
}

func TestCreatedStudentHasTheGivenNames(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	addSchool(t, h)
	r := create(t, h.Client(), map[string]any{"firstName": " Sofía ", "lastName": "Ramírez"})
	if r.String("firstName") != "Sofía" || r.String("lastName") != "Ramírez" {
		t.Errorf("got %s, want Sofía Ramírez", r.Raw)
	}
	if got := h.Count(`select count(*) from students where id = $1 and first_name = 'Sofía' and last_name = 'Ramírez'`,
		r.String("id")); got != 1 {
		t.Errorf("got %d rows named Sofía Ramírez, want 1", got)
	}
}

func TestBadRequests(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	c := h.Client()
	c.Expect(c.Do(http.MethodPost, testapi.Path, map[string]any{}), http.StatusConflict, "no_school")
	addSchool(t, h)
	for name, body := range map[string]string{
		"invalid grade":    `{"grade": 14}`,
		"unknown locale":   `{"locale": "fr"}`,
		"unknown question": `{"answers": [{"questionId": "teacher-name", "answer": "Smith"}]}`,
		"repeated question": `{"answers": [{"questionId": "first-pet", "answer": "Rex"},
			{"questionId": "first-pet", "answer": "Max"}]}`,
		"misspelt option": `{"mustChange": true}`,
		"blank name":      `{"firstName": "  "}`,
		"not JSON":        `grade=3`,
	} {
		t.Run(name, func(t *testing.T) {
			r := c.Do(http.MethodPost, testapi.Path, body)
			if r.Status != http.StatusBadRequest || r.String("message") == "" {
				t.Errorf("got %d %s, want 400 with a message", r.Status, r.Raw)
			}
		})
	}
}

func TestOffByDefault(t *testing.T) {
	h := apitest.New(t)
	addSchool(t, h)
	c := h.Client()
	c.Expect(c.Do(http.MethodPost, testapi.Path, map[string]any{}), http.StatusNotFound, "not_found")
	if got := h.Count(`select count(*) from students`); got != 0 {
		t.Errorf("got %d students, want none", got)
	}
}

func TestWarnsWhenOn(t *testing.T) {
	h := apitest.New(t, apitest.WithConfig(withTestAPI))
	if logs := h.Logs.String(); !strings.Contains(logs, `"level":"WARN"`) || !strings.Contains(logs, "PORTAL_TEST_API is on") {
		t.Errorf("got logs %s, want a warning that the test API is on", logs)
	}
	off := apitest.New(t)
	if strings.Contains(off.Logs.String(), "PORTAL_TEST_API") {
		t.Errorf("got a test API warning with the API off")
	}
}
