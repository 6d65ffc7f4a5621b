package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Picture passwords (issue 12): the contract is in place, the handlers land next.
func notYet(c echo.Context) error {
	return c.JSON(http.StatusNotImplemented, Error{Code: "not_implemented", Message: "Picture passwords are not built yet."})
}

func (s *Server) SignInWithPictures(c echo.Context) error                      { return notYet(c) }
func (s *Server) OpenPictureClass(c echo.Context) error                        { return notYet(c) }
func (s *Server) SetStaffPictures(c echo.Context, _ StudentId) error           { return notYet(c) }
func (s *Server) RemoveStaffPictures(c echo.Context, _ StudentId) error        { return notYet(c) }
func (s *Server) UnlockStaffPictures(c echo.Context, _ StudentId) error        { return notYet(c) }
func (s *Server) SetStaffClassPictures(c echo.Context, _ ClassId) error        { return notYet(c) }
func (s *Server) GetStaffClassPictureSignIn(c echo.Context, _ ClassId) error   { return notYet(c) }
func (s *Server) RenewStaffClassPictureSignIn(c echo.Context, _ ClassId) error { return notYet(c) }
