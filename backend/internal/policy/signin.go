package policy

import "time"

// Sign-in throttle: after SignInFreeFailures consecutive failed sign-ins an
// account accepts one attempt per SignInDelay. A delay, not a lock, so a
// classmate typing wrong passwords cannot shut a student out for long, while
// online guessing drops to one try a minute.
const (
	SignInFreeFailures = 10
	SignInDelay        = time.Minute
)

// SignInWait returns how long an account with failures consecutive failed
// sign-ins, the last at lastFailure, must still wait at now before the next
// attempt; zero means it may try now.
func SignInWait(failures int, lastFailure, now time.Time) time.Duration {
	if failures < SignInFreeFailures || lastFailure.IsZero() {
		return 0
	}
	wait := lastFailure.Add(SignInDelay).Sub(now)
	if wait < 0 {
		return 0
	}
	return wait
}
