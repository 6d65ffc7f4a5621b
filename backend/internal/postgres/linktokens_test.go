package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/emaillink"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// TestGuardianLinkTokens: the guardians' table keeps its links apart by purpose (a new
// reset link ends the older reset links, not a verification link), each link works once,
// even for simultaneous uses, and an expired one not at all; the staff's table, which has
// no purpose, is TestStaffOneTimeSecrets'.
func TestGuardianLinkTokens(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	store := postgres.NewFamily(&postgres.DB{Pool: pool})
	id, err := store.CreateGuardian(ctx, family.Guardian{Email: "links@example.com", Name: "Lina Links", Locale: "en", PasswordHash: "hash"})
	if err != nil {
		t.Fatal(err)
	}
	save := func(digest, purpose string, expires time.Time) {
		t.Helper()
		if err := store.InTx(ctx, func(ctx context.Context) error {
			return store.SaveLinkToken(ctx, []byte(digest), id, purpose, expires)
		}); err != nil {
			t.Fatal(err)
		}
	}
	now, later := time.Now(), time.Now().Add(time.Hour)
	save("verify", family.PurposeVerifyEmail, later)
	save("reset-old", family.PurposeResetPassword, later)
	save("reset-new", family.PurposeResetPassword, later)
	save("expired", family.PurposeVerifyEmail, now.Add(-time.Minute))

	tests := []struct {
		digest, purpose string
		want            error
	}{
		{"verify", family.PurposeVerifyEmail, emaillink.ErrInvalid},       // ended by the newer verification link
		{"reset-old", family.PurposeResetPassword, emaillink.ErrInvalid},  // ended by the newer reset link
		{"reset-new", family.PurposeResetPassword, nil},                   // live
		{"reset-new", family.PurposeVerifyEmail, emaillink.ErrInvalid},    // another purpose's link
		{"expired", family.PurposeVerifyEmail, emaillink.ErrInvalid},      // expired
		{"never-sent", family.PurposeResetPassword, emaillink.ErrInvalid}, // unknown
	}
	for _, tc := range tests {
		got, err := store.LinkTokenGuardian(ctx, []byte(tc.digest), tc.purpose, now)
		if !errors.Is(err, tc.want) || (tc.want == nil && got != id) {
			t.Errorf("link %s as %s: got %q %v, want the guardian or %v", tc.digest, tc.purpose, got, err, tc.want)
		}
	}
	save("reset-other", family.PurposeResetPassword, later)
	save("verify-live", family.PurposeVerifyEmail, later)
	if _, err := store.LinkTokenGuardian(ctx, []byte("reset-other"), family.PurposeResetPassword, now); err != nil {
		t.Errorf("a reset link after a newer verification link: got %v, want it live", err)
	}
	if got := concurrently(t, 20, func() (bool, error) {
		got, err := store.UseLinkToken(ctx, []byte("verify-live"), family.PurposeVerifyEmail, time.Now())
		if errors.Is(err, emaillink.ErrInvalid) {
			return false, nil
		}
		return got == id, err
	}); got != 1 {
		t.Errorf("20 simultaneous uses of a link: got %d, want 1", got)
	}
	for purpose, want := range map[string]int{family.PurposeResetPassword: 3, family.PurposeVerifyEmail: 3} {
		if n, err := store.RecentLinkTokens(ctx, id, purpose, now.Add(-time.Hour)); err != nil || n != want {
			t.Errorf("recent %s links: got %d %v, want %d", purpose, n, err, want)
		}
	}
}
