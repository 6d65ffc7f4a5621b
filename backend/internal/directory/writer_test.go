package directory_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/schoolpass/portal/backend/internal/directory"
	"github.com/schoolpass/portal/backend/internal/directory/slapdtest"
)

func writerFor(t *testing.T, s *slapdtest.Server, mod func(*directory.Config)) *directory.Writer {
	t.Helper()
	cfg := directory.Config{
		URL:          s.URL,
		BindDN:       slapdtest.ServiceDN,
		BindPassword: slapdtest.ServicePW,
		BaseDN:       slapdtest.Suffix,
		Flavor:       directory.FlavorOpenLDAP,
		Timeout:      2 * time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	w, err := directory.NewWriter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func bind(t *testing.T, s *slapdtest.Server, dn, pw string) error {
	t.Helper()
	c, err := ldap.DialURL(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.Bind(dn, pw)
}

func TestSetPasswordThenBind(t *testing.T) {
	s := slapdtest.Start(t)
	for _, tc := range []struct {
		name   string
		bindDN string
		bindPW string
		uid    string
	}{
		{"service account", slapdtest.ServiceDN, slapdtest.ServicePW, "alice"},
		{"root DN", slapdtest.RootDN, slapdtest.RootPW, "bob"},
		{"a username with filter metacharacters matches exactly", slapdtest.ServiceDN, slapdtest.ServicePW, "o'brien(2)*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := writerFor(t, s, func(c *directory.Config) { c.BindDN, c.BindPassword = tc.bindDN, tc.bindPW })
			dn := slapdtest.StudentDN(tc.uid)
			old := tc.uid + "-old-pw"
			if err := bind(t, s, dn, old); err != nil {
				t.Fatalf("the old password does not bind before the change: %v", err)
			}
			start := time.Now()
			const newPW = "Blue-Kite-Runs-7 é"
			if err := w.SetPassword(context.Background(), tc.uid, newPW); err != nil {
				t.Fatalf("SetPassword: %v", err)
			}
			t.Logf("SetPassword took %v", time.Since(start))
			if err := bind(t, s, dn, newPW); err != nil {
				t.Errorf("the new password does not bind: %v", err)
			}
			if err := bind(t, s, dn, old); !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
				t.Errorf("the old password: got %v, want invalid credentials", err)
			}
		})
	}
}

func TestSetPasswordErrors(t *testing.T) {
	s := slapdtest.Start(t)
	ctx := context.Background()
	w := writerFor(t, s, nil)
	for _, tc := range []struct {
		name     string
		username string
		want     error
	}{
		{"unknown username", "nobody", directory.ErrNoEntry},
		{"two entries with the uid", "dup", directory.ErrAmbiguous},
		{"a star is not a wildcard", "a*", directory.ErrNoEntry},
		{"a lone star", "*", directory.ErrNoEntry},
		{"parentheses are escaped", "alice)(uid=*", directory.ErrNoEntry},
		{"an open parenthesis", "(", directory.ErrNoEntry},
		{"a backslash", `ali\ce`, directory.ErrNoEntry},
		{"empty", "", directory.ErrNoEntry},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := w.SetPassword(ctx, tc.username, "x-New-pw-1")
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if directory.Retryable(err) {
				t.Errorf("%v is retryable", err)
			}
			t.Log(err)
		})
	}
	if err := bind(t, s, slapdtest.StudentDN("alice"), "alice-old-pw"); err != nil {
		t.Errorf("a refused write changed alice's password: %v", err)
	}

	t.Run("wrong bind password", func(t *testing.T) {
		w := writerFor(t, s, func(c *directory.Config) { c.BindPassword = "wrong" })
		err := w.SetPassword(ctx, "carol", "x-New-pw-1")
		if !errors.Is(err, directory.ErrRefused) || directory.Retryable(err) {
			t.Fatalf("got %v, want a permanent refusal", err)
		}
		if !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			t.Errorf("got %v, want the LDAP invalid-credentials error kept", err)
		}
		t.Log(err)
	})
	t.Run("no right to write", func(t *testing.T) {
		// The service account may write userPassword only under ou=students.
		w := writerFor(t, s, func(c *directory.Config) { c.BaseDN = slapdtest.StaffDN })
		err := w.SetPassword(ctx, "dup", "x-New-pw-1")
		if !errors.Is(err, directory.ErrRefused) || directory.Retryable(err) {
			t.Fatalf("got %v, want a permanent refusal", err)
		}
		t.Log(err)
	})
	t.Run("base DN that does not exist", func(t *testing.T) {
		w := writerFor(t, s, func(c *directory.Config) { c.BaseDN = "ou=nowhere,dc=example,dc=org" })
		err := w.SetPassword(ctx, "carol", "x-New-pw-1")
		if !errors.Is(err, directory.ErrRefused) || directory.Retryable(err) {
			t.Fatalf("got %v, want a permanent refusal", err)
		}
		t.Log(err)
	})
	t.Run("AD flavor in clear is refused before connecting", func(t *testing.T) {
		_, err := directory.NewWriter(directory.Config{URL: s.URL, BindDN: slapdtest.ServiceDN,
			BindPassword: slapdtest.ServicePW, BaseDN: slapdtest.Suffix, Flavor: directory.FlavorActiveDirectory})
		if err == nil || !strings.Contains(err.Error(), "encrypted") {
			t.Fatalf("got %v, want the TLS requirement", err)
		}
	})
	t.Run("StartTLS unsupported by the server", func(t *testing.T) {
		w := writerFor(t, s, func(c *directory.Config) { c.StartTLS = true })
		err := w.SetPassword(ctx, "carol", "x-New-pw-1")
		if err == nil || directory.Retryable(err) {
			t.Fatalf("got %v, want a permanent refusal", err)
		}
		t.Log(err)
	})
}

func TestSetPasswordUnavailable(t *testing.T) {
	s := slapdtest.Start(t)
	w := writerFor(t, s, nil)
	ctx := context.Background()
	s.Stop()
	start := time.Now()
	err := w.SetPassword(ctx, "carol", "carol-New-pw-1")
	if !errors.Is(err, directory.ErrUnavailable) || !directory.Retryable(err) {
		t.Fatalf("slapd stopped: got %v, want ErrUnavailable", err)
	}
	if errors.Is(err, directory.ErrRefused) {
		t.Errorf("%v is both unavailable and refused", err)
	}
	t.Logf("refused connection reported in %v", time.Since(start))

	s.Start()
	if err := w.SetPassword(ctx, "carol", "carol-New-pw-1"); err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if err := bind(t, s, slapdtest.StudentDN("carol"), "carol-New-pw-1"); err != nil {
		t.Errorf("the new password does not bind after the restart: %v", err)
	}

	t.Run("context already ended", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		err := w.SetPassword(ctx, "carol", "carol-New-pw-2")
		if !directory.Retryable(err) {
			t.Fatalf("got %v, want retryable", err)
		}
	})
	t.Run("a server that accepts and never answers", func(t *testing.T) {
		// A listener that never speaks LDAP: the operation times out, which is retryable.
		l := silentListener(t)
		w := writerFor(t, s, func(c *directory.Config) { c.URL = "ldap://" + l; c.Timeout = 200 * time.Millisecond })
		start := time.Now()
		err := w.SetPassword(context.Background(), "carol", "carol-New-pw-2")
		if !directory.Retryable(err) {
			t.Fatalf("got %v, want retryable", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("the timeout took %v", d)
		}
	})
}
