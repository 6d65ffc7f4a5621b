package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// lakeview is a district configured the way an IT lead would, through the environment.
var lakeview = map[string]string{
	"PORTAL_DISTRICT_NAME":      "Lakeview Public Schools",
	"PORTAL_DISTRICT_LOGO":      "/branding/lakeview.svg",
	"PORTAL_DISTRICT_COLOR":     "#FFD700",
	"PORTAL_HELP_PHONE":         "(312) 555-0100",
	"PORTAL_HELP_EMAIL":         "help@lakeview.example",
	"PORTAL_HELP_URL":           "https://lakeview.example/help",
	"PORTAL_PRIVACY_URL":        "https://lakeview.example/privacy",
	"PORTAL_ACCESSIBILITY_TEXT": "We aim for WCAG 2.1 AA.\n\nTell us what is hard to use.",
}

func withDistrict(t *testing.T, env map[string]string) apitest.Option {
	c, err := config.Load(func(name string) string { return env[name] })
	if err != nil {
		t.Fatalf("load the district settings: %v", err)
	}
	return apitest.WithConfig(func(cfg *config.Config) { cfg.District = c.District })
}

// TestGetDistrict: anyone may read the district's identity, with what is not set left out.
func TestGetDistrict(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]any
	}{
		{name: "every setting", env: lakeview, want: map[string]any{
			"name": "Lakeview Public Schools", "logoUrl": "/branding/lakeview.svg",
			// Gold is light: the header's text on it is black.
			"color": "#ffd700", "onColor": "#000000",
			"help": map[string]any{"phone": "(312) 555-0100", "email": "help@lakeview.example",
				"url": "https://lakeview.example/help"},
			"privacy":       map[string]any{"url": "https://lakeview.example/privacy"},
			"accessibility": map[string]any{"text": "We aim for WCAG 2.1 AA.\n\nTell us what is hard to use."},
		}},
		{name: "only a name", env: map[string]string{"PORTAL_DISTRICT_NAME": "Lakeview Public Schools"}, want: map[string]any{
			"name": "Lakeview Public Schools", "color": "#1d4ed8", "onColor": "#ffffff", "help": map[string]any{},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := apitest.New(t, withDistrict(t, tc.env))
			r := h.Client().Expect(h.Client().Do(http.MethodGet, "/api/v1/district", nil), http.StatusOK, "")
			if diff := cmp.Diff(tc.want, r.Body); diff != "" {
				t.Errorf("GET /api/v1/district (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEmailsComeFromTheDistrict: the sender's name is the district's, family emails are
// headed and signed with it and end with its help desk; a student's email names the district
// beside the school, and sends the student to the school rather than the district's desk.
func TestEmailsComeFromTheDistrict(t *testing.T) {
	h := apitest.New(t, withDistrict(t, lakeview))
	const from = "Lakeview Public Schools <no-reply@portal.example>"

	for _, tc := range []struct{ locale, subject, signature, help string }{
		{"en", "Confirm your email", "Family portal\nLakeview Public Schools\n",
			"Help: (312) 555-0100 · help@lakeview.example · https://lakeview.example/help"},
		{"es", "Confirme su correo", "\nLakeview Public Schools\n",
			"Ayuda: (312) 555-0100 · help@lakeview.example · https://lakeview.example/help"},
	} {
		email := "district." + tc.locale + "@family.test.example"
		const password = "Orchard-Pebble-58"
		c := h.Client()
		c.Expect(c.Do(http.MethodPost, "/api/v1/family/register", map[string]string{"email": email, "name": "Rey Sender",
			"password": password, "confirmPassword": password, "locale": tc.locale}), http.StatusAccepted, "")
		m := h.WaitForMail(email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, tc.subject) })
		if m.From != from {
			t.Errorf("%s: got From %q, want %q", tc.locale, m.From, from)
		}
		if text := strings.ReplaceAll(m.Text, "\r\n", "\n"); !strings.Contains(text, tc.signature+tc.help) {
			t.Errorf("%s: text lacks the signature %q and help line %q:\n%s", tc.locale, tc.signature, tc.help, m.Text)
		}
		head, _, _ := strings.Cut(m.HTML, "Rey Sender")
		if !strings.Contains(head, "Lakeview Public Schools") || !strings.Contains(m.HTML, tc.help) {
			t.Errorf("%s: HTML is not headed with the district or lacks its help line:\n%s", tc.locale, m.HTML)
		}
	}

	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)
	c.Expect(c.Do(http.MethodPut, "/api/v1/me/pin", map[string]string{"currentPassword": st.Password, "pin": "583920"}),
		http.StatusNoContent, "")
	m := h.WaitForMail(st.Email, func(m mailcatcher.Message) bool { return strings.Contains(m.Subject, "PIN") })
	if m.From != from {
		t.Errorf("student email: got From %q, want %q", m.From, from)
	}
	if text := strings.ReplaceAll(m.Text, "\r\n", "\n"); !strings.Contains(text, "password portal\nLakeview Public Schools") || strings.Contains(m.Text, "Help:") {
		t.Errorf("student email: want the school's signature, then the district, and no district help desk:\n%s", m.Text)
	}
}
