package directory_test

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/directory"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
)

// TestSetPasswordOverTLS: over ldaps:// and over StartTLS, with the test CA trusted, the
// password is set; without it (the system's roots) nothing is written and the error names
// the certificate. It stays retryable, like any failure to connect: a certificate problem
// is fixed on a server (a renewed certificate, the right PORTAL_DIRECTORY_CA_FILE), and the
// writes queued meanwhile then land instead of being lost.
func TestSetPasswordOverTLS(t *testing.T) {
	s := slapdtest.StartTLS(t)
	trusted := &tls.Config{RootCAs: s.CAs, MinVersion: tls.VersionTLS12}
	for _, tc := range []struct {
		name     string
		url      string
		startTLS bool
		uid      string
	}{
		{"ldaps", s.LDAPSURL, false, "alice"},
		{"StartTLS", s.URL, true, "bob"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := writerFor(t, s, func(c *directory.Config) { c.URL, c.StartTLS, c.TLS = tc.url, tc.startTLS, trusted })
			if err := w.Check(context.Background()); err != nil {
				t.Fatalf("Check: %v", err)
			}
			const pw = "Secure-Channel-93"
			if err := w.SetPassword(context.Background(), tc.uid, pw); err != nil {
				t.Fatalf("SetPassword: %v", err)
			}
			if err := bind(t, s, slapdtest.StudentDN(tc.uid), pw); err != nil {
				t.Errorf("the new password does not bind: %v", err)
			}
			untrusted := writerFor(t, s, func(c *directory.Config) { c.URL, c.StartTLS = tc.url, tc.startTLS })
			err := untrusted.SetPassword(context.Background(), tc.uid, "Never-Written-11")
			if err == nil || !directory.Retryable(err) || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
				t.Errorf("an untrusted certificate: got %v, want a retryable error naming the certificate", err)
			}
			if err := bind(t, s, slapdtest.StudentDN(tc.uid), pw); err != nil {
				t.Errorf("the password changed through an untrusted connection: %v", err)
			}
		})
	}
}
