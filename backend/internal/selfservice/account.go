package selfservice

import (
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// Account is what a student sees of their own account: recovery status and
// dates, never a secret.
type Account struct {
	Username           string
	Email              string
	FirstName          string
	LastName           string
	Grade              int
	PINSet             bool
	QuestionsSet       bool
	PasswordChangedAt  time.Time
	NextSelfResetAt    time.Time // zero when a self-reset is possible now
	SelfResetEligible  bool
	SelfResetAvailable bool
}

// Account returns the summary of a student's account as read.
func (s *Service) Account(st accounts.Student) Account {
	now := s.now()
	a := Account{
		Username: st.Username, Email: st.Email, FirstName: st.FirstName, LastName: st.LastName,
		Grade: st.Grade, PINSet: st.HasPIN(), QuestionsSet: st.HasQuestions(),
		PasswordChangedAt: st.PasswordChangedAt,
		SelfResetEligible: policy.CanSelfReset(st.Grade, s.Settings),
	}
	if next := policy.NextSelfReset(st.LastSelfResetAt, s.Settings); now.Before(next) {
		a.NextSelfResetAt = next
	}
	a.SelfResetAvailable = a.SelfResetEligible && (a.PINSet || a.QuestionsSet) && a.NextSelfResetAt.IsZero()
	return a
}
