package directory

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// The two kinds of directory a Writer can write to.
const (
	FlavorOpenLDAP        = "openldap"
	FlavorActiveDirectory = "activedirectory"
)

// DefaultUsernameAttribute is the attribute matched against the username when the
// configuration names none.
const DefaultUsernameAttribute = "uid"

// DefaultTimeout bounds the dial and each LDAP operation when the configuration names none.
const DefaultTimeout = 10 * time.Second

// Config says where a district's directory is and how to write to it.
type Config struct {
	// URL is ldap://host[:port] or ldaps://host[:port].
	URL string
	// StartTLS upgrades an ldap:// connection to TLS before binding.
	StartTLS bool
	// TLS is the TLS configuration for ldaps:// and StartTLS (nil: the system's roots,
	// the URL's host as the server name).
	TLS *tls.Config
	// BindDN and BindPassword are the service account allowed to set passwords.
	BindDN       string
	BindPassword string
	// BaseDN is where students are looked for (the whole subtree).
	BaseDN string
	// UsernameAttribute holds the portal's username (default "uid"; "sAMAccountName" in AD).
	UsernameAttribute string
	// Flavor is FlavorOpenLDAP or FlavorActiveDirectory.
	Flavor string
	// Timeout bounds the dial and each operation (default DefaultTimeout).
	Timeout time.Duration
}

var attributeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)

// Validate says, in plain words, the first thing wrong with the configuration.
func (c Config) Validate() error {
	if strings.TrimSpace(c.URL) == "" {
		return errors.New("the directory address is missing (ldap://host or ldaps://host)")
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return fmt.Errorf("the directory address %q is not a valid address", c.URL)
	}
	switch u.Scheme {
	case "ldap", "ldaps":
	default:
		return fmt.Errorf("the directory address %q must start with ldap:// or ldaps://", c.URL)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("the directory address %q names no server", c.URL)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("the directory address %q must be only ldap[s]://host[:port]", c.URL)
	}
	if c.StartTLS && u.Scheme == "ldaps" {
		return errors.New("StartTLS is for ldap:// addresses; an ldaps:// address is already encrypted")
	}
	if strings.TrimSpace(c.BindDN) == "" {
		return errors.New("the service account's DN (BindDN) is missing")
	}
	if _, err := ldap.ParseDN(c.BindDN); err != nil {
		return fmt.Errorf("the service account's DN %q is not a valid DN", c.BindDN)
	}
	if c.BindPassword == "" {
		return errors.New("the service account's password is missing")
	}
	if strings.TrimSpace(c.BaseDN) == "" {
		return errors.New("the base DN to look for students under is missing")
	}
	if _, err := ldap.ParseDN(c.BaseDN); err != nil {
		return fmt.Errorf("the base DN %q is not a valid DN", c.BaseDN)
	}
	if c.UsernameAttribute != "" && !attributeName.MatchString(c.UsernameAttribute) {
		return fmt.Errorf("the username attribute %q is not an attribute name", c.UsernameAttribute)
	}
	switch c.Flavor {
	case FlavorOpenLDAP:
	case FlavorActiveDirectory:
		if u.Scheme != "ldaps" && !c.StartTLS {
			return errors.New("Active Directory sets passwords only over an encrypted connection: use ldaps:// or StartTLS")
		}
	case "":
		return errors.New(`the directory kind is missing ("openldap" or "activedirectory")`)
	default:
		return fmt.Errorf(`the directory kind %q is unknown ("openldap" or "activedirectory")`, c.Flavor)
	}
	if c.Timeout < 0 {
		return errors.New("the directory timeout cannot be negative")
	}
	return nil
}

func (c Config) usernameAttribute() string {
	if c.UsernameAttribute == "" {
		return DefaultUsernameAttribute
	}
	return c.UsernameAttribute
}

func (c Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}
