package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// ListStaffPasskeys lists the signed-in staff member's passkeys.
func (s *Server) ListStaffPasskeys(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	keys, err := s.staff.Passkeys(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	out := make([]Passkey, len(keys))
	for i, k := range keys {
		out[i] = passkeyOut(k)
	}
	return c.JSON(http.StatusOK, out)
}

func passkeyOut(k staff.Passkey) Passkey {
	return Passkey{Id: k.ID, Name: k.Name, CreatedAt: k.CreatedAt, LastUsedAt: timePtr(k.LastUsedAt)}
}

// StartStaffPasskeyRegistration returns creation options for a new passkey.
func (s *Server) StartStaffPasskeyRegistration(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	options, err := s.staff.StartPasskeyRegistration(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, PasskeyOptions{PublicKey: options})
}

// AddStaffPasskey registers a passkey from its attestation.
func (s *Server) AddStaffPasskey(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	credential, name, err := decodeCredential(c)
	if err != nil {
		return err
	}
	k, err := s.staff.FinishPasskeyRegistration(c.Request().Context(), sess.member, credential, name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, passkeyOut(k))
}

// RemoveStaffPasskey removes one of the staff member's passkeys.
func (s *Server) RemoveStaffPasskey(c echo.Context, passkeyID string) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	if err := s.staff.RemovePasskey(c.Request().Context(), sess.member, passkeyID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ChangeStaffPassword changes the staff member's password; every other session ends and
// this one gets a fresh cookie.
func (s *Server) ChangeStaffPassword(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req ChangePasswordRequest
	if err := decode(c, &req, "currentPassword", "newPassword", "confirmPassword"); err != nil {
		return err
	}
	version, err := s.staff.ChangePassword(c.Request().Context(), sess.member, req.CurrentPassword, req.NewPassword, req.ConfirmPassword)
	if err != nil {
		return err
	}
	m, _, err := s.staffSessions.StaffSession(c.Request().Context(), sess.member.ID, "")
	if err != nil {
		return err
	}
	claims, err := s.issueStaffSession(c, m, version, sess.times())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.staffSessionOut(claims, m))
}

// StartStaffForgot queues a forgot-password request; always 202.
func (s *Server) StartStaffForgot(c echo.Context) error {
	var req StaffForgotRequest
	if err := decode(c, &req, "email"); err != nil {
		return err
	}
	if err := s.staff.StartForgot(c.Request().Context(), req.Email); err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

// ResetStaffForgotPassword sets a new password with an emailed link's token.
func (s *Server) ResetStaffForgotPassword(c echo.Context) error {
	var req GuardianResetRequest
	if err := decode(c, &req, "token", "newPassword", "confirmPassword"); err != nil {
		return err
	}
	if err := s.staff.ResetWithLink(c.Request().Context(), req.Token, req.NewPassword, req.ConfirmPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListStaffMembers lists the district's staff for a district admin.
func (s *Server) ListStaffMembers(c echo.Context, params ListStaffMembersParams) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	q := ""
	if params.Q != nil {
		q = *params.Q
	}
	members, err := s.staff.Members(c.Request().Context(), sess.member, q)
	if err != nil {
		return err
	}
	out := make([]StaffMemberSummary, len(members))
	for i, m := range members {
		out[i] = memberSummary(m)
	}
	return c.JSON(http.StatusOK, out)
}

func memberSummary(m accounts.Staff) StaffMemberSummary {
	out := StaffMemberSummary{Id: m.ID, Email: m.Email, FirstName: m.FirstName, LastName: m.LastName,
		Role: StaffMemberSummaryRole(m.Role), Title: m.Title, SecondFactorEnrolled: m.HasSecondFactor()}
	if m.SchoolName != "" {
		out.SchoolName = ptr(m.SchoolName)
	}
	return out
}

// ResetStaffSecondFactor removes a staff member's second factors (district admin).
func (s *Server) ResetStaffSecondFactor(c echo.Context, staffID string) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	if err := s.staff.ResetSecondFactor(c.Request().Context(), sess.member, staffID, sess.secondFactorAt); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
