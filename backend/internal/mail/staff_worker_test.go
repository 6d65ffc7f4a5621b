package mail

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

const staffLink = "https://portal.example/staff/reset-password#token=abc"

// sealedStaff returns a recent staff reset email with its link sealed for the recipient.
func sealedStaff(t *testing.T, s *accounts.Sealer) StaffEmailArgs {
	t.Helper()
	a := sampleStaff(StaffResetPassword)
	a.OccurredAt = time.Now().Add(-time.Minute)
	sealed, keyID, err := s.Seal(staffLink, StaffLinkAD(a.To))
	if err != nil {
		t.Fatal(err)
	}
	a.SealedLink, a.LinkKeyID = sealed, keyID
	return a
}

func newStaffJob(id int64, args StaffEmailArgs) *river.Job[StaffEmailArgs] {
	return &river.Job[StaffEmailArgs]{JobRow: &rivertype.JobRow{ID: id, Attempt: 1}, Args: args}
}

// TestStaffWorkSends: the staff worker opens the link sealed for the staff address and
// sends it with the staff Message-ID, in English, from its own district.
func TestStaffWorkSends(t *testing.T) {
	c := startCatcher(t)
	sealer := testSealer(t)
	w := &StaffWorker{Sender: senderFor(t, c.SMTPAddr()), Links: sealer, District: District{Name: "Worker District"}}
	args := sealedStaff(t, sealer)
	if err := w.Work(t.Context(), newStaffJob(31, args)); err != nil {
		t.Fatalf("Work: %v", err)
	}
	got := waitFor(t, c, args.To)
	for k, want := range map[string]string{"Message-Id": "<staff-31@portal.example.org>", "Content-Language": "en"} {
		if got := strings.Join(got.Headers[k], ""); got != want {
			t.Errorf("header %s: got %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(got.Text, staffLink) || !strings.Contains(got.Text, "Worker District") {
		t.Errorf("Text: got\n%s\nwant the opened link and the worker's district", got.Text)
	}
}

// TestStaffWorkCancelsUnsendableJobs: what can never be sent is cancelled, each for its
// reason, and the log holds neither the address nor the link.
func TestStaffWorkCancelsUnsendableJobs(t *testing.T) {
	sealer := testSealer(t)
	tests := []struct {
		name string
		edit func(*StaffEmailArgs)
		want error
	}{
		{"corrupt sealed link", func(a *StaffEmailArgs) { a.SealedLink[len(a.SealedLink)-1] ^= 1 }, accounts.ErrSealedCorrupt},
		{"link sealed as a family link", func(a *StaffEmailArgs) {
			a.SealedLink, a.LinkKeyID, _ = sealer.Seal(staffLink, FamilyLinkAD(a.To))
		}, accounts.ErrSealedCorrupt},
		{"link expired", func(a *StaffEmailArgs) { a.OccurredAt = time.Now().Add(-31 * time.Minute) }, ErrLinkExpired},
		{"reset without a link", func(a *StaffEmailArgs) { a.SealedLink, a.LinkKeyID = nil, "" }, ErrInvalidArgs},
		{"unknown kind", func(a *StaffEmailArgs) { a.EmailKind = "welcome" }, ErrInvalidArgs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log logBuffer
			w := &StaffWorker{Sender: senderFor(t, "127.0.0.1:1"), Links: sealer, Logger: log.logger()}
			args := sealedStaff(t, sealer)
			tt.edit(&args)
			err := w.Work(t.Context(), newStaffJob(9, args))
			var cancel *rivertype.JobCancelError
			if !errors.As(err, &cancel) || !errors.Is(err, tt.want) {
				t.Errorf("Work: got error %v, want a JobCancel wrapping %v", err, tt.want)
			}
			if l := log.String(); strings.Contains(l, args.To) || strings.Contains(l, "token=") {
				t.Errorf("log: got %s, want neither the address nor the link", l)
			}
		})
	}
}

// TestPayloadKeys pins the JSON of both payloads, which queued jobs hold: the shared
// Envelope's fields stand at the top level beside the kind's own, as they did before it.
func TestPayloadKeys(t *testing.T) {
	family := sampleFamily(FamilyPasswordChanged)
	family.SealedLink, family.LinkKeyID, family.TimeZone = []byte{1}, "k1", "UTC"
	tests := []struct {
		name string
		args any
		want []string
	}{
		{"family", family, []string{"child_name", "kind", "link_key_id", "linked_by", "locale", "name", "occurred_at",
			"school_contact", "sealed_link", "sign_in_url", "time_zone", "to", "via"}},
		{"staff", sampleStaff(StaffRecoveryCodeUsed), []string{"codes_left", "kind", "name", "occurred_at", "passkey_name",
			"regeneration", "reset_by", "roster_import", "sign_in_url", "time_zone", "to", "via"}},
	}
	for _, tc := range tests {
		b, err := json.Marshal(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		got := slices.Sorted(maps.Keys(m))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got keys %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestStaffJobSettings: staff emails go on the mail queue with a confirmation's attempts, as
// family emails do (their Envelope's InsertOpts), under their own kind.
func TestStaffJobSettings(t *testing.T) {
	var args interface {
		river.JobArgs
		river.JobArgsWithInsertOpts
	} = StaffEmailArgs{}
	if got := args.Kind(); got != "staff_email" {
		t.Errorf("Kind: got %q, want staff_email", got)
	}
	if opts := args.InsertOpts(); opts.Queue != QueueMail || opts.MaxAttempts != confirmationMaxAttempts {
		t.Errorf("InsertOpts: got %+v, want the mail queue and %d attempts", opts, confirmationMaxAttempts)
	}
}
