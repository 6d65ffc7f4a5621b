package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// The staff sign-in routes of the contract, answered 501 until their branch lands.

func (s *Server) StartStaffForgot(c echo.Context) error              { return notYet(c) }
func (s *Server) ResetStaffForgotPassword(c echo.Context) error      { return notYet(c) }
func (s *Server) ListStaffPasskeys(c echo.Context) error             { return notYet(c) }
func (s *Server) AddStaffPasskey(c echo.Context) error               { return notYet(c) }
func (s *Server) StartStaffPasskeyRegistration(c echo.Context) error { return notYet(c) }
func (s *Server) RemoveStaffPasskey(c echo.Context, _ string) error  { return notYet(c) }
func (s *Server) ChangeStaffPassword(c echo.Context) error           { return notYet(c) }
func (s *Server) ListStaffMembers(c echo.Context, _ ListStaffMembersParams) error {
	return notYet(c)
}
func (s *Server) ResetStaffSecondFactor(c echo.Context, _ string) error { return notYet(c) }
func (s *Server) SignOutStaff(c echo.Context) error                     { return notYet(c) }
func (s *Server) GetStaffSession(c echo.Context) error                  { return notYet(c) }
func (s *Server) SignInStaff(c echo.Context) error                      { return notYet(c) }
func (s *Server) FinishStaffPasskeySignIn(c echo.Context) error         { return notYet(c) }
func (s *Server) StartStaffPasskeySignIn(c echo.Context) error          { return notYet(c) }
func (s *Server) GetStaffPendingSignIn(c echo.Context) error            { return notYet(c) }
func (s *Server) VerifyStaffSecondFactor(c echo.Context) error          { return notYet(c) }
func (s *Server) ConfirmStaffTotpEnrolment(c echo.Context) error        { return notYet(c) }
func (s *Server) StartStaffTotpEnrolment(c echo.Context) error          { return notYet(c) }

// staffSession is a verified staff session, with the staff member as read for this request.
type staffSession struct {
	claims tokens.Claims
	member accounts.Staff
}

// requireStaff admits a signed-in staff member whose second factor is proven; state-changing
// requests must carry the staff session's CSRF token.
func (s *Server) requireStaff(c echo.Context) (staffSession, error) {
	return staffSession{}, errNotSignedIn
}
