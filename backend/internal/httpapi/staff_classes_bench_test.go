package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
)

// benchClassSize is the class of the target: a bulk reset of 40 students in at most
// 1 s, in either mode.
const benchClassSize = 40

// BenchmarkClassReset measures whole bulk resets of a 40-student class (each student with a
// guardian, so 80 emails queued in the transaction) through the HTTP API with the
// production hash parameters: "generated" seals a password each and hashes nothing, "one"
// hashes the typed password once for the class.
func BenchmarkClassReset(b *testing.B) {
	params := accounts.ProductionHashParams()
	h := apitest.New(b, apitest.WithConfig(func(c *config.Config) {
		c.HashTime, c.HashMemoryKiB = params.Time, params.MemoryKiB
	}))
	ids := make([]string, benchClassSize)
	for i := range ids {
		st := h.Student(apitest.StudentOpts{})
		g := h.Guardian(apitest.GuardianOpts{})
		h.Link(g.ID, st.ID, false)
		ids[i] = st.ID
	}
	teacher := h.Staff(apitest.StaffOpts{Classes: []apitest.StaffClass{{Number: "B-40", StudentIDs: ids}}})
	c := h.Client()
	c.SignInStaff(teacher)
	r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/classes", nil), 200, "")
	classID := r.Body["schools"].([]any)[0].(map[string]any)["classes"].([]any)[0].(map[string]any)["id"].(string)
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"generated", map[string]any{"students": "all", "mode": "generated", "mustChange": true}},
		{"one", map[string]any{"students": ids, "mode": "one", "newPassword": "Violet-Harbor-82",
			"confirmPassword": "Violet-Harbor-82", "mustChange": true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				r := c.Do(http.MethodPost, "/api/v1/staff/classes/"+classID+"/reset", tc.body)
				if r.Status != http.StatusOK {
					b.Fatalf("bulk reset: %d %s", r.Status, r.Raw)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/class")
		})
	}
}
