package mail

import (
	"errors"
	"html"
	"strings"
	"testing"
	"time"
)

const (
	testSignIn = "https://portal.example.org/family/sign-in"
	// The & checks that the HTML escapes the link and the reader still gets
	// it back unchanged.
	testLink = "https://portal.example.org/family/verify-email#token=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA&lang=es"
)

func sampleFamily(kind FamilyEmailKind) FamilyEmailArgs {
	return FamilyEmailArgs{
		Envelope: Envelope{
			To:         "maria.johnson@family.example.org",
			Name:       "Maria Johnson",
			OccurredAt: occurred,
			SignInURL:  testSignIn,
			Via:        FamilyViaSignedIn,
		},
		Locale:    "en",
		EmailKind: kind,
		// Only FamilyGuardianLinked reads these; the other kinds must ignore them.
		ChildName:     "Amara Johnson",
		LinkedBy:      "Grace Johnson (grace@family.example.org)",
		SchoolContact: "(212) 555-0145",
	}
}

// linkFor returns the link a kind needs, or "".
func linkFor(kind FamilyEmailKind) string {
	if kind.LinkLifetime() > 0 {
		return testLink
	}
	return ""
}

// The expected wording is written out here, not read from the catalog, so a
// careless edit of the catalog fails the test.
var wantFamily = map[string]map[FamilyEmailKind]struct {
	subject string
	says    []string
	signIn  bool // the sign-in address is shown
}{
	"en": {
		FamilyGuardianLinked: {
			subject: "Another parent or guardian was linked to Amara Johnson",
			says: []string{
				"Hello Maria Johnson,",
				"On Monday, March 2, 2026 at 2:05 PM EST, Grace Johnson (grace@family.example.org) linked their family portal account to Amara Johnson’s school account",
				"If you know about this, you don’t need to do anything.",
				"If you don’t know this person, contact the school right away: (212) 555-0145",
			},
		},
		FamilyVerifyEmail: {
			subject: "Confirm your email for the family portal",
			says: []string{
				"Hello Maria Johnson,",
				"please confirm your email address:",
				"The link works once and for 48 hours, until Wednesday, March 4, 2026 at 2:05 PM EST.",
				"If you did not sign up for the family portal, you can ignore this email.",
			},
		},
		FamilyAlreadyRegistered: {
			subject: "You already have a family portal account",
			says: []string{
				"On Monday, March 2, 2026 at 2:05 PM EST, someone, maybe you, tried to create a family portal account",
				"choose “Forgot your password?” on the sign-in page.",
				"If it wasn’t you, you don’t need to do anything",
			},
			signIn: true,
		},
		FamilyResetPassword: {
			subject: "Reset your family portal password",
			says: []string{
				"On Monday, March 2, 2026 at 2:05 PM EST, we got a request to reset the password",
				"The link works once and for 30 minutes, until Monday, March 2, 2026 at 2:35 PM EST.",
				"If you did not ask for this, you can ignore this email. Your password stays the same.",
			},
		},
		FamilyPasswordChanged: {
			subject: "Your family portal password was changed",
			says: []string{
				"The password for your family portal account was changed on Monday, March 2, 2026 at 2:05 PM EST.",
				"It was changed while signed in to the family portal.",
				"Not you? Right away, choose “Forgot your password?” on the sign-in page",
				"contact your child’s school.",
			},
			signIn: true,
		},
	},
	"es": {
		FamilyGuardianLinked: {
			subject: "Otro padre, madre o tutor se vinculó con Amara Johnson",
			says: []string{
				"Grace Johnson (grace@family.example.org) vinculó su cuenta del portal para familias con la cuenta escolar de Amara Johnson",
				"Si no conoce a esta persona, comuníquese de inmediato con la escuela: (212) 555-0145",
			},
		},
		FamilyVerifyEmail: {
			subject: "Confirme su correo electrónico del portal para familias",
			says: []string{
				"Hola, Maria Johnson:",
				"confirme su dirección de correo electrónico:",
				"El enlace funciona una sola vez y durante 48 horas, hasta el miércoles, 4 de marzo de 2026, a las 14:05 (EST).",
				"Si usted no se registró en el portal para familias, puede ignorar este correo.",
			},
		},
		FamilyAlreadyRegistered: {
			subject: "Ya tiene una cuenta en el portal para familias",
			says: []string{
				"El lunes, 2 de marzo de 2026, a las 14:05 (EST), alguien (quizá usted) intentó crear una cuenta",
				"elija «¿Olvidó su contraseña?» en la página de inicio de sesión.",
				"Si no fue usted, no tiene que hacer nada",
			},
			signIn: true,
		},
		FamilyResetPassword: {
			subject: "Restablezca su contraseña del portal para familias",
			says: []string{
				"recibimos una solicitud para restablecer la contraseña",
				"El enlace funciona una sola vez y durante 30 minutos, hasta el lunes, 2 de marzo de 2026, a las 14:35 (EST).",
				"Si usted no lo pidió, puede ignorar este correo. Su contraseña seguirá siendo la misma.",
			},
		},
		FamilyPasswordChanged: {
			subject: "Se cambió su contraseña del portal para familias",
			says: []string{
				"La contraseña de su cuenta del portal para familias se cambió el lunes, 2 de marzo de 2026, a las 14:05 (EST).",
				"Se cambió con la sesión iniciada en el portal para familias.",
				"¿No fue usted? Elija de inmediato «¿Olvidó su contraseña?»",
				"comuníquese con la escuela de su hijo o hija.",
			},
			signIn: true,
		},
	},
}

func TestRenderFamilyEveryKind(t *testing.T) {
	for lang, kinds := range wantFamily {
		for _, kind := range FamilyEmailKinds {
			want := kinds[kind]
			t.Run(lang+"/"+string(kind), func(t *testing.T) {
				a := sampleFamily(kind)
				a.Locale = lang
				link := linkFor(kind)
				got, err := RenderFamily(a, link)
				if err != nil {
					t.Fatalf("RenderFamily: %v", err)
				}
				if got.Subject != want.subject {
					t.Errorf("Subject: got %q, want %q", got.Subject, want.subject)
				}
				if want := `<html lang="` + lang + `">`; !strings.Contains(got.HTML, want) {
					t.Errorf("HTML: got no %s", want)
				}
				htmlText := html.UnescapeString(got.HTML)
				for part, body := range map[string]string{"text": got.Text, "html": htmlText} {
					for _, w := range want.says {
						if !strings.Contains(body, w) {
							t.Errorf("%s: got\n%s\nwant it to contain %q", part, body, w)
						}
					}
					if gotSignIn := strings.Contains(body, testSignIn); gotSignIn != want.signIn {
						t.Errorf("%s: got sign-in address shown %v, want %v", part, gotSignIn, want.signIn)
					}
					for _, leftover := range []string{"{when}", "{until}", "%!", "ZgotmplZ"} {
						if strings.Contains(body, leftover) {
							t.Errorf("%s: got %q in\n%s", part, leftover, body)
						}
					}
				}

				// Link kinds: once on its own line in the text; in the HTML a
				// button and the plain address, both linked. Other kinds: none.
				wantText, wantShown, wantHrefs := 0, 0, 0
				if link != "" {
					wantText, wantShown, wantHrefs = 1, 1, 2
					if !strings.Contains(got.Text, "\n"+link+"\n") {
						t.Errorf("Text: got\n%s\nwant the link on a line of its own", got.Text)
					}
				}
				if n := strings.Count(got.Text, "family/verify-email"); n != wantText {
					t.Errorf("Text: got the link %d times, want %d", n, wantText)
				}
				if n := strings.Count(visibleText(got.HTML), testLink); n != wantShown {
					t.Errorf("HTML: got the link shown %d times, want %d", n, wantShown)
				}
				if n := strings.Count(got.HTML, `href="`+html.EscapeString(testLink)+`"`); n != wantHrefs {
					t.Errorf("HTML: got %d links to it, want %d", n, wantHrefs)
				}
			})
		}
	}
}

func TestRenderFamilyVia(t *testing.T) {
	tests := []struct {
		lang, via string
		want      string // "" means no sentence about how
	}{
		{lang: "en", via: FamilyViaSignedIn, want: "It was changed while signed in to the family portal."},
		{lang: "en", via: FamilyViaResetLink, want: "It was changed with a “Forgot your password?” link sent to this address."},
		{lang: "es", via: FamilyViaSignedIn, want: "Se cambió con la sesión iniciada en el portal para familias."},
		{lang: "es", via: FamilyViaResetLink, want: "Se cambió con un enlace de «¿Olvidó su contraseña?» enviado a esta dirección."},
		{lang: "en", via: ""},
		{lang: "es", via: "robot"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.via, func(t *testing.T) {
			a := sampleFamily(FamilyPasswordChanged)
			a.Locale, a.Via = tt.lang, tt.via
			got, err := RenderFamily(a, "")
			if err != nil {
				t.Fatalf("RenderFamily: %v", err)
			}
			if tt.want != "" && !strings.Contains(got.Text, tt.want) {
				t.Errorf("Text: got\n%s\nwant it to contain %q", got.Text, tt.want)
			}
			if tt.want == "" && (strings.Contains(got.Text, "It was changed") || strings.Contains(got.Text, "Se cambió con")) {
				t.Errorf("Text: got\n%s\nwant no sentence about how", got.Text)
			}
		})
	}
}

func TestRenderFamilyDetails(t *testing.T) {
	tests := []struct {
		name     string
		kind     FamilyEmailKind
		edit     func(*FamilyEmailArgs)
		wantText []string
		noText   []string
		wantSubj string
	}{
		{
			name:     "regional Spanish locale",
			kind:     FamilyResetPassword,
			edit:     func(a *FamilyEmailArgs) { a.Locale = "es-MX" },
			wantSubj: "Restablezca su contraseña del portal para familias",
		},
		{
			name:     "unknown locale falls back to English",
			kind:     FamilyResetPassword,
			edit:     func(a *FamilyEmailArgs) { a.Locale = "fr" },
			wantSubj: "Reset your family portal password",
		},
		{
			name: "other time zone, summer time",
			kind: FamilyResetPassword,
			edit: func(a *FamilyEmailArgs) {
				a.TimeZone = "America/Chicago"
				a.OccurredAt = time.Date(2026, 7, 4, 15, 0, 0, 0, time.UTC)
			},
			wantText: []string{"On Saturday, July 4, 2026 at 10:00 AM CDT,", "until Saturday, July 4, 2026 at 10:30 AM CDT."},
		},
		{
			name:     "verification link crosses midnight",
			kind:     FamilyVerifyEmail,
			edit:     func(a *FamilyEmailArgs) { a.OccurredAt = time.Date(2026, 3, 3, 4, 30, 0, 0, time.UTC) },
			wantText: []string{"until Wednesday, March 4, 2026 at 11:30 PM EST."},
		},
		{
			name:     "no name",
			kind:     FamilyAlreadyRegistered,
			edit:     func(a *FamilyEmailArgs) { a.Name = " \n " },
			wantText: []string{"Hello,\n"},
		},
		{
			name:     "no sign-in address",
			kind:     FamilyPasswordChanged,
			edit:     func(a *FamilyEmailArgs) { a.SignInURL = "" },
			wantText: []string{"contact your child’s school.\n\nThis email never"},
			noText:   []string{"https://"},
		},
		{
			name:     "line breaks in the name are flattened",
			kind:     FamilyAlreadyRegistered,
			edit:     func(a *FamilyEmailArgs) { a.Name = "Maria\r\nJohnson" },
			wantText: []string{"Hello Maria Johnson,"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleFamily(tt.kind)
			tt.edit(&a)
			got, err := RenderFamily(a, linkFor(tt.kind))
			if err != nil {
				t.Fatalf("RenderFamily: %v", err)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(got.Text, w) {
					t.Errorf("Text: got\n%s\nwant it to contain %q", got.Text, w)
				}
			}
			for _, w := range tt.noText {
				if strings.Contains(got.Text, w) {
					t.Errorf("Text: got\n%s\nwant no %q", got.Text, w)
				}
			}
			if tt.wantSubj != "" && got.Subject != tt.wantSubj {
				t.Errorf("Subject: got %q, want %q", got.Subject, tt.wantSubj)
			}
		})
	}
}

func TestRenderFamilyEscapesHTML(t *testing.T) {
	a := sampleFamily(FamilyAlreadyRegistered)
	a.Name = `<script>alert("x")</script>`
	got, err := RenderFamily(a, "")
	if err != nil {
		t.Fatalf("RenderFamily: %v", err)
	}
	if strings.Contains(got.HTML, "<script>") {
		t.Errorf("HTML: got unescaped <script> in\n%s", got.HTML)
	}
}

func TestRenderFamilyRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name string
		kind FamilyEmailKind
		edit func(*FamilyEmailArgs)
		link string
	}{
		{name: "unknown kind", kind: "welcome", link: ""},
		{name: "no time", kind: FamilyAlreadyRegistered, edit: func(a *FamilyEmailArgs) { a.OccurredAt = time.Time{} }},
		{name: "verify without link", kind: FamilyVerifyEmail, link: ""},
		{name: "reset without link", kind: FamilyResetPassword, link: ""},
		{name: "link where none belongs", kind: FamilyPasswordChanged, link: testLink},
		{name: "script link", kind: FamilyResetPassword, link: "javascript:alert(1)//token=secret123"},
		{name: "relative link", kind: FamilyResetPassword, link: "/family/reset#token=secret123"},
		{name: "link with a line break", kind: FamilyResetPassword, link: "https://portal.example.org/r#token=secret123\nBcc: x@y.z"},
		{name: "link with a space", kind: FamilyVerifyEmail, link: "https://portal.example.org/v #token=secret123"},
		{name: "malformed sign-in address", kind: FamilyAlreadyRegistered, edit: func(a *FamilyEmailArgs) { a.SignInURL = "portal.example.org/sign-in" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleFamily(tt.kind)
			if tt.edit != nil {
				tt.edit(&a)
			}
			_, err := RenderFamily(a, tt.link)
			if !errors.Is(err, ErrInvalidArgs) {
				t.Fatalf("RenderFamily: got error %v, want ErrInvalidArgs", err)
			}
			// The error is logged; the link is a key and must not be.
			if strings.Contains(err.Error(), "secret123") {
				t.Errorf("RenderFamily: got error %q, want it not to contain the link", err)
			}
		})
	}
}

func TestFamilyLinkLifetime(t *testing.T) {
	tests := []struct {
		kind FamilyEmailKind
		want time.Duration
	}{
		{FamilyVerifyEmail, 48 * time.Hour},
		{FamilyResetPassword, 30 * time.Minute},
		{FamilyAlreadyRegistered, 0},
		{FamilyPasswordChanged, 0},
		{"welcome", 0},
	}
	for _, tt := range tests {
		if got := tt.kind.LinkLifetime(); got != tt.want {
			t.Errorf("%s.LinkLifetime(): got %v, want %v", tt.kind, got, tt.want)
		}
	}
}

// normalizeLocale picks languages from catalog; every one of them must have
// family wording too, or RenderFamily would render an empty email.
func TestFamilyCatalogCoversEveryLanguageAndKind(t *testing.T) {
	for lang := range catalog {
		p, ok := familyCatalog[lang]
		if !ok {
			t.Errorf("familyCatalog: got no %q, want every language of catalog", lang)
			continue
		}
		for _, kind := range FamilyEmailKinds {
			w, ok := p.kinds[kind]
			if !ok || w.subject == "" || w.lead == "" {
				t.Errorf("familyCatalog[%q]: got no subject or lead for %s", lang, kind)
			}
			if hasLink := kind.LinkLifetime() > 0; hasLink != (w.button != "") || hasLink != (w.validity != "") {
				t.Errorf("familyCatalog[%q][%s]: got button %q and validity %q, want both exactly when the kind has a link",
					lang, kind, w.button, w.validity)
			}
		}
	}
}
