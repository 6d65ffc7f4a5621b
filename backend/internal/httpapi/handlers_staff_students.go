package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// SearchStaffStudents finds students in the staff member's scope (By Student).
func (s *Server) SearchStaffStudents(c echo.Context, params SearchStaffStudentsParams) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	found, more, err := s.schoolReset.Search(c.Request().Context(), sess.member, params.Q)
	if err != nil {
		return err
	}
	out := StudentSearch{Students: make([]StudentSummary, len(found)), More: more}
	for i, f := range found {
		out.Students[i] = StudentSummary{Id: f.ID, StudentNumber: f.StudentNumber, Username: f.Username,
			Email: f.Email, FirstName: f.FirstName, LastName: f.LastName, Grade: f.Grade, SchoolName: f.SchoolName}
	}
	return c.JSON(http.StatusOK, out)
}

// GetStaffStudent returns a student's status page.
func (s *Server) GetStaffStudent(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	page, err := s.schoolReset.Student(c.Request().Context(), sess.member, studentID)
	if err != nil {
		return err
	}
	return s.sendStaffStudent(c, page)
}

// ResetStaffStudentPassword resets a student's password, typed or generated.
func (s *Server) ResetStaffStudentPassword(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	reset, err := decodeReset(c)
	if err != nil {
		return err
	}
	result, err := s.schoolReset.ResetPassword(c.Request().Context(), sess.member, studentID, schoolreset.Reset(reset))
	if err != nil {
		return err
	}
	body, err := s.staffStudentWithDirectory(c, result.Page)
	if err != nil {
		return err
	}
	out := StaffReset{Student: body}
	if result.GeneratedPassword != "" {
		out.GeneratedPassword = &result.GeneratedPassword
	}
	return c.JSON(http.StatusOK, out)
}

// RevealSchoolIssuedPassword shows the student's current school-issued password.
func (s *Server) RevealSchoolIssuedPassword(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	pw, err := s.schoolReset.RevealSchoolPassword(c.Request().Context(), sess.member, studentID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, SchoolIssuedPassword{Password: pw.Password, IssuedAt: pw.IssuedAt, MustChange: &pw.MustChange})
}

// UnlockStaffStudent unlocks the student's recovery path and/or sign-in throttle.
func (s *Server) UnlockStaffStudent(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req UnlockRequest
	if err := decode(c, &req, "what"); err != nil {
		return err
	}
	if len(req.What) == 0 || len(req.What) > 2 {
		return &requestError{status: http.StatusBadRequest, code: "invalid_field", rule: "unlock_what", field: "what",
			message: `Say what to unlock: "recovery", "sign_in" or both.`}
	}
	var recovery, signIn bool
	for _, w := range req.What {
		switch w {
		case Recovery:
			recovery = true
		case SignIn:
			signIn = true
		default:
			return badEnum("what", `Each item must be "recovery" or "sign_in".`)
		}
	}
	page, err := s.schoolReset.Unlock(c.Request().Context(), sess.member, studentID, recovery, signIn)
	if err != nil {
		return err
	}
	return s.sendStaffStudent(c, page)
}

// IssueStaffAccessCode issues the student's parent access code for a family letter.
func (s *Server) IssueStaffAccessCode(c echo.Context, studentID StudentId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	l, err := s.schoolReset.IssueAccessCode(c.Request().Context(), sess.member, studentID)
	if err != nil {
		return err
	}
	out := AccessCodeLetter{Code: l.Code, ExpiresAt: l.ExpiresAt, StudentFirstName: l.StudentFirstName,
		StudentLastName: l.StudentLastName, StudentNumber: l.StudentNumber, SchoolName: l.SchoolName,
		DistrictName: l.DistrictName, FamilyPortalUrl: l.FamilyPortalURL, Locale: AccessCodeLetterLocale(l.Locale)}
	if l.SchoolContact != "" {
		out.SchoolContact = &l.SchoolContact
	}
	return c.JSON(http.StatusOK, out)
}

// sendStaffStudent answers a student's status page, with the directory's state.
func (s *Server) sendStaffStudent(c echo.Context, p schoolreset.Page) error {
	body, err := s.staffStudentWithDirectory(c, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, body)
}

// staffStudentWithDirectory is staffStudentBody with whether the directory has the
// student's current password (the page was read for this staff member, in scope).
func (s *Server) staffStudentWithDirectory(c echo.Context, p schoolreset.Page) (StaffStudent, error) {
	out := staffStudentBody(p)
	st, err := s.directory.Student(c.Request().Context(), p.Student.ID)
	if err != nil {
		return out, err
	}
	out.Directory = studentDirectoryBody(st)
	return out, nil
}

// staffStudentBody is a student's status page in the contract's shape.
func staffStudentBody(p schoolreset.Page) StaffStudent {
	st := p.Student
	out := StaffStudent{
		Student: StudentSummary{Id: st.ID, StudentNumber: st.StudentNumber, Username: st.Username, Email: st.Email,
			FirstName: st.FirstName, LastName: st.LastName, Grade: st.Grade, SchoolName: st.SchoolName},
		SchoolDisplayCode: p.SchoolDisplayCode, PinSet: st.HasPIN(), QuestionsSet: st.HasQuestions(),
		MustChangePassword: st.MustChangePassword, PasswordChangedAt: timePtr(st.PasswordChangedAt),
		NextSelfResetAt: timePtr(p.NextSelfResetAt), SchoolIssuedPassword: StaffStudentSchoolIssuedPassword(p.SchoolPassword),
		YoungStudent: p.Young,
	}
	if p.PasswordChangedThrough != "" {
		through := StaffStudentPasswordChangedThrough(p.PasswordChangedThrough)
		out.PasswordChangedThrough = &through
	}
	out.Classes = make([]struct {
		ClassNumber string `json:"classNumber"`
		Name        string `json:"name"`
	}, len(p.Classes))
	for i, cl := range p.Classes {
		out.Classes[i].ClassNumber, out.Classes[i].Name = cl.Number, cl.Name
	}
	out.Guardians = make([]struct {
		Email string `json:"email"`
		Name  string `json:"name"`
	}, len(p.Guardians))
	for i, g := range p.Guardians {
		out.Guardians[i].Email, out.Guardians[i].Name = g.Email, g.Name
	}
	out.Recovery.State, out.Recovery.LockedUntil = StaffStudentRecoveryState(p.RecoveryState), timePtr(p.RecoveryLockedUntil)
	out.SignInThrottled.Throttled, out.SignInThrottled.RetryAt = !p.SignInRetryAt.IsZero(), timePtr(p.SignInRetryAt)
	out.AccessCode.State, out.AccessCode.ExpiresAt = StaffStudentAccessCodeState(p.AccessCode.State), timePtr(p.AccessCode.ExpiresAt)
	out.BadgeEligible = &p.BadgeEligible
	if b := p.Badge; b != nil {
		out.Badge = &struct {
			BadgeId    string     `json:"badgeId"`
			IssuedAt   time.Time  `json:"issuedAt"`
			LastUsedAt *time.Time `json:"lastUsedAt,omitempty"`
		}{BadgeId: b.Code, IssuedAt: b.IssuedAt, LastUsedAt: timePtr(b.LastUsedAt)}
	}
	if p.BadgeEligible || p.Pictures != nil {
		out.Pictures = pictureStatusBody(p.Pictures)
	}
	out.AllowedActions = make([]StaffStudentAllowedActions, len(p.Allowed))
	for i, a := range p.Allowed {
		out.AllowedActions[i] = StaffStudentAllowedActions(a)
	}
	return out
}

// pictureStatusBody is a student's picture password (nil: none) in the contract's shape.
func pictureStatusBody(p *schoolreset.LivePictures) *PictureStatus {
	if p == nil {
		return &PictureStatus{State: PictureStatusStateNone}
	}
	out := &PictureStatus{State: PictureStatusStateActive, SetAt: &p.SetAt, LastUsedAt: timePtr(p.LastUsedAt)}
	if p.Locked {
		out.State, out.LockedAt = PictureStatusStateLocked, timePtr(p.LockedAt)
	}
	return out
}
