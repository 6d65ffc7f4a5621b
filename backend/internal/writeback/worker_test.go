package writeback

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/directory"
)

// memStore is one student's row in memory.
type memStore struct {
	Store
	row      Current
	state    string
	reason   string
	attempts int
	busy     bool
}

func (m *memStore) Locked(ctx context.Context, _ string, fn func(context.Context) error) (bool, error) {
	if m.busy {
		return false, nil
	}
	return true, fn(ctx)
}
func (m *memStore) Current(context.Context, string) (Current, bool, error) {
	return m.row, m.state == StatePending, nil
}
func (m *memStore) finish(gen int64, state, reason string) bool {
	if m.state != StatePending || gen != m.row.Generation {
		return false
	}
	m.state, m.reason, m.row.Sealed = state, reason, nil
	m.attempts++
	return true
}
func (m *memStore) Written(_ context.Context, _ string, gen int64, _ time.Time) (bool, error) {
	return m.finish(gen, "written", ""), nil
}
func (m *memStore) Failed(_ context.Context, _ string, gen int64, reason string, _ time.Time) (bool, error) {
	return m.finish(gen, StateFailed, reason), nil
}
func (m *memStore) Retrying(_ context.Context, _ string, gen int64, reason string, _ time.Time) error {
	if gen == m.row.Generation {
		m.attempts++
		m.reason = reason
	}
	return nil
}

// fakeDirectory records what it was asked to write; during runs once, before answering.
type fakeDirectory struct {
	wrote  []string
	err    error
	during func()
}

func (f *fakeDirectory) SetPassword(_ context.Context, username, password string) error {
	f.wrote = append(f.wrote, username+"="+password)
	if d := f.during; d != nil {
		f.during = nil
		d()
	}
	return f.err
}

func newWorld(t *testing.T) (*Worker, *memStore, *fakeDirectory, func(gen int64, pw string)) {
	t.Helper()
	sealer, err := accounts.NewSealer(map[string][]byte{"k": bytes.Repeat([]byte{7}, 32)}, "k")
	if err != nil {
		t.Fatal(err)
	}
	store, dir := &memStore{}, &fakeDirectory{}
	set := func(gen int64, pw string) {
		sealed, key, _ := sealer.Seal(pw, []byte("st-1"))
		store.row = Current{StudentID: "st-1", Username: "maya", Generation: gen, Sealed: sealed, KeyID: key}
		store.state = StatePending
	}
	return &Worker{Store: store, Sealer: sealer, Directory: dir}, store, dir, set
}

func job(attempt, max int) *river.Job[Args] {
	return &river.Job[Args]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: max}, Args: Args{StudentID: "st-1"}}
}

func TestWorkerWritesTheNewestEvenWhenItArrivesMidWrite(t *testing.T) {
	w, store, dir, set := newWorld(t)
	set(1, "Older-Pass-11")
	dir.during = func() { set(2, "Newer-Pass-22") } // a change commits while the job writes
	if err := w.Work(context.Background(), job(1, 5)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(dir.wrote, ","); got != "maya=Older-Pass-11,maya=Newer-Pass-22" {
		t.Errorf("writes: got %s, want the older then the newer", got)
	}
	if store.state != "written" || store.row.Generation != 2 || store.row.Sealed != nil {
		t.Errorf("row: got %s gen %d, want written gen 2 with no seal", store.state, store.row.Generation)
	}
	// A later job of the older change finds nothing pending and writes nothing.
	dir.wrote = nil
	if err := w.Work(context.Background(), job(1, 5)); err != nil || len(dir.wrote) != 0 {
		t.Errorf("the older change's job: err %v, wrote %v; want nothing", err, dir.wrote)
	}
}

func TestWorkerRetriesWhileUnavailableThenFailsOnTheLastAttempt(t *testing.T) {
	w, store, dir, set := newWorld(t)
	set(1, "Some-Pass-33")
	dir.err = fmt.Errorf("dial: %w", directory.ErrUnavailable)
	if err := w.Work(context.Background(), job(1, 3)); !errors.Is(err, directory.ErrUnavailable) {
		t.Fatalf("attempt 1: got %v, want the error back, for River to retry", err)
	}
	if store.state != StatePending || store.attempts != 1 || !strings.Contains(store.reason, "could not be reached") {
		t.Errorf("after attempt 1: %s, %d attempts, %q", store.state, store.attempts, store.reason)
	}
	if err := w.Work(context.Background(), job(3, 3)); err != nil {
		t.Fatalf("last attempt: got %v, want nil (the row records the failure)", err)
	}
	if store.state != StateFailed || store.row.Sealed != nil {
		t.Errorf("after the last attempt: %s, sealed %v", store.state, store.row.Sealed != nil)
	}
}

func TestWorkerFailsARefusalAtOnce(t *testing.T) {
	w, store, dir, set := newWorld(t)
	set(4, "Some-Pass-44")
	dir.err = fmt.Errorf("search: %w", directory.ErrNoEntry)
	if err := w.Work(context.Background(), job(1, 1000)); err != nil {
		t.Fatal(err)
	}
	if store.state != StateFailed || store.reason != `The directory has no account with the username "maya".` {
		t.Errorf("got %s %q", store.state, store.reason)
	}
}

func TestNextRetryBacksOffToTheCap(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	w := &Worker{now: func() time.Time { return now }}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second,
		9: 256 * time.Second, 10: 5 * time.Minute, 500: 5 * time.Minute} {
		if got := w.NextRetry(job(attempt, 1000)).Sub(now); got != want {
			t.Errorf("attempt %d: got %v, want %v", attempt, got, want)
		}
	}
	w.RetryBase, w.RetryCap = 50*time.Millisecond, 400*time.Millisecond
	if got := w.NextRetry(job(3, 10)).Sub(now); got != 200*time.Millisecond {
		t.Errorf("test settings, attempt 3: got %v, want 200ms", got)
	}
}

func TestReasonSaysWhatToFix(t *testing.T) {
	ldapErr := func(code uint16) error {
		return fmt.Errorf("directory: op: %w: %w", directory.ErrRefused, ldap.NewError(code, errors.New("server says no")))
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("x: %w", directory.ErrNoEntry), `The directory has no account with the username "maya".`},
		{fmt.Errorf("x: %w", directory.ErrAmbiguous), `More than one directory account has the username "maya".`},
		{fmt.Errorf("x: %w", directory.ErrUnavailable), "The directory could not be reached: "},
		{ldapErr(ldap.LDAPResultInvalidCredentials), "did not accept the service account's password (PORTAL_DIRECTORY_BIND_PASSWORD)"},
		{ldapErr(ldap.LDAPResultInsufficientAccessRights), `may not set the password of "maya"`},
		{ldapErr(ldap.LDAPResultConstraintViolation), "own password rules refused"},
		{ldapErr(ldap.LDAPResultUnwillingToPerform), "own password rules refused"},
		{ldapErr(ldap.LDAPResultOther), "The directory refused the new password: "},
		{fmt.Errorf("%w: x", errUnsealable), "could not be unsealed"},
	} {
		if got := Reason(tc.err, "maya"); !strings.Contains(got, tc.want) {
			t.Errorf("Reason(%v): got %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}

func TestWorkerSnoozesWhileAnotherJobOfTheStudentWrites(t *testing.T) {
	w, store, dir, set := newWorld(t)
	set(1, "Some-Pass-55")
	store.busy = true
	err := w.Work(context.Background(), job(1, 5))
	var snooze *rivertype.JobSnoozeError
	if !errors.As(err, &snooze) || len(dir.wrote) != 0 || store.attempts != 0 {
		t.Errorf("got %v, wrote %v, %d attempts; want a snooze and nothing written or counted", err, dir.wrote, store.attempts)
	}
}
