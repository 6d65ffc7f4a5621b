package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// SignInStaff checks the email and password and sets the pending cookie of the second step.
func (s *Server) SignInStaff(c echo.Context) error {
	var req StaffSignInRequest
	if err := decode(c, &req, "email", "password"); err != nil {
		return err
	}
	m, err := s.staff.SignIn(c.Request().Context(), req.Email, req.Password)
	if err != nil {
		return err
	}
	token, claims, err := s.tokens.IssueStaff(tokens.StaffPending, m.ID, m.TokenVersion, tokens.StaffTimes{}, staff.PendingTTL)
	if err != nil {
		return err
	}
	s.setStaffCookie(c, s.staffPendingCookieName(), token, claims.ExpiresAt.Time)
	return c.JSON(http.StatusOK, s.staffStep(claims, m))
}

// GetStaffPendingSignIn describes the sign-in waiting for its second factor; 204 if none.
func (s *Server) GetStaffPendingSignIn(c echo.Context) error {
	claims, m, err := s.pendingStaff(c)
	if errors.Is(err, errNotSignedIn) {
		return c.NoContent(http.StatusNoContent)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.staffStep(claims, m))
}

// GetStaffSession describes the staff session (sliding its idle limit); 204 if none.
func (s *Server) GetStaffSession(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if errors.Is(err, errNotSignedIn) {
		return c.NoContent(http.StatusNoContent)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.staffSessionOut(sess.claims, sess.member))
}

// SignOutStaff ends the staff session on the server and clears its cookie.
func (s *Server) SignOutStaff(c echo.Context) error {
	keepSigningOut(c)
	sess, err := s.currentStaffSession(c)
	if err == nil {
		err = s.requireCSRF(c, sess.claims)
	}
	return s.endStaffSession(c, sess, err)
}

// StartStaffTotpEnrolment shows a new authenticator secret to a pending sign-in without a
// second factor.
func (s *Server) StartStaffTotpEnrolment(c echo.Context) error {
	_, m, err := s.pendingStaff(c)
	if err != nil {
		return err
	}
	e, err := s.staff.StartEnrolment(c.Request().Context(), m)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, TotpEnrolment{Secret: e.Secret, OtpauthUri: e.URI, QrCode: e.QRCode})
}

// ConfirmStaffTotpEnrolment enrols the authenticator with a code and signs in.
func (s *Server) ConfirmStaffTotpEnrolment(c echo.Context) error {
	pending, m, err := s.pendingStaff(c)
	if err != nil {
		return err
	}
	var req SecondFactorCodeRequest
	if err := decode(c, &req, "code"); err != nil {
		return err
	}
	codes, err := s.staff.ConfirmEnrolment(c.Request().Context(), m, req.Code)
	if err != nil {
		return err
	}
	out, err := s.finishStaffSignIn(c, pending, m.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, StaffEnrolled{Session: out, RecoveryCodes: codes})
}

// VerifyStaffSecondFactor finishes a sign-in, or renews a session's second factor, with an
// authenticator or recovery code.
func (s *Server) VerifyStaffSecondFactor(c echo.Context) error {
	pending, sess, m, err := s.pendingOrSession(c)
	if err != nil {
		return err
	}
	var req SecondFactorCodeRequest
	if err := decode(c, &req, "code"); err != nil {
		return err
	}
	if _, err := s.staff.VerifyCode(c.Request().Context(), m, req.Code, pending.ID == ""); err != nil {
		return err
	}
	return s.respondSecondFactor(c, pending, sess)
}

// respondSecondFactor answers a proven second factor: a new session for a pending sign-in,
// or the renewed session.
func (s *Server) respondSecondFactor(c echo.Context, pending tokens.Claims, sess staffSession) error {
	var out StaffSession
	var err error
	if pending.ID != "" {
		out, err = s.finishStaffSignIn(c, pending, pending.Subject)
	} else {
		out, err = s.renewStaffFactor(c, sess)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// StartStaffPasskeySignIn returns assertion options for the second step with a passkey.
func (s *Server) StartStaffPasskeySignIn(c echo.Context) error {
	_, _, m, err := s.pendingOrSession(c)
	if err != nil {
		return err
	}
	options, err := s.staff.StartPasskeySignIn(c.Request().Context(), m)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, PasskeyOptions{PublicKey: options})
}

// FinishStaffPasskeySignIn proves the second factor with a passkey assertion.
func (s *Server) FinishStaffPasskeySignIn(c echo.Context) error {
	pending, sess, m, err := s.pendingOrSession(c)
	if err != nil {
		return err
	}
	credential, _, err := decodeCredential(c)
	if err != nil {
		return err
	}
	if err := s.staff.FinishPasskeySignIn(c.Request().Context(), m, credential, pending.ID == ""); err != nil {
		return err
	}
	return s.respondSecondFactor(c, pending, sess)
}

// decodeCredential reads a PasskeyCredentialRequest and returns the credential as JSON.
func decodeCredential(c echo.Context) ([]byte, string, error) {
	var req PasskeyCredentialRequest
	if err := decode(c, &req, "credential"); err != nil {
		return nil, "", err
	}
	raw, err := json.Marshal(req.Credential)
	if err != nil {
		return nil, "", err
	}
	name := ""
	if req.Name != nil {
		name = *req.Name
	}
	return raw, name, nil
}
