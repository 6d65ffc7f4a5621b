// Package slapdtest starts a real OpenLDAP slapd for tests: a child process on a free
// 127.0.0.1 port, configured from a temporary cn=config folder (mdb backend, the core,
// cosine, nis and inetorgperson schemas) and loaded with a small DIT under dc=example,dc=org.
// StartTLS adds a certificate for 127.0.0.1 from a CA made for the test (ldaps:// on a
// second port, StartTLS on the first). AddStudent and BindStudent mirror a test's students
// in the directory and check their passwords.
// It is stopped with the test. When slapd is not installed the test fails with how to
// install it (scripts/ensure-slapd.sh), except under -short, where it is skipped.
package slapdtest

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The DIT every Server starts with.
const (
	Suffix     = "dc=example,dc=org"
	RootDN     = "cn=admin,dc=example,dc=org"
	RootPW     = "admin-secret"
	StudentsDN = "ou=students,dc=example,dc=org"
	StaffDN    = "ou=staff,dc=example,dc=org"
	// ServiceDN may write userPassword under ou=students (and nothing else).
	ServiceDN = "cn=portal,ou=services,dc=example,dc=org"
	ServicePW = "portal-secret"
)

// Student is one inetOrgPerson entry of the base DIT.
type Student struct {
	UID, Password string
}

// Students are the entries under ou=students. "dup" also has an entry under ou=staff;
// "o'brien(2)*" holds filter metacharacters.
var Students = []Student{
	{"alice", "alice-old-pw"},
	{"bob", "bob-old-pw"},
	{"carol", "carol-old-pw"},
	{"dup", "dup-old-pw"},
	{"o'brien(2)*", "o'brien(2)*-old-pw"},
}

// StudentDN is the DN of a student of the base DIT.
func StudentDN(uid string) string { return "uid=" + uid + "," + StudentsDN }

const installHint = "the directory tests need OpenLDAP's slapd and slapadd: run scripts/ensure-slapd.sh " +
	"(as root with apt) or sudo apt-get install -y slapd ldap-utils, or set SLAPD_PATH"

// Server is a running (or stopped) slapd of one test.
type Server struct {
	// URL is ldap://127.0.0.1:port, the same across Stop and Start.
	URL  string
	Port int
	// With StartTLS only: LDAPSURL is ldaps://127.0.0.1:port2 (URL then also offers
	// StartTLS), and CAFile the PEM of the self-signed CA that signed slapd's certificate
	// (for 127.0.0.1), whose pool is CAs.
	LDAPSURL string
	CAFile   string
	CAs      *x509.CertPool
	// Dir holds the cn=config folder (slapd.d), the mdb data and slapd's log.
	Dir string

	slapd string
	t     testing.TB
	mu    sync.Mutex
	cmd   *exec.Cmd
	done  chan struct{}
}

// Binaries returns the paths of slapd and slapadd, or an error with the install hint.
func Binaries() (slapd, slapadd string, err error) {
	slapd = os.Getenv("SLAPD_PATH")
	if slapd == "" {
		slapd = "/usr/sbin/slapd"
		if p, err := exec.LookPath("slapd"); err == nil {
			slapd = p
		}
	}
	slapadd = filepath.Join(filepath.Dir(slapd), "slapadd")
	for _, p := range []string{slapd, slapadd} {
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			return "", "", fmt.Errorf("%s not found: %s", p, installHint)
		}
	}
	return slapd, slapadd, nil
}

// Start configures, loads and starts a slapd for t; it is stopped when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, false)
}

// StartTLS is Start with TLS: a certificate for 127.0.0.1 signed by a CA made for the test,
// ldaps:// on a second port and StartTLS on the first.
func StartTLS(t testing.TB) *Server {
	t.Helper()
	return start(t, true)
}

func start(t testing.TB, withTLS bool) *Server {
	slapd, slapadd, err := Binaries()
	if err != nil {
		if testing.Short() {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	dir := t.TempDir()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: fmt.Sprintf("ldap://127.0.0.1:%d", port), Port: port, Dir: dir, slapd: slapd, t: t}
	confDir := filepath.Join(dir, "slapd.d")
	dataDir := filepath.Join(dir, "data")
	for _, d := range []string{confDir, dataDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	var certs *tlsFiles
	if withTLS {
		tlsPort, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		if certs, err = makeCerts(dir); err != nil {
			t.Fatal(err)
		}
		s.LDAPSURL, s.CAFile, s.CAs = fmt.Sprintf("ldaps://127.0.0.1:%d", tlsPort), certs.ca, certs.pool
	}
	cfg, err := configLDIF(dir, dataDir, certs)
	if err != nil {
		t.Fatal(err)
	}
	run := func(name string, ldif string, args ...string) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(ldif), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(slapadd, append(args, "-F", confDir, "-l", path)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("slapadd %s: %v\n%s", name, err, out)
		}
	}
	run("config.ldif", cfg, "-n0")
	run("data.ldif", dataLDIF(), "-n1")
	t.Cleanup(s.Stop)
	s.Start()
	return s
}

// Start starts slapd again on the same port and data after Stop.
func (s *Server) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	logFile, err := os.OpenFile(filepath.Join(s.Dir, "slapd.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logFile.Close()
	// -d 0: stay in the foreground (a child we can stop) without debug output.
	// Running as root is fine: slapd keeps the identity it was started with unless -u is given.
	listen := s.URL + "/"
	if s.LDAPSURL != "" {
		listen += " " + s.LDAPSURL + "/"
	}
	cmd := exec.Command(s.slapd, "-d", "0", "-h", listen, "-F", filepath.Join(s.Dir, "slapd.d"))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start slapd: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.Port), 100*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "slapd.log"))
			s.cmd = nil
			s.t.Fatalf("slapd exited at start (%v):\n%s", cmd.ProcessState, log)
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("slapd does not accept connections on port %d after 10s", s.Port)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Stop ends slapd (its whole process group) and waits for it; Start may follow.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	s.cmd, s.done = nil, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// SchemaDir holds the schema LDIF files of Debian's slapd package.
var SchemaDir = "/etc/ldap/schema"

func configLDIF(dir, dataDir string, certs *tlsFiles) (string, error) {
	var b strings.Builder
	tlsAttrs := ""
	if certs != nil {
		tlsAttrs = fmt.Sprintf("olcTLSCertificateFile: %s\nolcTLSCertificateKeyFile: %s\n", certs.cert, certs.key)
	}
	fmt.Fprintf(&b, `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: %s
olcArgsFile: %s
%s
dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

`, filepath.Join(dir, "slapd.pid"), filepath.Join(dir, "slapd.args"), tlsAttrs)
	for _, name := range []string{"core", "cosine", "nis", "inetorgperson"} {
		data, err := os.ReadFile(filepath.Join(SchemaDir, name+".ldif"))
		if err != nil {
			return "", fmt.Errorf("schema %s: %w (%s)", name, err, installHint)
		}
		b.Write(bytes.TrimSpace(data))
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, `dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcDbDirectory: %s
olcSuffix: %s
olcRootDN: %s
olcRootPW: %s
olcAccess: {0}to dn.subtree="%s" attrs=userPassword by dn.exact="%s" write by self write by anonymous auth by * none
olcAccess: {1}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {2}to * by * read
`, dataDir, Suffix, RootDN, RootPW, StudentsDN, ServiceDN)
	return b.String(), nil
}

func dataLDIF() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dn: %s\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example District\n\n", Suffix)
	for _, ou := range []string{"students", "staff", "services"} {
		fmt.Fprintf(&b, "dn: ou=%s,%s\nobjectClass: organizationalUnit\nou: %s\n\n", ou, Suffix, ou)
	}
	fmt.Fprintf(&b, "dn: %s\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: portal\nuserPassword: %s\n\n", ServiceDN, ServicePW)
	for _, st := range Students {
		fmt.Fprintf(&b, "dn: %s\nobjectClass: inetOrgPerson\nuid: %s\ncn: %s\nsn: %s\nuserPassword: %s\n\n",
			StudentDN(st.UID), st.UID, st.UID, st.UID, st.Password)
	}
	fmt.Fprintf(&b, "dn: uid=dup,%s\nobjectClass: inetOrgPerson\nuid: dup\ncn: dup\nsn: dup\nuserPassword: staff-dup-pw\n\n", StaffDN)
	return b.String()
}
