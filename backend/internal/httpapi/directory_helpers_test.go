package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
)

// withDirectory makes the portal write student passwords back to s (ou=students, as the
// service account), retrying fast: 50 ms doubling up to 400 ms.
func withDirectory(s *slapdtest.Server, change ...func(*config.Directory)) apitest.Option {
	return apitest.WithConfig(func(c *config.Config) {
		c.Directory = config.Directory{URL: s.URL, Kind: "openldap", BindDN: slapdtest.ServiceDN,
			BindPassword: slapdtest.ServicePW, BaseDN: slapdtest.StudentsDN, UsernameAttribute: "uid", TLS: "none",
			RetryBase: 50 * time.Millisecond, RetryCap: 400 * time.Millisecond}
		for _, f := range change {
			f(&c.Directory)
		}
	})
}

// inDirectory creates a portal student with the same username and password in s.
func inDirectory(h *apitest.Harness, s *slapdtest.Server, o apitest.StudentOpts) apitest.Student {
	h.T.Helper()
	st := h.Student(o)
	s.AddStudent(st.Username, st.Password)
	return st
}

// waitForBind waits up to 15 s for the directory to accept uid's password, then checks
// that it refuses each of the old ones.
func waitForBind(t *testing.T, s *slapdtest.Server, uid, password string, old ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := s.BindStudent(uid, password)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the directory does not accept %s's new password after 15 s: %v", uid, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, pw := range old {
		if err := s.BindStudent(uid, pw); !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			t.Errorf("%s's old password %q: got %v, want invalid credentials", uid, pw, err)
		}
	}
}

// waitNoPending waits up to timeout until no directory write is pending.
func waitNoPending(t *testing.T, h *apitest.Harness, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for h.Count(`select count(*) from directory_writes where state = 'pending'`) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("directory writes still pending after %v: %s", timeout,
				h.Text(`select coalesce(string_agg(state || ' ' || last_error, '; '), '') from directory_writes where state = 'pending'`))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// directoryState is the student's directory state on the By Student page, as c sees it.
func directoryState(t *testing.T, c *apitest.Client, studentID string) map[string]any {
	t.Helper()
	r := c.Expect(c.Do(http.MethodGet, "/api/v1/staff/students/"+studentID, nil), http.StatusOK, "")
	d, _ := r.Body["directory"].(map[string]any)
	if d == nil {
		t.Fatalf("no directory state on the page: %s", r.Raw)
	}
	return d
}

// noSecretLeft fails unless no directory write holds a sealed password any more.
func noSecretLeft(t *testing.T, h *apitest.Harness) {
	t.Helper()
	if n := h.Count(`select count(*) from directory_writes where password_sealed is not null or password_key_id is not null`); n != 0 {
		t.Errorf("%d directory writes still hold a sealed password after they ended", n)
	}
	var args string
	if err := h.Pool.QueryRow(context.Background(), `select coalesce(string_agg(args::text, ','), '') from river_job
		where kind = 'directory_write'`).Scan(&args); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"password", "sealed"} {
		if strings.Contains(strings.ToLower(args), bad) {
			t.Errorf("a directory job's args hold %q: %s", bad, args)
		}
	}
}
