package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{
		"PORTAL_DIRECTORY_URL": "ldap://ldap.district.example", "PORTAL_DIRECTORY_KIND": "openldap",
		"PORTAL_DIRECTORY_BIND_DN": "cn=portal,dc=district,dc=example", "PORTAL_DIRECTORY_BIND_PASSWORD": "s3cret",
		"PORTAL_DIRECTORY_BASE_DN": "ou=students,dc=district,dc=example",
	}
	with := func(kv ...string) map[string]string {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    Directory
		wantErr string
	}{
		{name: "none", env: map[string]string{}},
		{name: "openldap with the defaults", env: base, want: Directory{URL: "ldap://ldap.district.example", Kind: "openldap",
			BindDN: "cn=portal,dc=district,dc=example", BindPassword: "s3cret", BaseDN: "ou=students,dc=district,dc=example",
			UsernameAttribute: "uid", TLS: "none"}},
		{name: "ldaps means tls", env: with("PORTAL_DIRECTORY_URL", "ldaps://dc1.district.example", "PORTAL_DIRECTORY_KIND", "activedirectory",
			"PORTAL_DIRECTORY_USERNAME_ATTRIBUTE", "sAMAccountName"),
			want: Directory{URL: "ldaps://dc1.district.example", Kind: "activedirectory", BindDN: "cn=portal,dc=district,dc=example",
				BindPassword: "s3cret", BaseDN: "ou=students,dc=district,dc=example", UsernameAttribute: "sAMAccountName", TLS: "tls"}},
		{name: "half a configuration", env: map[string]string{"PORTAL_DIRECTORY_BIND_DN": "cn=x"},
			wantErr: "PORTAL_DIRECTORY_BIND_DN is set but PORTAL_DIRECTORY_URL is empty"},
		{name: "no password", env: with("PORTAL_DIRECTORY_BIND_PASSWORD", ""), wantErr: "the service account's password is missing"},
		{name: "unknown kind", env: with("PORTAL_DIRECTORY_KIND", "novell"), wantErr: `the directory kind "novell" is unknown`},
		{name: "bad tls", env: with("PORTAL_DIRECTORY_TLS", "yes"), wantErr: "PORTAL_DIRECTORY_TLS \"yes\": want none, starttls or tls"},
		{name: "tls on ldap://", env: with("PORTAL_DIRECTORY_TLS", "tls"), wantErr: "needs an ldaps:// address"},
		{name: "none on ldaps://", env: with("PORTAL_DIRECTORY_URL", "ldaps://x.example", "PORTAL_DIRECTORY_TLS", "none"),
			wantErr: "always encrypted"},
		{name: "AD in clear", env: with("PORTAL_DIRECTORY_KIND", "activedirectory"), wantErr: "only over an encrypted connection"},
		{name: "missing CA file", env: with("PORTAL_DIRECTORY_CA_FILE", filepath.Join(dir, "nope.pem")), wantErr: "cannot be read"},
		{name: "CA file not PEM", env: with("PORTAL_DIRECTORY_CA_FILE", notPEM), wantErr: "holds no PEM certificate"},
		{name: "bad URL", env: with("PORTAL_DIRECTORY_URL", "http://ldap.example"), wantErr: "must start with ldap:// or ldaps://"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(name string) string { return tc.env[name] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if c.Directory != tc.want {
				t.Errorf("got %+v, want %+v", c.Directory, tc.want)
			}
		})
	}
}
