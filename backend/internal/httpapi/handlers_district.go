package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/schoolpass/portal/backend/internal/config"
)

// GetDistrict returns the district's identity for the header, the footer
// and the help page. It is built once at start: the settings never change
// while the portal runs.
func (s *Server) GetDistrict(c echo.Context) error {
	return c.JSON(http.StatusOK, s.district)
}

// districtOut maps the settings to the contract, leaving out what is not set.
func districtOut(d config.District) District {
	out := District{Name: d.Name, Color: d.Color, OnColor: DistrictOnColor(d.OnColor),
		LogoUrl: optional(d.Logo), Privacy: noticeOut(d.Privacy), Accessibility: noticeOut(d.Accessibility)}
	out.Help.Phone, out.Help.Email, out.Help.Url = optional(d.HelpPhone), optional(d.HelpEmail), optional(d.HelpURL)
	return out
}

func noticeOut(n config.Notice) *DistrictNotice {
	if n == (config.Notice{}) {
		return nil
	}
	return &DistrictNotice{Url: optional(n.URL), Text: optional(n.Text)}
}

func optional(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}
