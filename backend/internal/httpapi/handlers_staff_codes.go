package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// IssueStaffClassAccessCodes issues parent access codes for a class ("Show access codes"):
// to students with no live code, or to all of them; listed once with what the family
// letters need.
func (s *Server) IssueStaffClassAccessCodes(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req AccessCodeRequest
	if err := decode(c, &req, "reissue"); err != nil {
		return err
	}
	batch, err := s.schoolReset.IssueClassAccessCodes(c.Request().Context(), sess.member, classID, req.Reissue)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, accessCodeBatch(batch))
}

// accessCodeBatch is a batch of new codes in the contract's shape.
func accessCodeBatch(b schoolreset.CodeBatch) AccessCodeBatch {
	out := AccessCodeBatch{SchoolName: b.School.Name, DistrictName: b.School.DistrictName,
		FamilyPortalUrl: b.FamilyPortalURL, ExpiresAt: b.ExpiresAt, Students: make([]AccessCodeRow, len(b.Students))}
	if b.School.Contact != "" {
		out.SchoolContact = &b.School.Contact
	}
	for i, r := range b.Students {
		out.Students[i] = AccessCodeRow{Id: r.ID, StudentNumber: r.StudentNumber, FirstName: r.FirstName,
			LastName: r.LastName, Username: r.Username, Grade: r.Grade, AccessCode: r.Code, Locale: AccessCodeRowLocale(r.Locale)}
	}
	return out
}
