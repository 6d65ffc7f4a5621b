package mail

import (
	"errors"
	"html"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// 19:05 UTC on 2 March 2026 is 2:05 PM in New York (EST; DST starts 8 March).
var occurred = time.Date(2026, 3, 2, 19, 5, 0, 0, time.UTC)

func sampleArgs() ConfirmationArgs {
	return ConfirmationArgs{
		To:            "johns1234@students.example.org",
		RecipientName: "Maria Johnson",
		Locale:        "en",
		StudentName:   "Alex Johnson",
		Username:      "johns1234",
		Change:        PasswordChanged,
		Path:          PathSignedIn,
		OccurredAt:    occurred,
		SchoolName:    "P.S. 390 Maxwell",
		SchoolContact: "Ms. Rivera, main office, (718) 555-0142",
	}
}

// The expected wording is written out here, not read from the catalog, so a
// careless edit of the catalog fails the test.
var wantWording = map[string]struct {
	what   map[Change]string
	how    map[Path]string
	notYou string
	when   string
}{
	"en": {
		what: map[Change]string{
			PasswordChanged:  "The password for Alex Johnson’s school account (johns1234) was changed on",
			PINChanged:       "The PIN for Alex Johnson’s school account (johns1234) was changed on",
			QuestionsChanged: "The security questions for Alex Johnson’s school account (johns1234) were changed on",
			PicturesChanged:  "The school set a new picture password for Alex Johnson’s school account (johns1234) on",
			BadgeIssued:      "The school issued a new QR sign-in badge for Alex Johnson’s school account (johns1234) on",
		},
		how: map[Path]string{
			PathSignedIn:  "while signed in.",
			PathSelfReset: "with “Forgot password”.",
			PathGuardian:  "A parent or guardian reset",
			PathStaff:     "School staff reset",
			PathDistrict:  "The school district reset",
		},
		notYou: "Not you? Tell your teacher or contact your school right away.",
		when:   "Monday, March 2, 2026 at 2:05 PM EST",
	},
	"es": {
		what: map[Change]string{
			PasswordChanged:  "La contraseña de la cuenta escolar de Alex Johnson (johns1234) se cambió el",
			PINChanged:       "El PIN de la cuenta escolar de Alex Johnson (johns1234) se cambió el",
			QuestionsChanged: "Las preguntas de seguridad de la cuenta escolar de Alex Johnson (johns1234) se cambiaron el",
			PicturesChanged:  "La escuela puso una contraseña de imágenes nueva para la cuenta escolar de Alex Johnson (johns1234) el",
			BadgeIssued:      "La escuela entregó una tarjeta de acceso con código QR nueva para la cuenta escolar de Alex Johnson (johns1234) el",
		},
		how: map[Path]string{
			PathSignedIn:  "mientras tenías la sesión iniciada.",
			PathSelfReset: "con «¿Olvidaste tu contraseña?».",
			PathGuardian:  "Un padre, madre o tutor legal",
			PathStaff:     "El personal de la escuela",
			PathDistrict:  "El distrito escolar",
		},
		notYou: "¿No fuiste tú? Díselo a tu maestro o maestra, o comunícate con tu escuela de inmediato.",
		when:   "lunes, 2 de marzo de 2026, a las 14:05 (EST)",
	},
}

// secretLooking catches what a leaked secret tends to look like: a PIN or
// student ID (5+ digits in a row), a token (a long unbroken run of
// letters and digits), a link carrying a token, or a secret being announced.
var secretLooking = []*regexp.Regexp{
	regexp.MustCompile(`\d{5,}`),
	regexp.MustCompile(`[A-Za-z0-9_\-+/=]{24,}`),
	regexp.MustCompile(`(?i)https?://`),
	regexp.MustCompile(`(?i)(password|contraseña|pin|answer|respuesta|token|code|código)\s*(is|es|was|era|:|=)\s`),
	regexp.MustCompile(`(?i)(new|nueva|nuevo|temporary|temporal)\s+(password|contraseña|pin)`),
}

func TestRenderEveryChangeAndPath(t *testing.T) {
	for lang, want := range wantWording {
		for _, change := range Changes {
			for _, path := range Paths {
				t.Run(lang+"/"+string(change)+"/"+string(path), func(t *testing.T) {
					a := sampleArgs()
					a.Locale, a.Change, a.Path = lang, change, path
					got, err := Render(a)
					if err != nil {
						t.Fatalf("Render: %v", err)
					}
					if !strings.Contains(got.Subject, "johns1234") {
						t.Errorf("Subject: got %q, want it to name the username", got.Subject)
					}
					bodies := map[string]string{"text": got.Text, "html": html.UnescapeString(got.HTML)}
					for part, body := range bodies {
						for _, w := range []string{
							want.what[change], want.how[path], want.notYou, want.when,
							"Ms. Rivera, main office, (718) 555-0142", "Maria Johnson",
						} {
							if !strings.Contains(body, w) {
								t.Errorf("%s: got\n%s\nwant it to contain %q", part, body, w)
							}
						}
					}
					// Colours in the markup are digit runs too, so the HTML is
					// checked as the reader sees it; links are checked on the markup.
					if strings.Contains(got.HTML, "http") {
						t.Errorf("HTML: got a link in\n%s\nwant none", got.HTML)
					}
					for _, s := range []string{got.Subject, got.Text, visibleText(got.HTML)} {
						for _, re := range secretLooking {
							if m := re.FindString(s); m != "" {
								t.Errorf("got secret-looking %q (matched %v) in\n%s", m, re, s)
							}
						}
					}
					if want := `<html lang="` + lang + `">`; !strings.Contains(got.HTML, want) {
						t.Errorf("HTML: got no %s", want)
					}
				})
			}
		}
	}
}

var tag = regexp.MustCompile(`<[^>]*>`)

func visibleText(h string) string {
	return html.UnescapeString(tag.ReplaceAllString(h, " "))
}

func TestRenderDetails(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*ConfirmationArgs)
		wantText []string
		wantSubj string
	}{
		{
			name:     "regional Spanish locale",
			edit:     func(a *ConfirmationArgs) { a.Locale = "es-US" },
			wantText: []string{"Hola, Maria Johnson:"},
			wantSubj: "Se cambió la contraseña de johns1234",
		},
		{
			name:     "unknown locale falls back to English",
			edit:     func(a *ConfirmationArgs) { a.Locale = "zz" },
			wantText: []string{"Hello Maria Johnson,"},
			wantSubj: "Password changed for johns1234",
		},
		{
			name: "other time zone, summer time",
			edit: func(a *ConfirmationArgs) {
				a.TimeZone = "America/Chicago"
				a.OccurredAt = time.Date(2026, 7, 4, 15, 0, 0, 0, time.UTC)
			},
			wantText: []string{"Saturday, July 4, 2026 at 10:00 AM CDT"},
		},
		{
			name:     "unknown time zone shows UTC",
			edit:     func(a *ConfirmationArgs) { a.TimeZone = "Mars/Olympus" },
			wantText: []string{"Monday, March 2, 2026 at 7:05 PM UTC"},
		},
		{
			name: "missing names and contact",
			edit: func(a *ConfirmationArgs) {
				a.RecipientName, a.StudentName, a.SchoolName, a.SchoolContact = "", "", "", ""
			},
			wantText: []string{"Hello,\n", "The password for the school account johns1234 was changed", "School password portal"},
		},
		{
			name:     "line breaks in names are flattened",
			edit:     func(a *ConfirmationArgs) { a.StudentName = "Alex\r\nJohnson"; a.Username = "johns1234\r\nBcc: x@y.z" },
			wantText: []string{"Alex Johnson’s school account"},
			wantSubj: "Password changed for johns1234 Bcc: x@y.z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleArgs()
			tt.edit(&a)
			got, err := Render(a)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(got.Text, w) {
					t.Errorf("Text: got\n%s\nwant it to contain %q", got.Text, w)
				}
			}
			if tt.wantSubj != "" && got.Subject != tt.wantSubj {
				t.Errorf("Subject: got %q, want %q", got.Subject, tt.wantSubj)
			}
		})
	}
}

func TestRenderEscapesHTML(t *testing.T) {
	a := sampleArgs()
	a.StudentName = `<script>alert("x")</script>`
	a.SchoolContact = `<a href="https://evil.example">call us</a>`
	got, err := Render(a)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	for _, bad := range []string{"<script>", "<a href"} {
		if strings.Contains(got.HTML, bad) {
			t.Errorf("HTML: got unescaped %q in\n%s", bad, got.HTML)
		}
	}
}

func TestRenderRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ConfirmationArgs)
	}{
		{name: "unknown change", edit: func(a *ConfirmationArgs) { a.Change = "email_changed" }},
		{name: "unknown path", edit: func(a *ConfirmationArgs) { a.Path = "robot" }},
		{name: "no time", edit: func(a *ConfirmationArgs) { a.OccurredAt = time.Time{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleArgs()
			tt.edit(&a)
			if _, err := Render(a); !errors.Is(err, ErrInvalidArgs) {
				t.Errorf("Render: got error %v, want ErrInvalidArgs", err)
			}
		})
	}
}

// The payload is stored in the database next to the change; a field that
// could carry a secret must not be added to it by accident.
func TestConfirmationArgsHasNoSecretFields(t *testing.T) {
	secret := regexp.MustCompile(`(?i)pass|pin|answer|token|secret|code|hash`)
	typ := reflect.TypeFor[ConfirmationArgs]()
	for f := range typ.Fields() {
		if secret.MatchString(f.Name) || secret.MatchString(f.Tag.Get("json")) {
			t.Errorf("ConfirmationArgs.%s (json %q): got a field named like a secret, want none",
				f.Name, f.Tag.Get("json"))
		}
	}
}

// A guardian's copy speaks to a parent; the student's stays as it was.
func TestRenderToGuardian(t *testing.T) {
	tests := []struct {
		lang   string
		path   Path
		want   []string
		absent []string
	}{
		{
			lang: "en", path: PathGuardian,
			want: []string{
				"Hello Maria Johnson,",
				"A parent or guardian reset it.",
				"If you or another guardian did not make this change, contact the school right away.\nP.S. 390 Maxwell: Ms. Rivera, main office, (718) 555-0142",
				"nobody from the school will ever ask you for one.",
			},
			absent: []string{"Tell your teacher", "Not you?"},
		},
		{
			lang: "en", path: PathStaff,
			want:   []string{"School staff reset it.", "If you did not expect this change, contact the school right away."},
			absent: []string{"Tell your teacher", "another guardian"},
		},
		{
			lang: "en", path: PathDistrict,
			want:   []string{"The school district reset it.", "If you did not expect this change, contact the school right away."},
			absent: []string{"Tell your teacher", "another guardian"},
		},
		{
			lang: "en", path: PathSelfReset,
			want:   []string{"Your child reset it with “Forgot password”.", "If you did not expect this change"},
			absent: []string{"You reset it"},
		},
		{
			lang: "es", path: PathGuardian,
			want: []string{
				"Hola, Maria Johnson:",
				"Si ni usted ni otro tutor hicieron este cambio, comuníquese de inmediato con la escuela.\nP.S. 390 Maxwell: Ms. Rivera",
				"Si usted esperaba este cambio, no tiene que hacer nada.",
				"nadie de la escuela se los pedirá nunca.",
			},
			absent: []string{"Díselo", "¿No fuiste tú?", "no tienes que hacer nada"},
		},
		{
			lang: "es", path: PathStaff,
			want:   []string{"El personal de la escuela la restableció.", "Si usted no esperaba este cambio, comuníquese de inmediato con la escuela."},
			absent: []string{"Díselo", "otro tutor"},
		},
		{
			lang: "es", path: PathDistrict,
			want:   []string{"El distrito escolar la restableció.", "Si usted no esperaba este cambio, comuníquese de inmediato con la escuela."},
			absent: []string{"Díselo", "otro tutor"},
		},
		{
			lang: "es", path: PathSignedIn,
			want:   []string{"Su hijo o hija la cambió mientras tenía la sesión iniciada."},
			absent: []string{"Tú la cambiaste"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+string(tt.path), func(t *testing.T) {
			a := sampleArgs()
			a.Locale, a.Path, a.ToGuardian = tt.lang, tt.path, true
			guardian, err := Render(a)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			a.ToGuardian = false
			student, err := Render(a)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if guardian.Subject != student.Subject {
				t.Errorf("Subject: got %q for the guardian, want the student's %q", guardian.Subject, student.Subject)
			}
			// The HTML is compared as read, with its layout whitespace collapsed.
			for part, body := range map[string]string{"text": guardian.Text, "html": oneLine(visibleText(guardian.HTML))} {
				for _, w := range tt.want {
					if part == "html" {
						w = oneLine(w)
					}
					if !strings.Contains(body, w) {
						t.Errorf("%s: got\n%s\nwant it to contain %q", part, body, w)
					}
				}
				for _, w := range tt.absent {
					if strings.Contains(body, w) {
						t.Errorf("%s: got\n%s\nwant no %q", part, body, w)
					}
				}
			}
			if !strings.Contains(student.Text, wantWording[tt.lang].notYou) {
				t.Errorf("student Text: got\n%s\nwant %q", student.Text, wantWording[tt.lang].notYou)
			}
		})
	}
}
