package mail

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func sampleStaff(kind StaffEmailKind) StaffEmailArgs {
	return StaffEmailArgs{
		Envelope: Envelope{
			To: "teacher@district.example", Name: "Tess",
			OccurredAt: time.Date(2026, 3, 14, 13, 30, 0, 0, time.UTC), TimeZone: "America/New_York",
			SignInURL: "https://portal.example/staff", Via: StaffViaSignedIn,
			District: District{Name: "Riverside USD", HelpPhone: "(212) 555-0100"},
		},
		EmailKind: kind, CodesLeft: 7, PasskeyName: "School laptop", ResetBy: "Helen Park",
		Regeneration: &RegenerationSummary{Status: "cancelled", Done: 1200, Total: 5000, Seconds: 3,
			PageURL: "https://portal.example/staff/district/regenerate/42"},
		RosterImport: &RosterImportSummary{Status: "applied", FileName: "sis-nightly.zip", Added: 12, Changed: 3, Retired: 2,
			PageURL: "https://portal.example/staff/district/setup"},
	}
}

// TestRenderStaff renders every kind: its subject, the greeting, the district, the facts of
// the kind, and the link only where it belongs.
func TestRenderStaff(t *testing.T) {
	const link = "https://portal.example/staff/reset-password#token=abc"
	want := map[StaffEmailKind][]string{
		StaffResetPassword:     {"Reset your staff portal password", link, "until Saturday, March 14, 2026 at 10:00 AM EDT"},
		StaffPasswordChanged:   {"password was changed", "March 14, 2026 at 9:30 AM", "signed out"},
		StaffTOTPEnrolled:      {"authenticator app was set up", "ten new recovery codes"},
		StaffRecoveryCodeUsed:  {"recovery code was used", "7 remain"},
		StaffPasskeyAdded:      {"passkey was added", "“School laptop”"},
		StaffPasskeyRemoved:    {"passkey was removed", "“School laptop”"},
		StaffSecondFactorReset: {"second step was reset", "Helen Park"},
		StaffRegenerationEnded: {"regeneration is cancelled", "1200 of 5000 students", "in 3 seconds",
			"the others were not changed", "https://portal.example/staff/district/regenerate/42"},
		StaffRosterImportEnded: {"roster import “sis-nightly.zip” is applied", "12 rows added, 3 changed and 2 retired",
			"https://portal.example/staff/district/setup"},
	}
	if len(want) != len(StaffEmailKinds) {
		t.Fatalf("the test covers %d kinds, want all %d", len(want), len(StaffEmailKinds))
	}
	for _, kind := range StaffEmailKinds {
		t.Run(string(kind), func(t *testing.T) {
			l := ""
			if kind.LinkLifetime() > 0 {
				l = link
			}
			r, err := RenderStaff(sampleStaff(kind), l)
			if err != nil {
				t.Fatal(err)
			}
			all := r.Subject + "\n" + r.Text
			for _, s := range append(want[kind], "Tess", "Riverside USD", "(212) 555-0100", "https://portal.example/staff") {
				if !strings.Contains(all, s) {
					t.Errorf("got %q, want it to contain %q", all, s)
				}
			}
			if !strings.Contains(r.HTML, "Riverside USD") {
				t.Error("the HTML does not name the district")
			}
			if (l != "") != strings.Contains(r.HTML, "Choose a new password") {
				t.Error("the HTML's button is not there exactly when there is a link")
			}
			if l == "" && strings.Contains(all, "#token=") {
				t.Error("a kind without a link shows one")
			}
		})
	}
}

// TestRenderStaffRefuses bad payloads with ErrInvalidArgs.
func TestRenderStaffRefuses(t *testing.T) {
	noTime := sampleStaff(StaffTOTPEnrolled)
	noTime.OccurredAt = time.Time{}
	tests := []struct {
		name string
		a    StaffEmailArgs
		link string
	}{
		{"unknown kind", sampleStaff("nope"), ""},
		{"no time", noTime, ""},
		{"reset without a link", sampleStaff(StaffResetPassword), ""},
		{"reset with a relative link", sampleStaff(StaffResetPassword), "/staff/reset-password#token=x"},
		{"a notice given a link", sampleStaff(StaffPasswordChanged), "https://portal.example/x"},
		{"a regeneration without its summary", StaffEmailArgs{Envelope: noTime.Envelope, EmailKind: StaffRegenerationEnded}, ""},
		{"a roster import without its summary", StaffEmailArgs{Envelope: noTime.Envelope, EmailKind: StaffRosterImportEnded}, ""},
		{"a regeneration of an unknown status", func() StaffEmailArgs {
			a := sampleStaff(StaffRegenerationEnded)
			a.Regeneration = &RegenerationSummary{Status: "running"}
			return a
		}(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := RenderStaff(tt.a, tt.link); !errors.Is(err, ErrInvalidArgs) {
				t.Errorf("got %v, want ErrInvalidArgs", err)
			}
		})
	}
}
