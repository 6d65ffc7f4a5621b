package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/selfservice"
)

// StartForgotPassword starts a flow; the answer has the same shape for every username.
func (s *Server) StartForgotPassword(c echo.Context, params StartForgotPasswordParams) error {
	lang, err := language((*string)(params.Lang))
	if err != nil {
		return err
	}
	var req ForgotStartRequest
	if err := decode(c, &req, "username"); err != nil {
		return err
	}
	if strings.TrimSpace(req.Username) == "" {
		return &requestError{status: http.StatusBadRequest, code: "missing_field", rule: "required", field: "username",
			message: "Type your username."}
	}
	flowToken, questions, err := s.self.Start(c.Request().Context(), req.Username)
	if err != nil {
		return err
	}
	out := ForgotStart{FlowToken: flowToken, Questions: make([]Question, len(questions))}
	for i, q := range questions {
		out.Questions[i] = questionIn(q, lang)
	}
	return c.JSON(http.StatusOK, out)
}

// VerifyForgotPassword checks the PIN or the three answers.
func (s *Server) VerifyForgotPassword(c echo.Context) error {
	var req ForgotVerifyRequest
	if err := decode(c, &req, "flowToken", "method"); err != nil {
		return err
	}
	var pin string
	var answers []Answer
	switch req.Method {
	case Pin:
		if req.Pin == nil {
			return missingField("pin")
		}
		pin = *req.Pin
	case Questions:
		if req.Answers == nil {
			return missingField("answers")
		}
		answers = *req.Answers
	default:
		return badEnum("method", `The method must be "pin" or "questions".`)
	}
	resetToken, err := s.self.Verify(c.Request().Context(), req.FlowToken, selfservice.Method(req.Method), pin, questionAnswers(answers))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ForgotVerified{ResetToken: resetToken})
}

// ResetForgotPassword sets the new password of a verified flow.
func (s *Server) ResetForgotPassword(c echo.Context) error {
	var req ForgotResetRequest
	if err := decode(c, &req, "resetToken", "newPassword", "confirmPassword"); err != nil {
		return err
	}
	if err := s.self.Reset(c.Request().Context(), req.ResetToken, req.NewPassword, req.ConfirmPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
