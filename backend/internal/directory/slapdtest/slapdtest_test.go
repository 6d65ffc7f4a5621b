package slapdtest_test

import (
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
)

func TestStartBindStopStart(t *testing.T) {
	start := time.Now()
	s := slapdtest.Start(t)
	t.Logf("slapd configured, loaded and started in %v", time.Since(start))
	bind := func(dn, pw string) error {
		c, err := ldap.DialURL(s.URL)
		if err != nil {
			return err
		}
		defer c.Close()
		return c.Bind(dn, pw)
	}
	if err := bind(slapdtest.RootDN, slapdtest.RootPW); err != nil {
		t.Fatalf("root bind: %v", err)
	}
	if err := bind(slapdtest.StudentDN("alice"), "alice-old-pw"); err != nil {
		t.Fatalf("student bind: %v", err)
	}
	if err := bind(slapdtest.ServiceDN, slapdtest.ServicePW); err != nil {
		t.Fatalf("service bind: %v", err)
	}
	s.Stop()
	if err := bind(slapdtest.RootDN, slapdtest.RootPW); err == nil {
		t.Fatal("bind succeeded with slapd stopped")
	}
	start = time.Now()
	s.Start()
	t.Logf("slapd restarted in %v", time.Since(start))
	if err := bind(slapdtest.RootDN, slapdtest.RootPW); err != nil {
		t.Fatalf("root bind after restart: %v", err)
	}
}
