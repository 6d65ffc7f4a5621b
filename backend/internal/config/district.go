package config

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// District is the district's identity as families see it: on every page
// (header, footer, help page) and in every email (its name signs them and is
// the sender's name). Environment settings rather than rows of the districts
// table: one deployment serves one district, the emails and the sender need
// the name without a query, and no staff page edits it yet.
type District struct {
	// Name is what families recognise ("Riverside Unified School District")
	// (PORTAL_DISTRICT_NAME). `portal serve` refuses to start without it
	// outside the demo: a password page without a name looks like phishing.
	Name string
	// Logo is a same-origin path ("/district-logo.svg") or a data:image URL
	// (PORTAL_DISTRICT_LOGO); the CSP allows no other images. Empty: none.
	Logo string
	// Color is the brand colour, #rrggbb (PORTAL_DISTRICT_COLOR), and
	// OnColor the text colour on it: white or black, whichever
	// contrasts more, so the header always meets WCAG AA.
	Color   string
	OnColor string
	// The help contact (PORTAL_HELP_PHONE, PORTAL_HELP_EMAIL, PORTAL_HELP_URL).
	HelpPhone string
	HelpEmail string
	HelpURL   string
	// The privacy notice and the accessibility statement: a web address or
	// the text itself, never both (PORTAL_PRIVACY_URL, PORTAL_PRIVACY_TEXT,
	// PORTAL_ACCESSIBILITY_URL, PORTAL_ACCESSIBILITY_TEXT).
	Privacy       Notice
	Accessibility Notice
}

// Notice is a district document: at most one of URL and Text is set.
type Notice struct {
	URL  string
	Text string
}

// defaultDistrictColor is the portal's own blue, used when no colour is set.
const defaultDistrictColor = "#1d4ed8"

// Text colours on the brand colour. Pure black, not the body text colour: with it one of
// the two reaches 4.5:1 on any colour (the worst case, mid grey, gets 4.6:1).
const (
	lightText = "#ffffff"
	darkText  = "#000000"
)

// demoDistrict fills what the environment leaves empty when PORTAL_DEMO is
// on: the district the demo seeds, with reserved example addresses and
// 555-01xx, a range kept for fiction.
var demoDistrict = District{
	Name:      "Riverside Unified School District",
	Logo:      "/district-logo.svg",
	Color:     "#0f5e4b",
	HelpPhone: "(718) 555-0147",
	HelpEmail: "passwordhelp@riverside.example",
	HelpURL:   "https://www.riverside.example/family-help",
	Privacy: Notice{Text: "Riverside Unified School District uses this portal only to help students and " +
		"their families get back into school accounts. We keep your name, email address and the " +
		"changes you make here, and we never sell them or share them outside the district and the " +
		"company that runs the portal for us.\n\nWe keep a record of each change for one school year " +
		"so we can answer questions about it. To see or correct what we hold about you, contact the " +
		"district's help desk."},
	Accessibility: Notice{Text: "Riverside Unified School District wants every student and family to " +
		"be able to use this portal, including with a screen reader, a keyboard alone or a phone. " +
		"It is built to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA.\n\n" +
		"If something in the portal is hard to use for you, tell the district's help desk: we will " +
		"help you another way and fix it."},
}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// loadDistrict reads the district settings; with demo on, every one left
// empty takes the demo district's value.
func loadDistrict(getenv func(string) string, demo bool) (District, error) {
	d := District{
		Name:          oneLine(getenv("PORTAL_DISTRICT_NAME")),
		Logo:          strings.TrimSpace(getenv("PORTAL_DISTRICT_LOGO")),
		Color:         strings.TrimSpace(getenv("PORTAL_DISTRICT_COLOR")),
		HelpPhone:     oneLine(getenv("PORTAL_HELP_PHONE")),
		HelpEmail:     strings.TrimSpace(getenv("PORTAL_HELP_EMAIL")),
		HelpURL:       strings.TrimSpace(getenv("PORTAL_HELP_URL")),
		Privacy:       Notice{URL: strings.TrimSpace(getenv("PORTAL_PRIVACY_URL")), Text: strings.TrimSpace(getenv("PORTAL_PRIVACY_TEXT"))},
		Accessibility: Notice{URL: strings.TrimSpace(getenv("PORTAL_ACCESSIBILITY_URL")), Text: strings.TrimSpace(getenv("PORTAL_ACCESSIBILITY_TEXT"))},
	}
	if demo {
		fill := func(v *string, def string) {
			if *v == "" {
				*v = def
			}
		}
		fill(&d.Name, demoDistrict.Name)
		fill(&d.Logo, demoDistrict.Logo)
		fill(&d.Color, demoDistrict.Color)
		fill(&d.HelpPhone, demoDistrict.HelpPhone)
		fill(&d.HelpEmail, demoDistrict.HelpEmail)
		fill(&d.HelpURL, demoDistrict.HelpURL)
		if d.Privacy == (Notice{}) {
			d.Privacy = demoDistrict.Privacy
		}
		if d.Accessibility == (Notice{}) {
			d.Accessibility = demoDistrict.Accessibility
		}
	}
	if d.Color == "" {
		d.Color = defaultDistrictColor
	}
	return d, d.check()
}

func (d *District) check() error {
	if utf8.RuneCountInString(d.Name) > 100 {
		return errors.New("PORTAL_DISTRICT_NAME: at most 100 characters")
	}
	if !hexColor.MatchString(d.Color) {
		return fmt.Errorf("PORTAL_DISTRICT_COLOR %q: want a colour such as #0f5e4b", d.Color)
	}
	d.Color = strings.ToLower(d.Color)
	d.OnColor = textOn(d.Color)
	if d.Logo != "" && !sameOriginPath(d.Logo) && !strings.HasPrefix(d.Logo, "data:image/") {
		return fmt.Errorf("PORTAL_DISTRICT_LOGO %q: want a path on this portal such as /district-logo.svg, "+
			"or a data:image URL (the content security policy allows no other images)", d.Logo)
	}
	if d.HelpEmail != "" {
		if a, err := mail.ParseAddress(d.HelpEmail); err != nil || a.Address != d.HelpEmail {
			return fmt.Errorf("PORTAL_HELP_EMAIL %q: want a plain address such as help@district.org", d.HelpEmail)
		}
	}
	for _, u := range []struct{ name, value string }{
		{"PORTAL_HELP_URL", d.HelpURL}, {"PORTAL_PRIVACY_URL", d.Privacy.URL}, {"PORTAL_ACCESSIBILITY_URL", d.Accessibility.URL},
	} {
		if u.value != "" && !webAddress(u.value) {
			return fmt.Errorf("%s %q: want a web address such as https://www.district.org/privacy", u.name, u.value)
		}
	}
	for _, n := range []struct {
		name   string
		notice Notice
	}{{"PORTAL_PRIVACY", d.Privacy}, {"PORTAL_ACCESSIBILITY", d.Accessibility}} {
		if n.notice.URL != "" && n.notice.Text != "" {
			return fmt.Errorf("%s_URL and %s_TEXT: set one, not both", n.name, n.name)
		}
		if utf8.RuneCountInString(n.notice.Text) > 20000 {
			return fmt.Errorf("%s_TEXT: at most 20,000 characters; link a longer notice with %s_URL", n.name, n.name)
		}
	}
	return nil
}

// sameOriginPath reports whether p is an absolute path on this origin; "//"
// would name another host.
func sameOriginPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.ContainsFunc(p, unicode.IsSpace)
}

func webAddress(s string) bool {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	scheme, rest, ok := strings.Cut(s, "://")
	host, _, _ := strings.Cut(rest, "/")
	return ok && (scheme == "https" || scheme == "http") && host != ""
}

// oneLine trims v and folds runs of white space (a name pasted with a line
// break) into single spaces: a name stands in headers and email subjects.
func oneLine(v string) string { return strings.Join(strings.Fields(v), " ") }

// textOn returns the text colour with the higher WCAG contrast on bg (a
// valid #rrggbb). One of the two always reaches 4.5:1, the AA level for text.
func textOn(bg string) string {
	l := luminance(bg)
	if contrast(luminance(lightText), l) >= contrast(luminance(darkText), l) {
		return lightText
	}
	return darkText
}

// contrast is the WCAG 2.1 contrast ratio of two relative luminances.
func contrast(l1, l2 float64) float64 {
	return (math.Max(l1, l2) + 0.05) / (math.Min(l1, l2) + 0.05)
}

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(hex string) float64 {
	channel := func(i int) float64 {
		n, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(n) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(1) + 0.7152*channel(3) + 0.0722*channel(5)
}
