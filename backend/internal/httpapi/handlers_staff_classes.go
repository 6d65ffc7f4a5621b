package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// ListStaffClasses lists the classes in the staff member's scope, grouped by school (By
// Class).
func (s *Server) ListStaffClasses(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	classes, err := s.schoolReset.Classes(c.Request().Context(), sess.member)
	if err != nil {
		return err
	}
	out := StaffClassList{Schools: []StaffClassSchool{}}
	for _, cl := range classes {
		if n := len(out.Schools); n == 0 || out.Schools[n-1].SchoolId != cl.SchoolID {
			out.Schools = append(out.Schools, StaffClassSchool{SchoolId: cl.SchoolID, SchoolName: cl.SchoolName})
		}
		last := &out.Schools[len(out.Schools)-1]
		last.Classes = append(last.Classes, staffClassBody(cl))
	}
	return c.JSON(http.StatusOK, out)
}

// GetStaffClass returns a class's roster with each student's status.
func (s *Server) GetStaffClass(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	roster, err := s.schoolReset.Roster(c.Request().Context(), sess.member, classID)
	if err != nil {
		return err
	}
	out := StaffClassRoster{Class: staffClassBody(roster.Class), Students: make([]ClassStudent, len(roster.Students))}
	for i, st := range roster.Students {
		out.Students[i] = ClassStudent{Id: st.ID, StudentNumber: st.StudentNumber, Username: st.Username,
			FirstName: st.FirstName, LastName: st.LastName, Grade: st.Grade, PinSet: st.PINSet,
			QuestionsSet: st.QuestionsSet, MustChangePassword: st.MustChange, RecoveryLocked: st.RecoveryLocked,
			SchoolIssuedPasswordAvailable: st.SchoolIssued}
		if st.BadgeEligible {
			pictures := ClassStudentPictures(st.Pictures)
			out.Students[i].Badge, out.Students[i].Pictures = &st.Badge, &pictures
		}
	}
	return c.JSON(http.StatusOK, out)
}

// ResetStaffClass resets the passwords of the selected students of a class, with one typed
// password or a generated one each; the result is shown once.
func (s *Server) ResetStaffClass(c echo.Context, classID ClassId) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	reset, err := decodeClassReset(c)
	if err != nil {
		return err
	}
	reset.SecondFactorAt = sess.secondFactorAt
	result, err := s.schoolReset.ResetClass(c.Request().Context(), sess.member, classID, reset)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ClassResetResult{Class: staffClassBody(result.Class), Students: resetRows(result.Students)})
}

// resetRows are a bulk reset's result rows in the contract's shape: the password and the
// access code only where there is one.
func resetRows(rows []schoolreset.ResetRow) []ClassResetRow {
	out := make([]ClassResetRow, len(rows))
	for i, r := range rows {
		out[i] = ClassResetRow{Id: r.ID, FirstName: r.FirstName, LastName: r.LastName, Username: r.Username,
			StudentNumber: &r.StudentNumber, Grade: &r.Grade}
		if r.Password != "" {
			out[i].Password = &r.Password
		}
		if r.AccessCode != "" {
			out[i].AccessCode = &r.AccessCode
		}
	}
	return out
}

// decodeClassReset reads a bulk reset: the selection (a list of ids or "all"), the mode and
// its password fields, as decodeReset reads one student's.
func decodeClassReset(c echo.Context) (schoolreset.ClassReset, error) {
	var req ClassResetRequest
	if err := decode(c, &req, "students", "mode", "mustChange"); err != nil {
		return schoolreset.ClassReset{}, err
	}
	out := schoolreset.ClassReset{MustChange: req.MustChange, IssueAccessCodes: req.IssueAccessCodes != nil && *req.IssueAccessCodes}
	raw, _ := req.Students.MarshalJSON()
	var all string
	switch {
	case json.Unmarshal(raw, &out.IDs) == nil:
		if out.IDs == nil {
			out.IDs = []string{}
		}
		for _, id := range out.IDs {
			if len(id) > 64 {
				return schoolreset.ClassReset{}, &requestError{status: http.StatusBadRequest, code: "invalid_field",
					rule: "maxLength", field: "students", message: "Each student id is at most 64 characters."}
			}
		}
	case json.Unmarshal(raw, &all) == nil && all == string(All):
		out.All = true
	default:
		return schoolreset.ClassReset{}, &requestError{status: http.StatusBadRequest, code: "invalid_field", rule: "type",
			field: "students", message: `The field "students" must be a list of student ids or "all".`}
	}
	switch req.Mode {
	case ClassResetRequestModeOne:
		if req.NewPassword == nil {
			return schoolreset.ClassReset{}, missingField("newPassword")
		}
		if req.ConfirmPassword == nil {
			return schoolreset.ClassReset{}, missingField("confirmPassword")
		}
		out.NewPassword, out.ConfirmPassword = *req.NewPassword, *req.ConfirmPassword
	case ClassResetRequestModeGenerated:
		if req.NewPassword != nil || req.ConfirmPassword != nil {
			field := "newPassword"
			if req.NewPassword == nil {
				field = "confirmPassword"
			}
			return schoolreset.ClassReset{}, &requestError{status: http.StatusBadRequest, code: "unexpected_field", rule: "unknown_field",
				field: field, message: `Generated passwords come from the portal: leave out "newPassword" and "confirmPassword".`}
		}
		out.Generate = true
	default:
		return schoolreset.ClassReset{}, badEnum("mode", `The mode must be "one" or "generated".`)
	}
	return out, nil
}

// staffClassBody is a class in the contract's shape.
func staffClassBody(cl schoolreset.ClassSummary) StaffClass {
	return StaffClass{Id: cl.ID, ClassNumber: cl.Number, Name: cl.Name, SchoolName: cl.SchoolName, StudentCount: cl.Students}
}

// classRefusal is the single error body of a bulk reset refused for some of its students:
// one detail per student and rule, on the field students/{id}, naming the student.
func classRefusal(e *schoolreset.ClassRefusalError) (int, Error) {
	details := []RuleViolation{}
	names := make([]string, len(e.Students))
	for i, st := range e.Students {
		who := fmt.Sprintf("%s %s (%s)", st.FirstName, st.LastName, st.Username)
		names[i] = who
		field := "students/" + st.ID
		for _, v := range st.Violations {
			details = append(details, RuleViolation{Rule: string(v.Rule), Field: &field, Message: who + ": " + v.Message})
		}
	}
	message := "The password does not fit the rules for " + strings.Join(names, ", ") +
		". Choose another password, or generate one for each student."
	if e.Code == schoolreset.ReasonNotInClass {
		message = "These students are not in this class: " + strings.Join(names, ", ") + ". Reload the class and select again."
	}
	return http.StatusUnprocessableEntity, Error{Code: e.Code, Message: message, Details: &details}
}
