package config

import (
	"strings"
	"testing"
)

func TestLoadSSO(t *testing.T) {
	full := func(change map[string]string) map[string]string {
		env := map[string]string{
			"PORTAL_SSO_ISSUER": "https://accounts.google.com", "PORTAL_SSO_CLIENT_ID": "portal",
			"PORTAL_SSO_CLIENT_SECRET": "s3cret", "PORTAL_SSO_EMAIL_DOMAIN": "@Riverside.K12.example",
			"PORTAL_SSO_LABEL": "  Riverside   Google ",
		}
		for k, v := range change {
			env[k] = v
		}
		return env
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    SSO
		wantErr string
	}{
		{name: "off by default", env: map[string]string{}},
		{name: "a full provider", env: full(nil), want: SSO{Issuer: "https://accounts.google.com", ClientID: "portal",
			ClientSecret: "s3cret", EmailDomain: "riverside.k12.example", Label: "Riverside Google"}},
		{name: "the portal's second factor required", env: full(map[string]string{"PORTAL_SSO_REQUIRE_PORTAL_SECOND_FACTOR": "true"}),
			want: SSO{Issuer: "https://accounts.google.com", ClientID: "portal", ClientSecret: "s3cret",
				EmailDomain: "riverside.k12.example", Label: "Riverside Google", RequirePortalSecondFactor: true}},
		{name: "plain http on this machine", env: full(map[string]string{"PORTAL_SSO_ISSUER": "http://127.0.0.1:9000"}),
			want: SSO{Issuer: "http://127.0.0.1:9000", ClientID: "portal", ClientSecret: "s3cret",
				EmailDomain: "riverside.k12.example", Label: "Riverside Google"}},
		{name: "plain http elsewhere", env: full(map[string]string{"PORTAL_SSO_ISSUER": "http://idp.example"}), wantErr: "want https"},
		{name: "not a URL", env: full(map[string]string{"PORTAL_SSO_ISSUER": "accounts.google.com"}), wantErr: "issuer URL"},
		{name: "no client id", env: full(map[string]string{"PORTAL_SSO_CLIENT_ID": ""}), wantErr: "PORTAL_SSO_CLIENT_ID is required"},
		{name: "no email domain", env: full(map[string]string{"PORTAL_SSO_EMAIL_DOMAIN": ""}), wantErr: "PORTAL_SSO_EMAIL_DOMAIN"},
		{name: "an email, not a domain", env: full(map[string]string{"PORTAL_SSO_EMAIL_DOMAIN": "it@riverside.example"}), wantErr: "PORTAL_SSO_EMAIL_DOMAIN"},
		{name: "no label", env: full(map[string]string{"PORTAL_SSO_LABEL": " "}), wantErr: "PORTAL_SSO_LABEL is required"},
		{name: "second factor not a boolean", env: full(map[string]string{"PORTAL_SSO_REQUIRE_PORTAL_SECOND_FACTOR": "maybe"}), wantErr: "want true or false"},
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
			if c.SSO != tc.want {
				t.Errorf("got %+v, want %+v", c.SSO, tc.want)
			}
		})
	}
	if got := (SSO{}).RedirectURL("https://portal.riverside.example/"); got != "https://portal.riverside.example/api/v1/staff/sso/callback" {
		t.Errorf("got redirect URL %q", got)
	}
}
