package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp/totp"
)

// regenCrashStudents is the size of the request the crash test kills mid-run: 30 chunks
// of 100.
const regenCrashStudents = 3000

// TestRegenerationSurvivesSIGKILL confirms a district regeneration (also reset, force
// change) of a few thousand students in chunks of 100, kills the portal with SIGKILL once
// some chunks have committed and others have not, and starts it again on the same data
// folder. River rescues the killed job and the request finishes: every student of the
// selection changed exactly once (one password_changed event by the district, token
// version exactly one more), done equal to total.
func TestRegenerationSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills portal processes")
	}
	t.Parallel()
	env := append(cheapPortalEnv(t), "DATABASE_URL=", "PORTAL_DATA_DIR="+t.TempDir(), "LOG_LEVEL=info",
		"PORTAL_REGEN_CHUNK=100", "PORTAL_SESSION_KEYS=k1:"+newKey(t), "PORTAL_DATA_KEYS=k1:"+newKey(t))
	first := startPortal(t, "first run", env...)
	db, err := pgx.Connect(t.Context(), embeddedURL(t, first))
	if err != nil {
		t.Fatal(err)
	}
	var psu string
	if _, err := db.Exec(t.Context(), `with sc as (insert into schools (district_id, campus_code, display_code, name)
			select district_id, 'CRASH1', 'CR1', 'Crash Test Academy' from schools order by campus_code limit 1 returning id)
		insert into students (school_id, student_number, username, email, first_name, last_name, grade, date_of_birth,
			password_hash, password_changed_at)
		select sc.id, lpad((600000000 + g)::text, 9, '0'), 'crashkid' || g, 'crashkid' || g || '@students.test.example',
			'Kid' || g, 'Crash' || (g % 97), 1 + g % 12, '2012-05-01', 'x', now()
		from sc, generate_series(1, $1) g`, regenCrashStudents); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(t.Context(), `select d.psu_code from districts d join schools s on s.district_id = d.id
		where s.campus_code = 'CRASH1'`).Scan(&psu); err != nil {
		t.Fatal(err)
	}
	db.Close(t.Context())

	admin := newBrowser(t, first.url)
	csrf := admin.signInDistrictAdmin()
	var dry struct{ RequestID string }
	body := `{"psuCode":"` + psu + `","campusCodes":"crash1","alsoReset":true,"forceChange":true}`
	if status, err := admin.call(http.MethodPost, "/api/v1/staff/district/regenerations/dry-run", body, csrf, &dry); err != nil ||
		status != http.StatusOK {
		t.Fatalf("dry run: %d %v", status, err)
	}
	if status := admin.do(http.MethodPost, "/api/v1/staff/district/regenerations/"+dry.RequestID+"/run", "", csrf); status != http.StatusAccepted {
		t.Fatalf("confirm: %d", status)
	}
	// The kill lands once some chunks have committed and most have not.
	var progress struct{ Done, Total int }
	for deadline := time.Now().Add(60 * time.Second); ; {
		admin.getJSON("/api/v1/staff/district/regenerations/"+dry.RequestID, &progress)
		if progress.Done > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no chunk committed within a minute: %+v", progress)
		}
		time.Sleep(5 * time.Millisecond)
	}
	first.kill()
	killedAt := time.Now()
	if progress.Done >= progress.Total {
		t.Fatalf("the request ended before the kill: %+v; make it larger", progress)
	}

	second := startPortal(t, "second run", env...)
	db, err = pgx.Connect(t.Context(), embeddedURL(t, second))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(t.Context())
	var atKill int
	if err := db.QueryRow(t.Context(), `select done from regen_requests where id = $1`, dry.RequestID).Scan(&atKill); err != nil {
		t.Fatal(err)
	}
	var state string
	var done, total int
	for deadline := time.Now().Add(3 * time.Minute); ; {
		if err := db.QueryRow(t.Context(), `select state, done, total from regen_requests where id = $1`, dry.RequestID).
			Scan(&state, &done, &total); err != nil {
			t.Fatal(err)
		}
		if state != "queued" && state != "running" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the request is still %s (%d of %d) 3 minutes after the restart", state, done, total)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("killed at %d of %d committed; the request ended %s after the kill", atKill, total, time.Since(killedAt).Round(time.Millisecond))
	if state != "done" || done != regenCrashStudents || total != regenCrashStudents {
		t.Fatalf("ended %s with %d of %d, want done with %d of %d", state, done, total, regenCrashStudents, regenCrashStudents)
	}
	var wrong int
	var sample string
	if err := db.QueryRow(t.Context(), `select count(*), coalesce(min(s.username), '') from students s
		where s.username like 'crashkid%' and (s.token_version <> 2 or not s.must_change_password
			or (select count(*) from audit_events a where a.subject_kind = 'student' and a.subject_id = s.id::text
				and a.action = 'password_changed' and a.path = 'district') <> 1
			or exists (select 1 from regen_request_students r where r.student_id = s.id))`).
		Scan(&wrong, &sample); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%d students not changed exactly once (e.g. %s)", wrong, sample)
	}
	second.stop()
}

// signInDistrictAdmin makes a district admin through the test API, signs in, enrols an
// authenticator as a first sign-in does, and returns the session's CSRF token.
func (b *browser) signInDistrictAdmin() string {
	b.t.Helper()
	var m struct{ Email, Password string }
	if status, err := b.call(http.MethodPost, "/api/test/staff", `{"role":"district_admin"}`, "", &m); err != nil ||
		status != http.StatusCreated {
		b.t.Fatalf("create a district admin: %d %v", status, err)
	}
	credentials, _ := json.Marshal(map[string]string{"email": m.Email, "password": m.Password})
	var signIn struct{ Step, CsrfToken string }
	if status, err := b.call(http.MethodPost, "/api/v1/staff/session", string(credentials), "", &signIn); err != nil ||
		status != http.StatusOK || signIn.Step != "enrol_totp" {
		b.t.Fatalf("staff sign-in: %d %v %+v", status, err, signIn)
	}
	var enrol struct{ Secret string }
	if status, err := b.call(http.MethodPost, "/api/v1/staff/session/totp/enrol", "", signIn.CsrfToken, &enrol); err != nil ||
		status != http.StatusOK {
		b.t.Fatalf("enrol: %d %v", status, err)
	}
	code, err := totp.GenerateCode(enrol.Secret, time.Now())
	if err != nil {
		b.t.Fatal(err)
	}
	var confirmed struct{ Session struct{ CsrfToken string } }
	if status, err := b.call(http.MethodPost, "/api/v1/staff/session/totp/confirm", `{"code":"`+code+`"}`, signIn.CsrfToken,
		&confirmed); err != nil || status != http.StatusOK {
		b.t.Fatalf("confirm the authenticator: %d %v", status, err)
	}
	return confirmed.Session.CsrfToken
}
