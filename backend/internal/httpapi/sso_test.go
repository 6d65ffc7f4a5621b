package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/testop"
)

// TestSSOSignIn signs a district admin in at the provider, with the email at the userinfo
// endpoint (zitadel's default) and in the ID token (as Google does): the session works,
// its role is the portal's, the success is audited, and the state is spent.
func TestSSOSignIn(t *testing.T) {
	for _, inToken := range []bool{false, true} {
		t.Run(map[bool]string{false: "email from userinfo", true: "email in the ID token"}[inToken], func(t *testing.T) {
			op, p := opServer(t, testop.Options{EmailInIDToken: inToken})
			h := ssoPortal(t, op.URL, p)
			m := h.Staff(apitest.StaffOpts{Role: policy.RoleDistrictAdmin, NotEnrolled: true})
			p.AddUser(ssoUser(m.Email))

			b := newBrowser(t, h, false)
			if got := b.signIn(h.Server.URL, strings.ToUpper(m.Email)); got != "/staff" {
				t.Fatalf("got redirect %q, want /staff", got)
			}
			if b.cookie(h.Server.URL, apitest.StaffCookieName) == "" {
				t.Fatal("got no session cookie, want one")
			}
			r := b.Expect(b.Do(http.MethodGet, "/api/v1/staff/session", nil), 200, "")
			staff, _ := r.Body["staff"].(map[string]any)
			if staff["id"] != m.ID || staff["role"] != string(policy.RoleDistrictAdmin) || r.String("secondFactorAt") == "" {
				t.Errorf("got session %s, want %s as district admin with the second factor proven", r.Raw, m.ID)
			}
			if n := h.Count(`select count(*) from audit_events where action = 'staff_sign_in_sso' and outcome = 'succeeded'
				and actor_id = $1 and reason = 'provider_second_factor'`, m.ID); n != 1 {
				t.Errorf("got %d success events, want 1", n)
			}
			if n := h.Count(`select count(*) from sso_states`); n != 0 {
				t.Errorf("got %d stored states after the sign-in, want 0", n)
			}
		})
	}
}
