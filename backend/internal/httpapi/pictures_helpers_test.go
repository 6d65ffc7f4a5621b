package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// picturesOf reads the pictures of an IssuedPictures answer.
func picturesOf(r apitest.Response) []string {
	return stringsOf(r.Body["pictures"])
}

// stringsOf converts a decoded JSON array of strings.
func stringsOf(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, len(raw))
	for i, x := range raw {
		out[i], _ = x.(string)
	}
	return out
}

// setPictures sets st's pictures through the staff API (chosen, or drawn when nil) and
// returns them.
func setPictures(t *testing.T, c *apitest.Client, studentID string, chosen []string) []string {
	t.Helper()
	body := map[string]any{}
	if chosen != nil {
		body["pictures"] = chosen
	}
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/students/"+studentID+"/pictures", body), 200, "")
	return picturesOf(r)
}

// pictureSignIn posts a picture sign-in from a new client and returns the client (with the
// session's CSRF token when it signed in) and the answer. headers go with the request.
func pictureSignIn(h *apitest.Harness, body any, headers ...string) (*apitest.Client, apitest.Response) {
	c := h.Client()
	r := c.Do(http.MethodPost, "/api/v1/session/pictures", body, headers...)
	c.CSRF = r.String("csrfToken")
	return c, r
}

// byUsername is a picture sign-in body naming the student by username.
func byUsername(username string, pictures []string) map[string]any {
	return map[string]any{"username": username, "pictures": pictures}
}

// byClass is a picture sign-in body naming the student by class code and id.
func byClass(code, studentID string, pictures []string) map[string]any {
	return map[string]any{"classCode": code, "studentId": studentID, "pictures": pictures}
}

// clearPictureTries forgets the per-address picture tries, so a test's many sign-ins from
// the one test address stay under the limit.
func clearPictureTries(t *testing.T, h *apitest.Harness) {
	t.Helper()
	if _, err := h.Pool.Exec(h.Context, `delete from badge_attempts where attempt_key like 'picture-ip:%'`); err != nil {
		t.Fatal(err)
	}
}

// pictureRow is a student's stored picture password as the tests read it.
type pictureRow struct {
	hash   string
	tries  int
	locked bool
	used   bool
}

// pictureRowOf reads st's stored picture password; ok is false when there is none.
func pictureRowOf(t *testing.T, h *apitest.Harness, studentID string) (pictureRow, bool) {
	t.Helper()
	var r pictureRow
	err := h.Pool.QueryRow(h.Context, `select hash, failed_tries, locked_at is not null, last_used_at is not null
		from student_pictures where student_id = $1`, studentID).Scan(&r.hash, &r.tries, &r.locked, &r.used)
	if err != nil {
		return pictureRow{}, false
	}
	return r, true
}

// otherPictures returns 3 different pictures that are not want in order.
func otherPictures(want []string) []string {
	out := []string{want[1], want[0], want[2]}
	return out
}
