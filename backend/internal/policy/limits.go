package policy

import (
	"errors"
	"fmt"
	"time"
)

// ErrSelfResetWindow reports a self-reset refused because the previous one was too recent.
// A *WindowError matches it with errors.Is.
var ErrSelfResetWindow = errors.New("policy: self-reset window has not passed")

// WindowError is the refusal of a self-reset inside the self-reset window. Next is the
// first moment a self-reset is allowed again.
type WindowError struct {
	Next time.Time
}

// Error names the date of the next allowed self-reset and the paths that can help sooner.
// The date is written in Next's location.
func (e *WindowError) Error() string {
	return fmt.Sprintf("you can reset your password yourself again on %s; "+
		"a parent or guardian, or your school, can help sooner", e.Next.Format("January 2, 2006"))
}

// Is reports whether target is ErrSelfResetWindow.
func (e *WindowError) Is(target error) bool {
	return target == ErrSelfResetWindow
}

// NextSelfReset returns the first moment a self-reset is allowed after the one at
// lastSelfReset, or the zero time when there has been none.
func NextSelfReset(lastSelfReset time.Time, s Settings) time.Time {
	if lastSelfReset.IsZero() {
		return time.Time{}
	}
	return lastSelfReset.Add(s.SelfResetWindow)
}

// CheckSelfResetWindow returns nil when a self-reset is allowed at now, and otherwise a
// *WindowError naming the next allowed moment. The window is half-open: a self-reset
// exactly SelfResetWindow after the last one is allowed.
func CheckSelfResetWindow(lastSelfReset, now time.Time, s Settings) error {
	next := NextSelfReset(lastSelfReset, s)
	if next.IsZero() || !now.Before(next) {
		return nil
	}
	return &WindowError{Next: next}
}

// RecoveryState is the attempt counter of a student's recovery verification (PIN or
// security questions on the forgot-password path). The zero value is a fresh state.
type RecoveryState struct {
	ConsecutiveFailures int
	LockedUntil         time.Time
	Disabled            bool
}

// RecoveryVerdict says whether recovery verification may be attempted.
type RecoveryVerdict int

// Recovery verdicts. The zero value is no verdict.
const (
	// RecoveryOpen allows an attempt.
	RecoveryOpen RecoveryVerdict = iota + 1
	// RecoveryLocked refuses attempts until LockedUntil.
	RecoveryLocked
	// RecoveryDisabled refuses attempts until the student sets a PIN or questions again
	// while signed in.
	RecoveryDisabled
)

// String returns "open", "locked" or "disabled".
func (v RecoveryVerdict) String() string {
	switch v {
	case RecoveryOpen:
		return "open"
	case RecoveryLocked:
		return "locked"
	case RecoveryDisabled:
		return "disabled"
	default:
		return fmt.Sprintf("RecoveryVerdict(%d)", int(v))
	}
}

// RecoveryStatus returns whether st allows a verification attempt at now. A lock ends at
// LockedUntil exactly.
func RecoveryStatus(st RecoveryState, now time.Time) RecoveryVerdict {
	switch {
	case st.Disabled:
		return RecoveryDisabled
	case now.Before(st.LockedUntil):
		return RecoveryLocked
	default:
		return RecoveryOpen
	}
}

// AfterFailedVerification returns the state after a failed verification at now.
//
// With the default settings failure 5 locks recovery for 15 minutes; once the lock ends
// the student has 4 more tries, and failure 10 disables recovery. In general every
// multiple of LockAfterFailures locks until now+LockDuration, and reaching
// DisableAfterFailures disables (without a new lock, which would be moot). A setting of
// zero or less turns its limit off.
func AfterFailedVerification(st RecoveryState, now time.Time, s Settings) RecoveryState {
	st.ConsecutiveFailures++
	n := st.ConsecutiveFailures
	switch {
	case s.DisableAfterFailures > 0 && n >= s.DisableAfterFailures:
		st.Disabled = true
	case s.LockAfterFailures > 0 && n%s.LockAfterFailures == 0:
		st.LockedUntil = now.Add(s.LockDuration)
	}
	return st
}

// AfterSuccessfulVerification returns the state after a successful verification: no
// failures and no lock. It does not lift Disabled, because a disabled state must not have
// reached verification; only [RecoveryReset] does.
func AfterSuccessfulVerification(st RecoveryState) RecoveryState {
	return RecoveryState{Disabled: st.Disabled}
}

// RecoveryReset returns the state after the student sets a PIN or security questions
// again while signed in: no failures, no lock, enabled.
func RecoveryReset() RecoveryState {
	return RecoveryState{}
}
