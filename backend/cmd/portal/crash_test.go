package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// TestCrashKeepsEveryChangeAndItsEmail kills the portal with SIGKILL while students change
// their passwords and the confirmation emails wait for an SMTP server that does not answer
// yet, then starts it again at once on the same data folder, with the embedded PostgreSQL
// the kill took down and its postmaster.pid left behind. The second run must come up,
// every change acknowledged before the kill must be there, every change there must be
// whole (new password, token version, audit event and email job together), and each must
// get exactly one email once SMTP answers.
func TestCrashKeepsEveryChangeAndItsEmail(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills portal processes")
	}
	// It waits mostly on timers and child processes; the other tests run meanwhile.
	t.Parallel()
	smtpAddr := freeAddr(t)
	_, smtpPort, _ := net.SplitHostPort(smtpAddr)
	env := append(cheapPortalEnv(t), "DATABASE_URL=", "PORTAL_DATA_DIR="+t.TempDir(), "LOG_LEVEL=info",
		"SMTP_HOST=127.0.0.1", "SMTP_PORT="+smtpPort, "SMTP_TLS=none")
	first := startPortal(t, "first run", env...)

	const students = 12
	accounts := make([]*changer, students)
	for i := range accounts {
		c := newBrowser(t, first.url)
		st := c.createStudent("583920")
		accounts[i] = &changer{browser: c, student: st, password: st.Password, csrf: c.signIn(st.Username, st.Password)}
	}
	before, err := pgx.Connect(t.Context(), embeddedURL(t, first))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range accounts {
		if err := before.QueryRow(t.Context(), `select token_version from students where username = $1`, c.student.Username).
			Scan(&c.versionBefore); err != nil {
			t.Fatal(err)
		}
	}
	before.Close(t.Context())
	var burst sync.WaitGroup
	for i, c := range accounts {
		burst.Go(func() { c.changeUntilRefused(i) })
	}
	// The kill lands once every student has had changes answered and has one in flight.
	for !allAcked(accounts, 2) {
		time.Sleep(time.Millisecond)
	}
	first.kill()
	killedAt := time.Now()
	burst.Wait()

	catcher, err := mailcatcher.Start(t.Context(), smtpAddr, "127.0.0.1:0", nil)
	if err != nil {
		t.Fatalf("start SMTP on the port the first run sent to: %v", err)
	}
	t.Cleanup(func() { _ = catcher.Close() })
	second := startPortal(t, "second run", env...)
	t.Logf("second run listens %s after the kill", time.Since(killedAt).Round(time.Millisecond))

	db, err := pgx.Connect(t.Context(), embeddedURL(t, second))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(t.Context())
	waitForJobs(t, db)
	t.Logf("every confirmation job done %s after the kill", time.Since(killedAt).Round(time.Millisecond))

	total, acknowledgedTotal := 0, 0
	for _, c := range accounts {
		var changes, versions, jobs int
		var whole bool
		err := db.QueryRow(t.Context(), `select
			(select count(*) from audit_events where subject_kind = 'student' and subject_id = s.id::text
				and action = 'password_changed' and outcome = 'succeeded'),
			s.token_version,
			(select count(*) from river_job where kind = 'confirmation_email'
				and args->>'username' = s.username and args->>'change' = 'password_changed'),
			s.password_changed_at is not distinct from (select max(occurred_at) from audit_events
				where subject_kind = 'student' and subject_id = s.id::text and action = 'password_changed')
			from students s where s.username = $1`, c.student.Username).Scan(&changes, &versions, &jobs, &whole)
		if err != nil {
			t.Fatal(err)
		}
		emails := 0
		for _, m := range catcher.Messages() {
			if strings.Join(m.To, ",") == c.student.Email {
				emails++
			}
		}
		acknowledged := int(c.acked.Load())
		acknowledgedTotal += acknowledged
		// A change in flight at the kill may have committed unanswered; no more than one.
		if changes < acknowledged || changes > acknowledged+1 || versions-c.versionBefore != changes ||
			jobs != changes || emails != changes || !whole {
			t.Errorf("%s: %d changes acknowledged; got %d audited, %d token versions, %d jobs, %d emails, last change audited %v; "+
				"want as many of each as audited, and acknowledged to acknowledged+1 audited",
				c.student.Username, acknowledged, changes, versions-c.versionBefore, jobs, emails, whole)
		}
		total += changes
	}
	checkEmails(t, catcher, total)
	t.Logf("%d password changes committed, %d acknowledged before the kill", total, acknowledgedTotal)
	second.stop()
}

// changer changes one student's password again and again.
type changer struct {
	*browser
	student       testStudent
	password      string
	csrf          string
	versionBefore int
	acked         atomic.Int64
}

// allAcked reports whether every changer has had at least n changes acknowledged.
func allAcked(changers []*changer, n int64) bool {
	for _, c := range changers {
		if c.acked.Load() < n {
			return false
		}
	}
	return true
}

// changeUntilRefused changes the password until a request fails, as they all do once the
// server is killed, counting the changes the server acknowledged.
func (c *changer) changeUntilRefused(n int) {
	for i := 0; ; i++ {
		next := fmt.Sprintf("Harbor-Quill-%02d-Lantern-%03d", n, i)
		var session struct{ CsrfToken string }
		body := `{"currentPassword":"` + c.password + `","newPassword":"` + next + `","confirmPassword":"` + next + `"}`
		status, err := c.call(http.MethodPost, "/api/v1/me/password", body, c.csrf, &session)
		if err != nil {
			return
		}
		if status != http.StatusOK {
			c.t.Errorf("change %s's password: status %d, want 200", c.student.Username, status)
			return
		}
		c.password, c.csrf = next, session.CsrfToken
		c.acked.Add(1)
	}
}

// waitForJobs waits until no confirmation email job is left to work.
func waitForJobs(t *testing.T, db *pgx.Conn) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		var pending int
		var states []string
		if err := db.QueryRow(t.Context(), `select count(*), coalesce(array_agg(distinct state::text), '{}') from river_job
			where kind = 'confirmation_email' and state not in ('completed')`).Scan(&pending, &states); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d confirmation jobs still %v 90 s after the restart", pending, states)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// embeddedURL reads the URL of the embedded PostgreSQL from the portal's log.
func embeddedURL(t *testing.T, p *portalProcess) string {
	t.Helper()
	for line := range strings.SplitSeq(p.stderr.String(), "\n") {
		var entry struct{ Msg, URL string }
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "embedded postgres ready" {
			return entry.URL
		}
	}
	t.Fatalf("%s logged no embedded PostgreSQL URL", p.name)
	return ""
}

// freeAddr returns a loopback address nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}
