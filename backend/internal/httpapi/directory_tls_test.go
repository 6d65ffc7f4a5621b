package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// TestDirectoryOverTLS: the portal writes through ldaps:// (PORTAL_DIRECTORY_TLS=tls) and
// through StartTLS, trusting the directory's CA from PORTAL_DIRECTORY_CA_FILE.
func TestDirectoryOverTLS(t *testing.T) {
	s := slapdtest.StartTLS(t)
	for _, tc := range []struct{ name, url, mode string }{{"ldaps", s.LDAPSURL, "tls"}, {"StartTLS", s.URL, "starttls"}} {
		t.Run(tc.name, func(t *testing.T) {
			h := apitest.New(t, withDirectory(s, func(d *config.Directory) { d.URL, d.TLS, d.CAFile = tc.url, tc.mode, s.CAFile }))
			st := h.Student(apitest.StudentOpts{})
			s.AddStudent(st.Username, st.Password)
			dist := h.StaffClient(h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin}))
			if r := dist.Expect(dist.Do(http.MethodPost, directoryTestPath, nil), http.StatusOK, ""); r.Body["ok"] != true {
				t.Errorf("test: got %s", r.Raw)
			}
			const pw = "Secure-Channel-93"
			dist.Expect(dist.Do(http.MethodPost, "/api/v1/staff/students/"+st.ID+"/password", map[string]any{
				"mode": "typed", "newPassword": pw, "confirmPassword": pw, "mustChange": false}), http.StatusOK, "")
			waitForBind(t, s, st.Username, pw, st.Password)
		})
	}
}
