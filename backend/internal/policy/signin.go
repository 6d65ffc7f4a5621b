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

// FreshSignIn is how long a sign-in with the password vouches for that password: a student
// who must change it may leave the current one out that long after typing it to sign in.
const FreshSignIn = 10 * time.Minute

// MaySkipCurrentPassword reports whether a student may change the password without typing
// the current one at now: only one who must change it, in a session made by a sign-in with
// the password (at signedInAt; zero for any other session) less than FreshSignIn ago.
func MaySkipCurrentPassword(mustChange bool, signedInAt, now time.Time) bool {
	return mustChange && !signedInAt.IsZero() && now.Before(signedInAt.Add(FreshSignIn))
}
