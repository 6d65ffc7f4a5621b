package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestForgotByEmail: the school email starts the same flow as the username:
// the student's own questions, a working PIN, and one lock shared by both.
func TestForgotByEmail(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()

	t.Run("email proves like the username", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{PIN: forgotPIN, Answers: forgotAnswers})
		r := forgotExpect(t, "start by email", c.ForgotStart(" "+strings.ToUpper(st.Email)+" "), http.StatusOK, "")
		if got, want := forgotShownQuestions(t, r), forgotQuestionIDs(forgotAnswers); !slices.Equal(got, want) {
			t.Errorf("got questions %v, want the student's own %v", got, want)
		}
		v := forgotExpect(t, "verify", c.ForgotVerifyPIN(r.String("flowToken"), forgotPIN), http.StatusOK, "")
		if v.String("resetToken") == "" {
			t.Errorf("got %s, want a reset token", v.Raw)
		}
	})

	t.Run("five wrong PINs by email lock the username", func(t *testing.T) {
		st := h.Student(apitest.StudentOpts{PIN: forgotPIN})
		flow := forgotFlow(t, c, st.Email)
		for range 5 {
			forgotExpect(t, "wrong PIN", c.ForgotVerifyPIN(flow, forgotWrongPIN), http.StatusUnauthorized, "verification_failed")
		}
		if a := h.ForgotAttempts(st.Username); a.ConsecutiveFailures != 5 {
			t.Errorf("got %d failures on the username's counter, want 5", a.ConsecutiveFailures)
		}
		byName := forgotFlow(t, c, st.Username)
		forgotExpect(t, "right PIN by username", c.ForgotVerifyPIN(byName, forgotPIN), http.StatusTooManyRequests, "recovery_locked")
	})

	t.Run("an unknown email answers like an unknown username", func(t *testing.T) {
		for _, typed := range []string{"nosuchkid7311@students.test.example", "nosuchkid7311"} {
			r := forgotExpect(t, "start "+typed, c.ForgotStart(typed), http.StatusOK, "")
			if got, want := forgotKeys(r.Body), []string{"flowToken", "questions"}; !slices.Equal(got, want) {
				t.Errorf("%s: response keys %v, want %v", typed, got, want)
			}
			if ids := forgotShownQuestions(t, r); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 3 {
				t.Errorf("%s: got questions %v, want three different ones", typed, ids)
			}
			for range 5 {
				forgotExpect(t, typed, c.ForgotVerifyPIN(r.String("flowToken"), forgotPIN), http.StatusUnauthorized, "verification_failed")
			}
			forgotExpect(t, typed+" locked", c.ForgotVerifyPIN(r.String("flowToken"), forgotPIN), http.StatusTooManyRequests, "recovery_locked")
		}
	})
}
