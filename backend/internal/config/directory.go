package config

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/directory"
)

// Directory is the district's LDAP directory that every student password change is written
// back to (PORTAL_DIRECTORY_*). An empty URL means no write-back.
type Directory struct {
	URL string
	// Kind is directory.FlavorOpenLDAP or directory.FlavorActiveDirectory.
	Kind string
	// BindDN and BindPassword are the service account; the password comes only from the
	// environment and is never shown.
	BindDN, BindPassword string
	BaseDN               string
	// UsernameAttribute holds the portal's username (default uid).
	UsernameAttribute string
	// TLS is "none", "starttls" or "tls" (ldaps://; the default for an ldaps:// URL).
	TLS string
	// CAFile names a PEM file of the CAs that sign the directory's certificate (empty: the
	// system's).
	CAFile string
	// The job settings, not read from the environment (tests lower them): attempts and the
	// exponential backoff between them (zero: the writeback package's defaults).
	MaxAttempts         int
	RetryBase, RetryCap time.Duration
}

// Configured reports whether a directory is named.
func (d Directory) Configured() bool { return d.URL != "" }

func loadDirectory(getenv func(string) string) (Directory, error) {
	d := Directory{
		URL: strings.TrimSpace(getenv("PORTAL_DIRECTORY_URL")), Kind: getenv("PORTAL_DIRECTORY_KIND"),
		BindDN: getenv("PORTAL_DIRECTORY_BIND_DN"), BindPassword: getenv("PORTAL_DIRECTORY_BIND_PASSWORD"),
		BaseDN: getenv("PORTAL_DIRECTORY_BASE_DN"), UsernameAttribute: getenv("PORTAL_DIRECTORY_USERNAME_ATTRIBUTE"),
		TLS: getenv("PORTAL_DIRECTORY_TLS"), CAFile: getenv("PORTAL_DIRECTORY_CA_FILE"),
	}
	if !d.Configured() {
		for _, name := range []string{"PORTAL_DIRECTORY_KIND", "PORTAL_DIRECTORY_BIND_DN", "PORTAL_DIRECTORY_BIND_PASSWORD",
			"PORTAL_DIRECTORY_BASE_DN", "PORTAL_DIRECTORY_USERNAME_ATTRIBUTE", "PORTAL_DIRECTORY_TLS", "PORTAL_DIRECTORY_CA_FILE"} {
			if getenv(name) != "" {
				// Half a configuration would silently write nothing back.
				return Directory{}, fmt.Errorf("%s is set but PORTAL_DIRECTORY_URL is empty: set the directory's address, or unset %s", name, name)
			}
		}
		return Directory{}, nil
	}
	if d.UsernameAttribute == "" {
		d.UsernameAttribute = directory.DefaultUsernameAttribute
	}
	if d.TLS == "" {
		d.TLS = "none"
		if strings.HasPrefix(strings.ToLower(d.URL), "ldaps://") {
			d.TLS = "tls"
		}
	}
	if _, err := d.WriterConfig(); err != nil {
		return Directory{}, err
	}
	return d, nil
}

// WriterConfig is the directory.Config of d, checked: an error says in plain words what is
// wrong, naming the variable.
func (d Directory) WriterConfig() (directory.Config, error) {
	cfg := directory.Config{URL: d.URL, BindDN: d.BindDN, BindPassword: d.BindPassword, BaseDN: d.BaseDN,
		UsernameAttribute: d.UsernameAttribute, Flavor: d.Kind}
	ldaps := strings.HasPrefix(strings.ToLower(d.URL), "ldaps://")
	switch d.TLS {
	case "none":
		if ldaps {
			return cfg, errors.New("PORTAL_DIRECTORY_TLS none: an ldaps:// address is always encrypted; use tls, or an ldap:// address")
		}
	case "starttls":
		cfg.StartTLS = true
	case "tls":
		if !ldaps {
			return cfg, errors.New("PORTAL_DIRECTORY_TLS tls: needs an ldaps:// address (or use starttls with ldap://)")
		}
	default:
		return cfg, fmt.Errorf("PORTAL_DIRECTORY_TLS %q: want none, starttls or tls", d.TLS)
	}
	if d.CAFile != "" {
		pem, err := os.ReadFile(d.CAFile)
		if err != nil {
			return cfg, fmt.Errorf("PORTAL_DIRECTORY_CA_FILE %q cannot be read: %v", d.CAFile, err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return cfg, fmt.Errorf("PORTAL_DIRECTORY_CA_FILE %q holds no PEM certificate", d.CAFile)
		}
		cfg.TLS = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("directory settings (PORTAL_DIRECTORY_*): %v", err)
	}
	return cfg, nil
}
