package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/regen"
)

// DryRunStaffRegeneration checks a district regeneration request as the form typed it and
// counts the students it would touch, by school and grade. Nothing is stored or changed.
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
	out := RegenerationDryRun{Total: run.Total}
	out.Schools = make([]struct {
		CampusCode string `json:"campusCode"`
		Grades     []struct {
			Count int `json:"count"`
			Grade int `json:"grade"`
		} `json:"grades"`
		Name  string `json:"name"`
		Total int    `json:"total"`
	}, len(run.Schools))
	for i, sc := range run.Schools {
		o := &out.Schools[i]
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
