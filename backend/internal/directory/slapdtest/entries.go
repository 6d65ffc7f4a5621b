package slapdtest

import (
	"fmt"

	"github.com/go-ldap/ldap/v3"
)

// AddStudent adds an inetOrgPerson under ou=students with uid and password, as the root
// DN, so that tests can mirror the portal's students in the directory.
func (s *Server) AddStudent(uid, password string) {
	s.t.Helper()
	c, err := ldap.DialURL(s.URL)
	if err != nil {
		s.t.Fatalf("slapd: %v", err)
	}
	defer c.Close()
	if err := c.Bind(RootDN, RootPW); err != nil {
		s.t.Fatalf("slapd: bind as root: %v", err)
	}
	req := ldap.NewAddRequest(StudentDN(uid), nil)
	req.Attribute("objectClass", []string{"inetOrgPerson"})
	req.Attribute("uid", []string{uid})
	req.Attribute("cn", []string{uid})
	req.Attribute("sn", []string{uid})
	req.Attribute("userPassword", []string{password})
	if err := c.Add(req); err != nil {
		s.t.Fatalf("slapd: add %s: %v", uid, err)
	}
}

// BindStudent tries a simple bind as the student uid with password: nil when the directory
// accepts it, an ldap error (invalid credentials) when it refuses.
func (s *Server) BindStudent(uid, password string) error {
	c, err := ldap.DialURL(s.URL)
	if err != nil {
		return fmt.Errorf("slapd: %w", err)
	}
	defer c.Close()
	return c.Bind(StudentDN(uid), password)
}
