package main

import (
	"crypto/rand"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/embeddedpg"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// TestTwoInstancesOneDatabase runs two portal processes on one empty PostgreSQL and one
// SMTP server, behind a proxy that sends each request to the other instance than the
// last, as a round-robin load balancer without sticky sessions does. Both start at the
// same moment with PORTAL_DEMO on: migrations and the demo seed run once between them.
// A session made on one instance works on the other, a self-reset on one is refused
// again within 30 days on the other, and with River on both every change is confirmed
// by exactly one email.
func TestTwoInstancesOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and two portal processes")
	}
	t.Parallel()
	pg, err := embeddedpg.Start(t.Context(), embeddedpg.Options{
		DataDir: filepath.Join(t.TempDir(), "pg"), BinDir: os.Getenv("PORTAL_PG_BIN_DIR"), Fast: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pg.Stop() })
	catcher, err := mailcatcher.Start(t.Context(), "127.0.0.1:0", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = catcher.Close() })
	smtpHost, smtpPort, _ := net.SplitHostPort(catcher.SMTPAddr())
	proxy := newAlternatingProxy(t)
	shared := append(cheapPortalEnv(t), "DATABASE_URL="+pg.URL(), "PORTAL_PUBLIC_ORIGIN="+proxy.srv.URL,
		"PORTAL_SESSION_KEYS=s1:"+newKey(t), "PORTAL_DATA_KEYS=d1:"+newKey(t),
		"SMTP_HOST="+smtpHost, "SMTP_PORT="+smtpPort, "SMTP_TLS=none")

	began := time.Now()
	a := launchPortal(t, "instance a", append(shared, "PORTAL_DATA_DIR="+t.TempDir())...)
	b := launchPortal(t, "instance b", append(shared, "PORTAL_DATA_DIR="+t.TempDir())...)
	a.ready()
	b.ready()
	t.Logf("both instances listen %s after their simultaneous start", time.Since(began).Round(time.Millisecond))
	proxy.route(a, b)

	db, err := pgx.Connect(t.Context(), pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(t.Context())
	var districts, riverMigrations, schemaVersion int
	if err := db.QueryRow(t.Context(), `select (select count(*) from districts),
		(select count(*) from river_migration), (select version from portal_schema_version)`).
		Scan(&districts, &riverMigrations, &schemaVersion); err != nil {
		t.Fatalf("read the shared database: %v", err)
	}
	seeding := strings.Count(a.text+b.text, "demo district seeded")
	if districts != 1 || seeding != 1 {
		t.Errorf("got %d districts and %d banners saying they seeded, want 1 and 1", districts, seeding)
	}
	if riverMigrations == 0 || schemaVersion == 0 {
		t.Errorf("got %d River migrations and schema version %d, want both migrated", riverMigrations, schemaVersion)
	}

	student := newBrowser(t, proxy.srv.URL)
	st := student.createStudent("583920")
	student.signIn(st.Username, st.Password)
	signedInOn := proxy.lastServed()
	var account struct{ Username string }
	student.getJSON("/api/v1/me/account", &account)
	if readOn := proxy.lastServed(); readOn == signedInOn || account.Username != st.Username {
		t.Errorf("signed in on %s, read the account of %q on %s; want %q read on the other instance",
			signedInOn, account.Username, readOn, st.Username)
	}

	forgot := newBrowser(t, proxy.srv.URL)
	if status, code := forgot.selfReset(proxy, "", st.Username, "583920", "Velvet-Canyon-Drift-84"); status != http.StatusNoContent {
		t.Fatalf("self-reset with the PIN: status %d (%s), want 204", status, code)
	}
	resetOn := proxy.lastServed()
	status, code := forgot.selfReset(proxy, other(resetOn), st.Username, "583920", "Amber-Meadow-Lantern-19")
	if status != http.StatusTooManyRequests || code != "self_reset_too_soon" || proxy.lastServed() == resetOn {
		t.Errorf("second self-reset on %s after one on %s: got %d %s, want 429 self_reset_too_soon on the other instance",
			proxy.lastServed(), resetOn, status, code)
	}

	// More changes, made alternately on each instance, so that both River clients have
	// confirmation emails to deliver.
	const pinChanges = 8
	for range pinChanges {
		c := newBrowser(t, proxy.srv.URL)
		s := c.createStudent("583920")
		csrf := c.signIn(s.Username, s.Password)
		if got := c.do(http.MethodPut, "/api/v1/me/pin", `{"currentPassword":"`+s.Password+`","pin":"470319"}`, csrf); got != http.StatusNoContent {
			t.Fatalf("change the PIN on %s: status %d, want 204", proxy.lastServed(), got)
		}
	}
	want := pinChanges + 1
	recipients := map[string]bool{}
	for _, m := range checkEmails(t, catcher, want) {
		recipients[strings.Join(m.To, ",")] = true
	}
	if len(recipients) != want {
		t.Errorf("got emails to %d recipients, want one to each of the %d students who changed something", len(recipients), want)
	}
	var delivered int
	var workers []string
	if err := db.QueryRow(t.Context(), `select count(*), array_agg(distinct attempted_by[1]) from river_job
		where kind = 'confirmation_email' and state = 'completed'`).Scan(&delivered, &workers); err != nil {
		t.Fatal(err)
	}
	if delivered != want {
		t.Errorf("got %d completed confirmation jobs, want %d", delivered, want)
	}
	t.Logf("%d confirmation emails, delivered by %d River clients", delivered, len(workers))
	a.stop()
	b.stop()
}

// selfReset goes through forgot password with the PIN and returns the status and error
// code of the first request refused, or of the reset. With on set, the verification (where
// the 30-day window is checked) goes to that instance.
func (b *browser) selfReset(proxy *alternatingProxy, on, username, pin, newPassword string) (int, string) {
	b.t.Helper()
	var flow struct{ FlowToken, ResetToken, Code string }
	if status, err := b.call(http.MethodPost, "/api/v1/forgot/start", `{"username":"`+username+`"}`, "", &flow); err != nil || status != http.StatusOK {
		b.t.Fatalf("forgot/start: status %d, error %v; want 200", status, err)
	}
	if on != "" {
		proxy.aimAt(b.t, on)
	}
	status, err := b.call(http.MethodPost, "/api/v1/forgot/verify",
		`{"flowToken":"`+flow.FlowToken+`","method":"pin","pin":"`+pin+`"}`, "", &flow)
	if err != nil || status != http.StatusOK {
		return status, flow.Code
	}
	status, err = b.call(http.MethodPost, "/api/v1/forgot/reset",
		`{"resetToken":"`+flow.ResetToken+`","newPassword":"`+newPassword+`","confirmPassword":"`+newPassword+`"}`, "", &flow)
	if err != nil {
		b.t.Fatalf("forgot/reset: %v", err)
	}
	return status, flow.Code
}

// checkEmails waits until want emails have arrived, lets a settle period pass for a
// duplicate to show, and checks there are exactly want, each with its own Message-ID.
func checkEmails(t *testing.T, catcher *mailcatcher.Catcher, want int) []mailcatcher.Message {
	t.Helper()
	const settle = 2 * time.Second
	deadline := time.Now().Add(60 * time.Second)
	for len(catcher.Messages()) < want && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(settle)
	msgs := catcher.Messages()
	ids := map[string]bool{}
	for _, m := range msgs {
		ids[strings.Join(m.Headers["Message-Id"], ",")] = true
	}
	if len(msgs) != want || len(ids) != want {
		t.Errorf("got %d emails with %d Message-IDs, want %d of each", len(msgs), len(ids), want)
	}
	return msgs
}

// cheapPortalEnv is the environment every portal process of these tests shares: free
// ports, no SPA, the demo district, the test API and cheap hashing.
func cheapPortalEnv(t *testing.T) []string {
	return []string{"PORTAL_ADDR=127.0.0.1:0", "PORTAL_WEB_DIR=" + t.TempDir(), "PORTAL_DEMO=1", "PORTAL_TEST_API=1",
		"PORTAL_HASH_TIME=1", "PORTAL_HASH_MEMORY_KIB=64", "LOG_LEVEL=warn"}
}

// newKey returns a random 32-byte key in the form PORTAL_SESSION_KEYS and PORTAL_DATA_KEYS
// take after the id.
func newKey(t *testing.T) string {
	t.Helper()
	key := make([]byte, 32)
	_, _ = rand.Read(key) // never fails since Go 1.24
	return base64.StdEncoding.EncodeToString(key)
}

// alternatingProxy is a round-robin load balancer in front of two portal instances: request
// n goes to instance n mod 2, whoever sends it.
type alternatingProxy struct {
	srv      *httptest.Server
	backends atomic.Pointer[[2]backend]
	requests atomic.Uint64
	last     atomic.Pointer[string]
}

type backend struct {
	name  string
	proxy *httputil.ReverseProxy
}

func newAlternatingProxy(t *testing.T) *alternatingProxy {
	p := &alternatingProxy{}
	p.srv = httptest.NewServer(p)
	t.Cleanup(p.srv.Close)
	return p
}

// route starts sending requests to a and b, keeping the Host the client asked for, as a
// load balancer does.
func (p *alternatingProxy) route(a, b *portalProcess) {
	var backends [2]backend
	for i, inst := range []*portalProcess{a, b} {
		target, err := url.Parse(inst.url)
		if err != nil {
			inst.t.Fatal(err)
		}
		backends[i] = backend{name: inst.name, proxy: &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host
		}}}
	}
	p.backends.Store(&backends)
}

func (p *alternatingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	backends := p.backends.Load()
	if backends == nil {
		http.Error(w, "no instance yet", http.StatusServiceUnavailable)
		return
	}
	b := backends[(p.requests.Add(1)-1)%2]
	p.last.Store(&b.name)
	b.proxy.ServeHTTP(w, r)
}

// lastServed names the instance that served the last request.
func (p *alternatingProxy) lastServed() string {
	if name := p.last.Load(); name != nil {
		return *name
	}
	return ""
}

// aimAt makes the next request go to the named instance, spending a health check on the
// other one if needed.
func (p *alternatingProxy) aimAt(t *testing.T, name string) {
	t.Helper()
	if p.backends.Load()[p.requests.Load()%2].name == name {
		return
	}
	resp, err := http.Get(p.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// other names the instance that is not name.
func other(name string) string {
	if name == "instance a" {
		return "instance b"
	}
	return "instance a"
}
