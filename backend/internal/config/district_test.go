package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadDistrict(t *testing.T) {
	full := map[string]string{
		"PORTAL_DISTRICT_NAME":      "  Lakeview   Public\nSchools ",
		"PORTAL_DISTRICT_LOGO":      "/branding/lakeview.png",
		"PORTAL_DISTRICT_COLOR":     "#FFD700",
		"PORTAL_HELP_PHONE":         "(312) 555-0100",
		"PORTAL_HELP_EMAIL":         "help@lakeview.example",
		"PORTAL_HELP_URL":           "https://lakeview.example/help",
		"PORTAL_PRIVACY_URL":        "https://lakeview.example/privacy",
		"PORTAL_ACCESSIBILITY_TEXT": "We aim for WCAG 2.1 AA.",
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    District
		wantErr string
	}{
		{name: "nothing set outside the demo", want: District{Color: "#1d4ed8", OnColor: "#ffffff"}},
		{name: "every setting", env: full, want: District{
			Name: "Lakeview Public Schools", Logo: "/branding/lakeview.png",
			// Gold is light: white text on it would be 1.4:1, so the text is dark.
			Color: "#ffd700", OnColor: "#000000",
			HelpPhone: "(312) 555-0100", HelpEmail: "help@lakeview.example", HelpURL: "https://lakeview.example/help",
			Privacy:       Notice{URL: "https://lakeview.example/privacy"},
			Accessibility: Notice{Text: "We aim for WCAG 2.1 AA."},
		}},
		{name: "the demo fills what is not set", env: map[string]string{"PORTAL_DEMO": "1", "PORTAL_HELP_PHONE": "(718) 555-0100"},
			want: func() District {
				d := demoDistrict
				d.HelpPhone, d.OnColor = "(718) 555-0100", "#ffffff"
				return d
			}()},
		{name: "a data URL logo", env: map[string]string{"PORTAL_DISTRICT_LOGO": "data:image/svg+xml;base64,PHN2Zy8+"},
			want: District{Logo: "data:image/svg+xml;base64,PHN2Zy8+", Color: "#1d4ed8", OnColor: "#ffffff"}},
		{name: "a logo on another host", env: map[string]string{"PORTAL_DISTRICT_LOGO": "https://cdn.example/logo.svg"},
			wantErr: "PORTAL_DISTRICT_LOGO"},
		{name: "a protocol-relative logo", env: map[string]string{"PORTAL_DISTRICT_LOGO": "//cdn.example/logo.svg"},
			wantErr: "want a path on this portal"},
		{name: "a colour name", env: map[string]string{"PORTAL_DISTRICT_COLOR": "green"}, wantErr: "PORTAL_DISTRICT_COLOR"},
		{name: "a short colour", env: map[string]string{"PORTAL_DISTRICT_COLOR": "#0f5"}, wantErr: "want a colour such as"},
		{name: "an email with a name", env: map[string]string{"PORTAL_HELP_EMAIL": "Help <help@x.example>"}, wantErr: "PORTAL_HELP_EMAIL"},
		{name: "a help page without scheme", env: map[string]string{"PORTAL_HELP_URL": "www.x.example/help"}, wantErr: "PORTAL_HELP_URL"},
		{name: "a script URL", env: map[string]string{"PORTAL_PRIVACY_URL": "javascript:alert(1)"}, wantErr: "PORTAL_PRIVACY_URL"},
		{name: "privacy as both", env: map[string]string{"PORTAL_PRIVACY_URL": "https://x.example/p", "PORTAL_PRIVACY_TEXT": "We..."},
			wantErr: "PORTAL_PRIVACY_URL and PORTAL_PRIVACY_TEXT: set one, not both"},
		{name: "accessibility as both", env: map[string]string{"PORTAL_ACCESSIBILITY_URL": "https://x.example/a", "PORTAL_ACCESSIBILITY_TEXT": "We..."},
			wantErr: "PORTAL_ACCESSIBILITY_URL and PORTAL_ACCESSIBILITY_TEXT"},
		{name: "a long name", env: map[string]string{"PORTAL_DISTRICT_NAME": strings.Repeat("x", 101)}, wantErr: "at most 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(name string) string { return tc.env[name] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if diff := cmp.Diff(tc.want, c.District); diff != "" {
				t.Errorf("District (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSenderNameIsTheDistrict(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PORTAL_DISTRICT_NAME": "Lakeview Public Schools"}, "Lakeview Public Schools"},
		{map[string]string{"PORTAL_DEMO": "true"}, "Riverside Unified School District"},
		{map[string]string{"PORTAL_DISTRICT_NAME": "Lakeview Public Schools", "MAIL_FROM_NAME": "Lakeview Password Help"}, "Lakeview Password Help"},
	} {
		c, err := Load(func(name string) string { return tc.env[name] })
		if err != nil {
			t.Fatal(err)
		}
		if c.SMTP.FromName != tc.want {
			t.Errorf("Load(%v): got sender name %q, want %q", tc.env, c.SMTP.FromName, tc.want)
		}
	}
}

// TestTextOnMeetsAA checks the text colour picked for a spread of brand colours: one of white
// and near-black always reaches WCAG AA's 4.5:1, and the one picked is the better.
func TestTextOnMeetsAA(t *testing.T) {
	for _, bg := range []string{"#000000", "#ffffff", "#0f5e4b", "#1d4ed8", "#ffd700", "#777777", "#808080", "#ff0000", "#00ff00", "#0000ff", "#c8102e"} {
		on := textOn(bg)
		got := contrast(luminance(on), luminance(bg))
		if got < 4.5 {
			t.Errorf("textOn(%s) = %s: contrast %.2f, want at least 4.5", bg, on, got)
		}
		other := map[string]string{lightText: darkText, darkText: lightText}[on]
		if alt := contrast(luminance(other), luminance(bg)); alt > got {
			t.Errorf("textOn(%s) = %s (%.2f) but %s contrasts more (%.2f)", bg, on, got, other, alt)
		}
	}
}
