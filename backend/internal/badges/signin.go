package badges

import (
	"context"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// tryWindow is the window of the per-address badge throttle.
const tryWindow = time.Minute

// SignIn finds the student of a badge token shown from client address ip. The try counts
// against the address before anything is looked up, so a burst of guesses meets the limit
// exactly (*ThrottledError past it). Any token that does not sign in is ErrInvalid: a
// token is 256 random bits, so a digest lookup is enough and no slow hash is needed.
func (s *Service) SignIn(ctx context.Context, token, ip string) (accounts.Student, error) {
	at := s.now()
	ok, windowEnd, err := s.Store.ClaimTry(ctx, "badge-ip:"+ip, at, s.triesPerMinute(), tryWindow)
	if err != nil {
		return accounts.Student{}, err
	}
	if !ok {
		return accounts.Student{}, &ThrottledError{RetryAt: windowEnd}
	}
	digest, ok := digestOf(token)
	if !ok {
		return accounts.Student{}, ErrInvalid
	}
	st, ok, err := s.Store.Use(ctx, digest, s.Settings.BadgeMaxGrade, at)
	if err != nil {
		return accounts.Student{}, err
	}
	if !ok {
		return accounts.Student{}, ErrInvalid
	}
	return st, nil
}
