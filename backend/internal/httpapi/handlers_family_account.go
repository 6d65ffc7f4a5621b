package httpapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/family"
)

// RegisterGuardian creates a family account; the answer is the same whether or not the
// email was registered already.
func (s *Server) RegisterGuardian(c echo.Context) error {
	var req RegisterGuardianRequest
	if err := decode(c, &req, "email", "name", "password", "confirmPassword", "locale"); err != nil {
		return err
	}
	if !req.Locale.Valid() {
		return badEnum("locale", `The locale must be "en" or "es".`)
	}
	err := s.family.Register(c.Request().Context(), family.Registration{
		Email: req.Email, Name: req.Name, Password: req.Password, ConfirmPassword: req.ConfirmPassword,
		Locale: string(req.Locale),
	})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

// VerifyGuardianEmail spends a verification link.
func (s *Server) VerifyGuardianEmail(c echo.Context) error {
	var req LinkTokenRequest
	if err := decode(c, &req, "token"); err != nil {
		return err
	}
	if err := s.family.VerifyEmail(c.Request().Context(), req.Token); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ResendGuardianVerification emails the signed-in guardian a new verification link.
func (s *Server) ResendGuardianVerification(c echo.Context) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	if err := s.family.ResendVerification(c.Request().Context(), sess.guardian.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

// SignInGuardian checks a guardian's email and password and sets the family cookie.
func (s *Server) SignInGuardian(c echo.Context) error {
	var req GuardianSignInRequest
	if err := decode(c, &req, "email", "password"); err != nil {
		return err
	}
	g, err := s.family.SignIn(c.Request().Context(), req.Email, req.Password)
	if err != nil {
		return err
	}
	return s.respondFamilySession(c, g, g.TokenVersion)
}

// GetGuardianSession describes the family session and hands out its CSRF token.
func (s *Server) GetGuardianSession(c echo.Context) error {
	sess, err := s.currentFamilySession(c)
	if errors.Is(err, errNotSignedIn) {
		return c.NoContent(http.StatusNoContent)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, guardianSession(s.tokens.Bind(sess.claims.ID), sess.claims.ExpiresAt.Time, sess.guardian))
}

// SignOutGuardian ends the family session on the server and clears its cookie (endSession).
func (s *Server) SignOutGuardian(c echo.Context) error {
	keepSigningOut(c)
	sess, err := s.requireGuardian(c)
	return s.endSession(c, s.familyCookieName(), sess.claims, err)
}

// StartGuardianForgotPassword emails a reset link to a registered address; the answer is
// the same for any address.
func (s *Server) StartGuardianForgotPassword(c echo.Context) error {
	var req GuardianForgotRequest
	if err := decode(c, &req, "email"); err != nil {
		return err
	}
	if err := s.family.StartForgot(c.Request().Context(), req.Email); err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

// CheckGuardianResetLink tells whether an emailed reset link still works, without spending it.
func (s *Server) CheckGuardianResetLink(c echo.Context) error {
	var req LinkTokenRequest
	if err := decode(c, &req, "token"); err != nil {
		return err
	}
	if err := s.family.CheckResetLink(c.Request().Context(), req.Token); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ResetGuardianPassword sets a new password with an emailed reset link.
func (s *Server) ResetGuardianPassword(c echo.Context) error {
	var req GuardianResetRequest
	if err := decode(c, &req, "token", "newPassword", "confirmPassword"); err != nil {
		return err
	}
	if err := s.family.ResetWithLink(c.Request().Context(), req.Token, req.NewPassword, req.ConfirmPassword); err != nil {
		return err
	}
	s.clearFamilyCookie(c)
	return c.NoContent(http.StatusNoContent)
}

// ChangeGuardianPassword changes the signed-in guardian's password and re-issues the session.
func (s *Server) ChangeGuardianPassword(c echo.Context) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	var req ChangePasswordRequest
	if err := decode(c, &req, "currentPassword", "newPassword", "confirmPassword"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	version, err := s.family.ChangePassword(ctx, sess.guardian.ID, req.CurrentPassword, req.NewPassword, req.ConfirmPassword)
	if err != nil {
		return err
	}
	return s.respondFamilySession(c, sess.guardian, version)
}

// SetGuardianLanguage sets the language of the guardian's emails.
func (s *Server) SetGuardianLanguage(c echo.Context) error {
	sess, err := s.requireGuardian(c)
	if err != nil {
		return err
	}
	var req GuardianLanguageRequest
	if err := decode(c, &req, "locale"); err != nil {
		return err
	}
	if !req.Locale.Valid() {
		return badEnum("locale", `The locale must be "en" or "es".`)
	}
	if err := s.family.SetLanguage(c.Request().Context(), sess.guardian.ID, string(req.Locale)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
