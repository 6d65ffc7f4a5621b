package mail

import (
	"strings"
	"testing"
)

var testDistrict = District{Name: "Riverside  Unified\nSchool District", HelpPhone: "(718) 555-0147",
	HelpEmail: "help@riverside.example", HelpURL: "https://riverside.example/help"}

// TestEmailsNameTheDistrict: each email is headed (HTML) and signed with the district's name;
// emails to parents end with its help desk, in their language; a student's own email sends
// the student to the school instead.
func TestEmailsNameTheDistrict(t *testing.T) {
	family := func(locale string) FamilyEmailArgs {
		a := sampleFamily(FamilyPasswordChanged)
		a.Locale, a.District = locale, testDistrict
		return a
	}
	confirmation := func(toGuardian bool, locale string) ConfirmationArgs {
		a := sampleArgs()
		a.ToGuardian, a.Locale, a.District = toGuardian, locale, testDistrict
		return a
	}
	const name = "Riverside Unified School District"
	for _, tc := range []struct {
		name      string
		render    func() (Rendered, error)
		signature string
		help      string
	}{
		{"family, English", func() (Rendered, error) { return RenderFamily(family("en"), "") },
			"Family portal\n" + name, "Help: (718) 555-0147 · help@riverside.example · https://riverside.example/help"},
		{"family, Spanish", func() (Rendered, error) { return RenderFamily(family("es"), "") },
			"\n" + name, "Ayuda: (718) 555-0147 · help@riverside.example · https://riverside.example/help"},
		{"guardian's copy", func() (Rendered, error) { return Render(confirmation(true, "en")) },
			"P.S. 390 Maxwell password portal\n" + name, "Help: (718) 555-0147"},
		{"student", func() (Rendered, error) { return Render(confirmation(false, "es")) },
			"Portal de contraseñas de P.S. 390 Maxwell\n" + name, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.render()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, tc.signature) {
				t.Errorf("text lacks the signature %q:\n%s", tc.signature, r.Text)
			}
			if tc.help == "" && (strings.Contains(r.Text, "Help:") || strings.Contains(r.Text, "Ayuda:")) {
				t.Errorf("text has the district's help desk, want the school only:\n%s", r.Text)
			}
			if !strings.Contains(r.Text, tc.help) || !strings.Contains(r.HTML, tc.help) {
				t.Errorf("text or HTML lacks the help line %q:\n%s", tc.help, r.Text)
			}
			body := r.HTML[strings.Index(r.HTML, "<body"):]
			if first := strings.Index(body, "<p"); !strings.HasPrefix(body[first:], "<p") ||
				!strings.Contains(body[first:strings.Index(body[first:], "</p>")+first], name) {
				t.Errorf("HTML is not headed with the district's name:\n%s", body)
			}
		})
	}
}

// TestEmailsWithoutDistrict: a portal without district settings (tests) leaves the lines
// out rather than printing empty ones.
func TestEmailsWithoutDistrict(t *testing.T) {
	r, err := RenderFamily(sampleFamily(FamilyPasswordChanged), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(r.Text, "Family portal\n") && !strings.HasSuffix(r.Text, "Family portal") {
		t.Errorf("text does not end with the signature:\n%q", r.Text[len(r.Text)-60:])
	}
	if strings.Contains(r.HTML, "border-bottom:1px solid #d1d5db") {
		t.Errorf("HTML has an empty district heading:\n%s", r.HTML)
	}
}

func TestHelpLine(t *testing.T) {
	for _, tc := range []struct {
		d    District
		want string
	}{
		{District{}, ""},
		{District{HelpEmail: "help@x.example"}, "Help: help@x.example"},
		{District{HelpPhone: " (718)\n555-0147 ", HelpURL: "https://x.example"}, "Help: (718) 555-0147 · https://x.example"},
	} {
		if got := tc.d.helpLine("en"); got != tc.want {
			t.Errorf("helpLine(%+v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
