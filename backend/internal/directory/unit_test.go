package directory_test

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/directory"
)

func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return l.Addr().String()
}

func TestUnicodePwd(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []byte
	}{
		// The example of Microsoft's documentation: "newPassword" in quotes, UTF-16LE.
		{"ab", []byte{'"', 0, 'a', 0, 'b', 0, '"', 0}},
		{"", []byte{'"', 0, '"', 0}},
		{"é", []byte{'"', 0, 0xe9, 0, '"', 0}},
		{"€", []byte{'"', 0, 0xac, 0x20, '"', 0}},
		// Outside the BMP: a surrogate pair, each unit little-endian.
		{"😀", []byte{'"', 0, 0x3d, 0xd8, 0x00, 0xde, '"', 0}},
		// A quote inside the password is sent as is (AD takes the outer pair only).
		{`a"b`, []byte{'"', 0, 'a', 0, '"', 0, 'b', 0, '"', 0}},
	} {
		got, err := directory.UnicodePwd(tc.in)
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if !bytes.Equal(got, tc.want) {
			t.Errorf("%q: got % x, want % x", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{"a\x00b", "a\xffb"} {
		if _, err := directory.UnicodePwd(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := directory.Config{
		URL:          "ldap://ldap.example.org",
		BindDN:       "cn=portal,dc=example,dc=org",
		BindPassword: "secret",
		BaseDN:       "ou=students,dc=example,dc=org",
		Flavor:       directory.FlavorOpenLDAP,
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	for _, tc := range []struct {
		name string
		mod  func(*directory.Config)
		want string // "" for valid
	}{
		{"ldaps with port", func(c *directory.Config) { c.URL = "ldaps://dc1.example.org:636" }, ""},
		{"StartTLS", func(c *directory.Config) { c.StartTLS = true }, ""},
		{"AD over ldaps", func(c *directory.Config) {
			c.URL, c.Flavor, c.UsernameAttribute = "ldaps://dc1.example.org", directory.FlavorActiveDirectory, "sAMAccountName"
		}, ""},
		{"AD with StartTLS", func(c *directory.Config) { c.Flavor, c.StartTLS = directory.FlavorActiveDirectory, true }, ""},
		{"timeout", func(c *directory.Config) { c.Timeout = 3 * time.Second }, ""},
		{"no URL", func(c *directory.Config) { c.URL = "" }, "address is missing"},
		{"http URL", func(c *directory.Config) { c.URL = "http://ldap.example.org" }, "must start with ldap:// or ldaps://"},
		{"bare host", func(c *directory.Config) { c.URL = "ldap.example.org" }, "must start with ldap:// or ldaps://"},
		{"no host", func(c *directory.Config) { c.URL = "ldap://" }, "names no server"},
		{"a path", func(c *directory.Config) { c.URL = "ldap://h/dc=example,dc=org" }, "only ldap[s]://host[:port]"},
		{"StartTLS on ldaps", func(c *directory.Config) { c.URL, c.StartTLS = "ldaps://h", true }, "already encrypted"},
		{"no bind DN", func(c *directory.Config) { c.BindDN = " " }, "BindDN) is missing"},
		{"bad bind DN", func(c *directory.Config) { c.BindDN = "portal" }, "is not a valid DN"},
		{"no bind password", func(c *directory.Config) { c.BindPassword = "" }, "password is missing"},
		{"no base DN", func(c *directory.Config) { c.BaseDN = "" }, "base DN to look for students under is missing"},
		{"bad base DN", func(c *directory.Config) { c.BaseDN = "students" }, "is not a valid DN"},
		{"bad attribute", func(c *directory.Config) { c.UsernameAttribute = "uid)(x" }, "is not an attribute name"},
		{"no flavor", func(c *directory.Config) { c.Flavor = "" }, "directory kind is missing"},
		{"unknown flavor", func(c *directory.Config) { c.Flavor = "novell" }, `"novell" is unknown`},
		{"AD in clear", func(c *directory.Config) { c.Flavor = directory.FlavorActiveDirectory }, "only over an encrypted connection"},
		{"negative timeout", func(c *directory.Config) { c.Timeout = -time.Second }, "cannot be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.mod(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("got %v, want valid", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
			if tc.want != "" {
				if _, err := directory.NewWriter(c); err == nil {
					t.Error("NewWriter accepted an invalid config")
				}
			}
		})
	}
}
