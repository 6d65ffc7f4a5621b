package staff

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TestRecoveryCodes: ten distinct codes, XXXXX-XXXXX without look-alikes, whose digests
// match the codes as typed in any case and with or without the dash, per staff member.
func TestRecoveryCodes(t *testing.T) {
	codes, digests, err := newRecoveryCodes(rand.Reader, "staff-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != RecoveryCodeCount || len(digests) != RecoveryCodeCount {
		t.Fatalf("got %d codes, want %d", len(codes), RecoveryCodeCount)
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 11 || c[5] != '-' || strings.ContainsAny(c, "01ILO") || seen[c] {
			t.Errorf("got code %q, want a new XXXXX-XXXXX without 0, 1, I, L, O", c)
		}
		seen[c] = true
		for _, typed := range []string{c, strings.ToLower(c), strings.ReplaceAll(c, "-", ""), " " + c[:5] + " " + c[6:]} {
			norm, ok := normalizeRecoveryCode(typed)
			if !ok || !bytes.Equal(RecoveryDigest("staff-1", norm), digests[i]) {
				t.Errorf("code %q typed %q: does not match its digest", c, typed)
			}
		}
		norm, _ := normalizeRecoveryCode(c)
		if bytes.Equal(RecoveryDigest("staff-2", norm), digests[i]) {
			t.Error("a code's digest is the same for another staff member")
		}
	}
	for _, bad := range []string{"", "ABCDE-FGHI", "ABCDE-FGHJKL", "ABCDE-FGHI0", "123456"} {
		if _, ok := normalizeRecoveryCode(bad); ok {
			t.Errorf("normalizeRecoveryCode(%q) accepted it, want refused", bad)
		}
	}
}

// TestMatchStep accepts the codes of the current step and one either side, naming the step,
// and nothing further.
func TestMatchStep(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	now := time.Unix(1_800_000_015, 0) // 15 s into step 60,000,000
	code := func(at time.Time) string {
		c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tt := range []struct {
		name string
		at   time.Time
		want int64
	}{
		{"current", now, 60_000_000},
		{"previous", now.Add(-30 * time.Second), 59_999_999},
		{"next", now.Add(30 * time.Second), 60_000_001},
		{"two back", now.Add(-60 * time.Second), 0},
		{"two ahead", now.Add(60 * time.Second), 0},
	} {
		if got := matchStep(code(tt.at), secret, now); got != tt.want {
			t.Errorf("%s: got step %d, want %d", tt.name, got, tt.want)
		}
	}
	for _, typed := range []string{"12345", "1234567", "12a456", ""} {
		if _, ok := totpCode(typed); ok {
			t.Errorf("totpCode(%q) accepted it, want refused", typed)
		}
	}
}
