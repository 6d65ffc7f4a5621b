package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// insertStaff adds a district, a school and a teacher of it with an enrolled authenticator.
func insertStaff(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var id string
	err := pool.QueryRow(context.Background(), `
		with d as (insert into districts (psu_code, name) values ('903', 'Staff Test') returning id),
		     s as (insert into schools (district_id, campus_code, display_code, name)
		           select id, '90T003', 'T003', 'Staff School' from d returning id)
		insert into staff (district_id, school_id, role, email, first_name, last_name, password_hash,
			totp_sealed, totp_key_id, totp_enrolled_at)
		select d.id, s.id, 'teacher', 'Teacher@School.example', 'Tess', 'Teacher', 'hash', '\x01', 'k', now()
		from d, s returning id`).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// concurrently runs n calls of fn at once and counts the true answers.
func concurrently(t *testing.T, n int, fn func() (bool, error)) int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			ok, err := fn()
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if ok {
				won++
			}
		})
	}
	close(start)
	wg.Wait()
	return won
}

// TestStaffOneTimeSecrets: a time step, a recovery code, a passkey challenge and an emailed
// link each work once, even for simultaneous uses.
func TestStaffOneTimeSecrets(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	id := insertStaff(t, pool)
	st := &postgres.Staff{DB: &postgres.DB{Pool: pool}}

	if got := concurrently(t, 20, func() (bool, error) { return st.UseTOTPStep(ctx, id, 1000) }); got != 1 {
		t.Errorf("20 simultaneous uses of step 1000: got %d accepted, want 1", got)
	}
	for _, tt := range []struct {
		step int64
		want bool
	}{{999, false}, {1000, false}, {1001, true}} {
		if ok, err := st.UseTOTPStep(ctx, id, tt.step); err != nil || ok != tt.want {
			t.Errorf("step %d after 1000: got %v %v, want %v", tt.step, ok, err, tt.want)
		}
	}

	digests := [][]byte{staff.RecoveryDigest(id, "AAAAABBBBB"), staff.RecoveryDigest(id, "CCCCCDDDDD")}
	if err := st.SaveRecoveryCodes(ctx, id, digests); err != nil {
		t.Fatal(err)
	}
	if got := concurrently(t, 20, func() (bool, error) { return st.UseRecoveryCode(ctx, id, digests[0], time.Now()) }); got != 1 {
		t.Errorf("20 simultaneous uses of a recovery code: got %d accepted, want 1", got)
	}
	m, err := st.StaffByEmail(ctx, "teacher@school.EXAMPLE")
	if err != nil || m.ID != id || m.RecoveryCodesLeft != 1 || !m.TOTPEnrolled || m.Role != policy.RoleTeacher || m.SchoolName != "Staff School" {
		t.Errorf("got %+v %v, want the teacher with TOTP and 1 recovery code left", m, err)
	}

	if err := st.SaveCeremony(ctx, id, "assert", []byte(`{"c":1}`), time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := concurrently(t, 20, func() (bool, error) {
		data, err := st.TakeCeremony(ctx, id, "assert", time.Now())
		if errors.Is(err, accounts.ErrNotFound) {
			return false, nil
		}
		return bytes.Equal(data, []byte(`{"c": 1}`)), err
	}); got != 1 {
		t.Errorf("20 simultaneous answers to a challenge: got %d, want 1", got)
	}
	if err := st.SaveCeremony(ctx, id, "assert", []byte(`{}`), time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.TakeCeremony(ctx, id, "assert", time.Now()); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("an expired challenge: got %v, want ErrNotFound", err)
	}

	tx := func(fn func(ctx context.Context) error) {
		t.Helper()
		if err := st.InTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	old, newer := []byte("old-digest"), []byte("new-digest")
	tx(func(ctx context.Context) error { return st.SaveLinkToken(ctx, old, id, time.Now().Add(time.Hour)) })
	tx(func(ctx context.Context) error { return st.SaveLinkToken(ctx, newer, id, time.Now().Add(time.Hour)) })
	if _, err := st.LinkTokenStaff(ctx, old, time.Now()); !errors.Is(err, emaillink.ErrInvalid) {
		t.Errorf("an older link: got %v, want emaillink.ErrInvalid", err)
	}
	if got := concurrently(t, 20, func() (bool, error) {
		got, err := st.UseLinkToken(ctx, newer, time.Now())
		if errors.Is(err, emaillink.ErrInvalid) {
			return false, nil
		}
		return got == id, err
	}); got != 1 {
		t.Errorf("20 simultaneous uses of a link: got %d, want 1", got)
	}
	if n, err := st.RecentLinkTokens(ctx, id, time.Now().Add(-time.Hour)); err != nil || n != 2 {
		t.Errorf("recent links: got %d %v, want 2", n, err)
	}
}

// TestStaffClearSecondFactors removes every second factor and bumps the token version.
func TestStaffClearSecondFactors(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	id := insertStaff(t, pool)
	st := &postgres.Staff{DB: &postgres.DB{Pool: pool}}
	if err := st.SaveRecoveryCodes(ctx, id, [][]byte{[]byte("d")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddPasskey(ctx, id, staff.Passkey{Name: "Key", CredentialID: []byte("cred"), Credential: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	sessions := &postgres.Sessions{DB: &postgres.DB{Pool: pool}}
	before, _, err := sessions.StaffSession(ctx, id, "s")
	if err != nil || before.Passkeys != 1 || before.RecoveryCodesLeft != 1 || !before.HasSecondFactor() {
		t.Fatalf("got %+v %v, want one passkey and one code", before, err)
	}
	if err := st.ClearSecondFactors(ctx, id); err != nil {
		t.Fatal(err)
	}
	after, _, err := sessions.StaffSession(ctx, id, "s")
	if err != nil || after.HasSecondFactor() || after.RecoveryCodesLeft != 0 || after.TokenVersion != before.TokenVersion+1 {
		t.Errorf("got %+v %v, want no second factor and the token version bumped", after, err)
	}
	if _, _, err := sessions.StaffSession(ctx, "not-a-uuid", "s"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("a malformed id: got %v, want ErrNotFound", err)
	}
}
