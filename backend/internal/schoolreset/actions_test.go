package schoolreset_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// TestResetTyped: a teacher's typed reset of her student follows the student's rules
// (each refusal audited, nothing changed), then stores a hash, ends the student's sessions,
// and emails the student and both linked guardians.
func TestResetTyped(t *testing.T) {
	w := newWorld(t)
	w.linkGuardian(t, w.ines, "ana@family.test.example", "Ana Peña", "es")
	w.linkGuardian(t, w.ines, "luis@family.test.example", "Luis Peña", "en")
	before := w.secrets(t, w.ines)
	for _, tc := range []struct {
		name, password, confirm string
		want                    []policy.Rule
	}{
		{"too short", "Ab1", "Ab1", []policy.Rule{policy.RuleMinLength}},
		{"her name", "Ines-River-82", "Ines-River-82", []policy.Rule{policy.RuleContainsName}},
		{"current password", worldPassword, worldPassword, []policy.Rule{policy.RuleSameAsCurrent}},
		{"confirmation differs", "Violet-Harbor-82", "Violet-Harbor-83", []policy.Rule{policy.RuleConfirmMismatch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.svc.ResetPassword(w.ctx, w.tess, w.ines, schoolreset.Reset{NewPassword: tc.password, ConfirmPassword: tc.confirm})
			var refusal *policy.RefusalError
			if !errors.As(err, &refusal) {
				t.Fatalf("got %v, want a *policy.RefusalError", err)
			}
			var got []policy.Rule
			for _, v := range refusal.Violations {
				got = append(got, v.Rule)
			}
			if strings.Join(rulesText(got), ",") != strings.Join(rulesText(tc.want), ",") {
				t.Errorf("rules: got %v, want %v", got, tc.want)
			}
		})
	}
	if got := w.events(t, w.tess, "password_changed", "refused", policy.RefusedPassword); got != 4 {
		t.Errorf("got %d refusals audited, want 4", got)
	}
	if after := w.secrets(t, w.ines); after != before {
		t.Fatalf("refused resets changed the student: %+v, was %+v", after, before)
	}

	res, err := w.svc.ResetPassword(w.ctx, w.tess, w.ines, schoolreset.Reset{
		NewPassword: "Violet-Harbor-82", ConfirmPassword: "Violet-Harbor-82", MustChange: true})
	if err != nil {
		t.Fatal(err)
	}
	after := w.secrets(t, w.ines)
	if after.Hash == before.Hash || after.Sealed || !after.MustChange || after.TokenVersion != before.TokenVersion+1 {
		t.Errorf("after the reset: got %+v, want a new hash, must change, token version %d", after, before.TokenVersion+1)
	}
	if res.GeneratedPassword != "" || res.Page.PasswordChangedThrough != "staff" || !res.Page.Student.MustChangePassword {
		t.Errorf("result: got generated %q, through %q, must change %v", res.GeneratedPassword,
			res.Page.PasswordChangedThrough, res.Page.Student.MustChangePassword)
	}
	if got := w.events(t, w.tess, "password_changed", "succeeded", ""); got != 1 {
		t.Errorf("got %d resets audited, want 1", got)
	}
	st, err := w.svc.Passwords.(*accounts.Authenticator).SignIn(w.ctx, "inesp1001", "Violet-Harbor-82")
	if err != nil || st.ID != w.ines {
		t.Errorf("signing in with the new password: got %v", err)
	}
	for _, to := range []string{"inesp1001@students.test.example", "ana@family.test.example", "luis@family.test.example"} {
		m := w.h.WaitForMail(to, nil)
		if strings.Contains(m.Text, "Violet-Harbor-82") {
			t.Errorf("the email to %s holds the password", to)
		}
	}
}

func rulesText(rs []policy.Rule) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// TestResetGeneratedAndReveal: a generated reset is a school-issued default staff can show
// again, until a typed reset replaces it (410, audited); a student who never had one: 404.
func TestResetGeneratedAndReveal(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.RevealSchoolPassword(w.ctx, w.sam, w.omar); !errors.Is(err, accounts.ErrNotFound) {
		t.Fatalf("reveal before any default: got %v, want accounts.ErrNotFound", err)
	}
	page, err := w.svc.Student(w.ctx, w.sam, w.omar)
	if err != nil || page.SchoolPassword != schoolreset.SchoolPasswordNone {
		t.Fatalf("page before: got %q, %v, want none", page.SchoolPassword, err)
	}
	res, err := w.svc.ResetPassword(w.ctx, w.sam, w.omar, schoolreset.Reset{Generate: true, MustChange: true})
	if err != nil {
		t.Fatal(err)
	}
	if policy.CheckPassword(policy.PasswordCandidate{Password: res.GeneratedPassword}) != nil {
		t.Errorf("generated %q breaks the rules", res.GeneratedPassword)
	}
	if res.Page.SchoolPassword != schoolreset.SchoolPasswordAvailable || res.Page.PasswordChangedThrough != "staff" {
		t.Errorf("page after: got %q through %q", res.Page.SchoolPassword, res.Page.PasswordChangedThrough)
	}
	if s := w.secrets(t, w.omar); !s.Sealed || s.Hash != "" {
		t.Errorf("stored: got %+v, want a sealed default and no hash", s)
	}
	if _, err := w.svc.RevealSchoolPassword(w.ctx, w.tess, w.omar); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("teacher revealing outside her class: got %v", err)
	}
	shown, err := w.svc.RevealSchoolPassword(w.ctx, w.dana, w.omar)
	if err != nil || shown.Password != res.GeneratedPassword || !shown.MustChange || time.Since(shown.IssuedAt) > time.Minute {
		t.Fatalf("reveal: got %+v, %v, want %q issued just now, must change", shown, err, res.GeneratedPassword)
	}
	if got := w.events(t, w.dana, "school_password_viewed", "succeeded", ""); got != 1 {
		t.Errorf("got %d reveals audited, want 1", got)
	}
	if _, err := w.svc.ResetPassword(w.ctx, w.sam, w.omar, schoolreset.Reset{NewPassword: "Violet-Harbor-82", ConfirmPassword: "Violet-Harbor-82"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RevealSchoolPassword(w.ctx, w.sam, w.omar); !errors.Is(err, schoolreset.ErrSchoolPasswordReplaced) {
		t.Fatalf("reveal after a typed reset: got %v, want ErrSchoolPasswordReplaced", err)
	}
	if got := w.events(t, w.sam, "school_password_viewed", "refused", "school_password_replaced"); got != 1 {
		t.Errorf("got %d refused reveals audited, want 1", got)
	}
	if page, _ := w.svc.Student(w.ctx, w.sam, w.omar); page.SchoolPassword != schoolreset.SchoolPasswordReplaced {
		t.Errorf("page after the typed reset: got %q, want replaced", page.SchoolPassword)
	}
}

// TestUnlock: the page shows a locked recovery path and a throttled sign-in; unlocking opens
// both, each audited, and unlocking again is audited as nothing_locked.
func TestUnlock(t *testing.T) {
	w := newWorld(t)
	until := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	w.lockOut(t, w.ines, until)
	page, err := w.svc.Student(w.ctx, w.tess, w.ines)
	if err != nil {
		t.Fatal(err)
	}
	if page.RecoveryState != "locked" || !page.RecoveryLockedUntil.Equal(until) || page.SignInRetryAt.IsZero() {
		t.Fatalf("before: got recovery %q until %v, sign-in retry %v", page.RecoveryState, page.RecoveryLockedUntil, page.SignInRetryAt)
	}
	page, err = w.svc.Unlock(w.ctx, w.tess, w.ines, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if page.RecoveryState != "open" || !page.SignInRetryAt.IsZero() {
		t.Errorf("after: got recovery %q, sign-in retry %v", page.RecoveryState, page.SignInRetryAt)
	}
	if s := w.secrets(t, w.ines); s.RecoveryRows != 0 || s.SignInRows != 0 {
		t.Errorf("counters left: %+v", s)
	}
	if _, err := w.svc.Unlock(w.ctx, w.tess, w.ines, true, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		action, reason string
		want           int
	}{
		{"recovery_unlocked", "", 1}, {"sign_in_unlocked", "", 1}, {"recovery_unlocked", "nothing_locked", 1},
	} {
		if got := w.events(t, w.tess, tc.action, "succeeded", tc.reason); got != tc.want {
			t.Errorf("%s %q: got %d events, want %d", tc.action, tc.reason, got, tc.want)
		}
	}
	var emails int
	w.scan(t, `select count(*) from river_job`, nil, &emails)
	if emails != 0 {
		t.Errorf("got %d email jobs for an unlock, want 0", emails)
	}
}

// TestIssueAccessCode: the letter carries a code that verifies against the stored hash, in
// the guardian's language; a reissue ends the earlier unused code.
func TestIssueAccessCode(t *testing.T) {
	w := newWorld(t)
	w.linkGuardian(t, w.omar, "rosa@family.test.example", "Rosa Ruiz", "es")
	first, err := w.svc.IssueAccessCode(w.ctx, w.sam, w.omar)
	if err != nil {
		t.Fatal(err)
	}
	second, err := w.svc.IssueAccessCode(w.ctx, w.dana, w.omar)
	if err != nil {
		t.Fatal(err)
	}
	if second.Locale != "es" || second.SchoolName != "Alder School" || second.DistrictName != "Riverside" ||
		second.StudentNumber != "100000002" || second.FamilyPortalURL != "https://portal.test.example/family" ||
		second.SchoolContact != "Office 555-0101" || len(second.Code) != 14 {
		t.Errorf("letter: got %+v", second)
	}
	if d := time.Until(second.ExpiresAt); d < 59*24*time.Hour || d > 61*24*time.Hour {
		t.Errorf("expires in %v, want 60 days", d)
	}
	rows, err := w.h.Pool.Query(w.ctx, `select code_hash, expires_at > now() from parent_access_codes
		where student_id = $1 order by created_at`, w.omar)
	if err != nil {
		t.Fatal(err)
	}
	var live []bool
	for i := 0; rows.Next(); i++ {
		var hash string
		var alive bool
		if err := rows.Scan(&hash, &alive); err != nil {
			t.Fatal(err)
		}
		code := []string{first.Code, second.Code}[i]
		if ok, err := w.h.Portal.Hasher.Verify(w.ctx, policy.NormalizeAccessCode(code), hash); err != nil || !ok {
			t.Errorf("code %d does not verify against its hash: %v", i, err)
		}
		live = append(live, alive)
	}
	if len(live) != 2 || live[0] || !live[1] {
		t.Errorf("codes live: got %v, want [false true]", live)
	}
	page, _ := w.svc.Student(w.ctx, w.sam, w.omar)
	if page.AccessCode.State != "active" || !page.AccessCode.ExpiresAt.Equal(second.ExpiresAt) {
		t.Errorf("page: got access code %+v", page.AccessCode)
	}
}
