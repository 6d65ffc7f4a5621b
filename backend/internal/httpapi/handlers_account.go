package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/selfservice"
)

// GetMyAccount returns the signed-in student's account and recovery status.
func (s *Server) GetMyAccount(c echo.Context) error {
	sess, err := s.requireStudent(c, false)
	if err != nil {
		return err
	}
	a := s.self.Account(sess.student)
	with := Password
	switch {
	case sess.claims.Badge:
		with = Badge
	case sess.claims.Pictures:
		with = Pictures
	}
	return c.JSON(http.StatusOK, Account{
		SignedInWith: &with,
		Username:     a.Username, Email: a.Email, FirstName: a.FirstName, LastName: a.LastName,
		Grade: a.Grade, PinSet: a.PINSet, QuestionsSet: a.QuestionsSet,
		PasswordChangedAt: timePtr(a.PasswordChangedAt), NextSelfResetAt: timePtr(a.NextSelfResetAt),
		SelfResetEligible: a.SelfResetEligible, SelfResetAvailable: a.SelfResetAvailable,
	})
}

// ChangeMyPassword changes the password and re-issues this session: the
// change ended every session, this one included. A student who must change the password may
// leave out the current one right after signing in with it (freshSignInUntil): typing it
// again seconds later proves nothing more. Everyone else types it.
func (s *Server) ChangeMyPassword(c echo.Context) error {
	sess, err := s.requirePasswordSession(c, true)
	if err != nil {
		return err
	}
	var req StudentChangePasswordRequest
	if err := decode(c, &req, "newPassword", "confirmPassword"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	var version int
	switch {
	case req.CurrentPassword != nil:
		version, err = s.self.ChangePassword(ctx, sess.claims.Subject, *req.CurrentPassword, req.NewPassword, req.ConfirmPassword)
	case policy.MaySkipCurrentPassword(sess.student.MustChangePassword, signedInAt(sess.claims), time.Now()):
		version, err = s.self.ChangeStartingPassword(ctx, sess.claims.Subject, sess.claims.Version,
			signedInAt(sess.claims), req.NewPassword, req.ConfirmPassword)
	default:
		err = selfservice.ErrCurrentPasswordNeeded
	}
	if errors.Is(err, selfservice.ErrCurrentPasswordNeeded) {
		return missingField("currentPassword")
	}
	if err != nil {
		return err
	}
	st, err := s.students.StudentByID(ctx, sess.claims.Subject)
	if err != nil {
		return err
	}
	return s.respondSession(c, st, version, false)
}

// SetMyPIN sets or replaces the recovery PIN.
func (s *Server) SetMyPIN(c echo.Context) error {
	sess, err := s.requirePasswordSession(c, false)
	if err != nil {
		return err
	}
	var req SetPINRequest
	if err := decode(c, &req, "currentPassword", "pin"); err != nil {
		return err
	}
	if err := s.self.SetPIN(c.Request().Context(), sess.claims.Subject, req.CurrentPassword, req.Pin); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// SetMySecurityQuestions sets or replaces the three security questions.
func (s *Server) SetMySecurityQuestions(c echo.Context) error {
	sess, err := s.requirePasswordSession(c, false)
	if err != nil {
		return err
	}
	var req SetQuestionsRequest
	if err := decode(c, &req, "currentPassword", "answers"); err != nil {
		return err
	}
	err = s.self.SetQuestions(c.Request().Context(), sess.claims.Subject, req.CurrentPassword, questionAnswers(req.Answers))
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListSecurityQuestions returns the catalogue in the asked language.
func (s *Server) ListSecurityQuestions(c echo.Context, params ListSecurityQuestionsParams) error {
	lang, err := language((*string)(params.Lang))
	if err != nil {
		return err
	}
	catalogue := policy.QuestionCatalogue()
	out := make([]Question, len(catalogue))
	for i, q := range catalogue {
		out[i] = questionIn(q, lang)
	}
	return c.JSON(http.StatusOK, map[string][]Question{"questions": out})
}

func questionAnswers(in []Answer) []selfservice.QuestionAnswer {
	out := make([]selfservice.QuestionAnswer, len(in))
	for i, a := range in {
		out[i] = selfservice.QuestionAnswer{QuestionID: a.QuestionId, Answer: a.Answer}
	}
	return out
}

func questionIn(q policy.Question, lang string) Question {
	if lang == "es" {
		return Question{Id: q.ID, Text: q.ES}
	}
	return Question{Id: q.ID, Text: q.EN}
}

// language checks the optional lang parameter.
func language(lang *string) (string, error) {
	if lang == nil || *lang == "" {
		return "en", nil
	}
	if *lang != "en" && *lang != "es" {
		return "", &requestError{status: http.StatusBadRequest, code: "invalid_parameter", rule: "enum", field: "lang",
			message: `The language must be "en" (English) or "es" (Spanish).`}
	}
	return *lang, nil
}
