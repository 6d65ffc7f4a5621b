package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/regen"
)

// DryRunStaffRegeneration checks a district regeneration request as the form typed it,
// stores it as a draft with the students it would touch, and counts them by school and
// grade. No student is changed.
func (s *Server) DryRunStaffRegeneration(c echo.Context) error {
	sess, err := s.requireStaff(c)
	if err != nil {
		return err
	}
	var req RegenerationRequest
	if err := decode(c, &req, "psuCode", "alsoReset", "forceChange"); err != nil {
		return err
	}
	run, err := s.regen.DryRun(c.Request().Context(), sess.member, regen.Request{
		PSUCode: req.PsuCode, CampusCodes: deref(req.CampusCodes), Grades: deref(req.Grades),
		AlsoReset: req.AlsoReset, ForceChange: req.ForceChange, Comments: deref(req.Comments),
		SecondFactorAt: sess.secondFactorAt,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dryRunBody(run))
}

func dryRunBody(run regen.DryRun) RegenerationDryRun {
	return RegenerationDryRun{RequestId: uuid.MustParse(run.RequestID), ExpiresAt: run.ExpiresAt,
		Total: run.Total, Schools: schoolCounts(run.Schools)}
}

// regenSchools is the contract's list of a dry run's schools (the same in a dry run's
// answer and in a request's status).
type regenSchools = []struct {
	CampusCode string `json:"campusCode"`
	Grades     []struct {
		Count int `json:"count"`
		Grade int `json:"grade"`
	} `json:"grades"`
	Name  string `json:"name"`
	Total int    `json:"total"`
}

func schoolCounts(schools []regen.SchoolCount) regenSchools {
	out := make(regenSchools, len(schools))
	for i, sc := range schools {
		o := &out[i]
		o.CampusCode, o.Name, o.Total = sc.CampusCode, sc.Name, sc.Total
		o.Grades = make([]struct {
			Count int `json:"count"`
			Grade int `json:"grade"`
		}, len(sc.Grades))
		for j, g := range sc.Grades {
			o.Grades[j].Grade, o.Grades[j].Count = g.Grade, g.Count
		}
	}
	return out
}
