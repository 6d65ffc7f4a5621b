package mail

import (
	"fmt"
	"time"
)

// phrases holds one language's wording. Whole sentences live here rather
// than in the templates because word order, gender and plural agreement
// differ between languages ("it" is "la", "lo" or "las" in Spanish); the
// templates only lay the sentences out.
//
// Wording is written for a 9-year-old: the student is the usual reader. The
// copy a guardian receives swaps in the few sentences of guardianPhrases.
type phrases struct {
	subject map[Change]string // %s: username
	what    map[Change]string // %[1]s: the account, %[2]s: when
	it      map[Change]string // the pronoun the path sentences use
	how     map[Path]string   // %s: the pronoun

	account       string // %[1]s: student name, %[2]s: username
	accountNoName string // %s: username

	greeting       string // %s: recipient name
	greetingNoName string
	ifExpected     string
	notYou         string
	safety         string
	signature      string // %s: school name
	signatureNone  string

	// guardian holds the sentences that differ when a guardian reads about
	// a child's account (ConfirmationArgs.ToGuardian).
	guardian guardianPhrases

	formatTime func(time.Time) string
}

// guardianPhrases speak to a parent: the child is "your child", and in
// Spanish the parent is "usted" where the child is "tú".
type guardianPhrases struct {
	how        map[Path]string // overrides phrases.how; %s: the pronoun
	ifExpected string
	// notYou is per path because "if no guardian made this change" makes no
	// sense after "school staff reset it"; notYouOther covers other paths.
	notYou      map[Path]string
	notYouOther string
	safety      string
}

var catalog = map[string]phrases{
	"en": {
		subject: map[Change]string{
			PasswordChanged:  "Password changed for %s",
			PINChanged:       "PIN changed for %s",
			QuestionsChanged: "Security questions changed for %s",
			PicturesChanged:  "Picture password set for %s",
			BadgeIssued:      "New sign-in badge for %s",
		},
		what: map[Change]string{
			PasswordChanged:  "The password for %[1]s was changed on %[2]s.",
			PINChanged:       "The PIN for %[1]s was changed on %[2]s.",
			QuestionsChanged: "The security questions for %[1]s were changed on %[2]s.",
			PicturesChanged:  "The school set a new picture password for %[1]s on %[2]s.",
			BadgeIssued:      "The school issued a new QR sign-in badge for %[1]s on %[2]s. Any earlier badge no longer works.",
		},
		it: map[Change]string{PasswordChanged: "it", PINChanged: "it", QuestionsChanged: "them", PicturesChanged: "it", BadgeIssued: "it"},
		how: map[Path]string{
			PathSignedIn:  "You changed %s while signed in.",
			PathSelfReset: "You reset %s with “Forgot password”.",
			PathGuardian:  "A parent or guardian reset %s.",
			PathStaff:     "School staff reset %s.",
			PathDistrict:  "The school district reset %s.",
		},
		account:        "%[1]s’s school account (%[2]s)",
		accountNoName:  "the school account %s",
		greeting:       "Hello %s,",
		greetingNoName: "Hello,",
		ifExpected:     "If you expected this change, you don’t need to do anything.",
		notYou:         "Not you? Tell your teacher or contact your school right away.",
		safety: "This email never includes a password, PIN or security answer, " +
			"and nobody from your school will ever ask you for one.",
		signature:     "%s password portal",
		signatureNone: "School password portal",
		guardian: guardianPhrases{
			how: map[Path]string{
				PathSignedIn:  "Your child changed %s while signed in.",
				PathSelfReset: "Your child reset %s with “Forgot password”.",
			},
			ifExpected: "If you expected this change, you don’t need to do anything.",
			notYou: map[Path]string{
				PathGuardian: "If you or another guardian did not make this change, contact the school right away.",
			},
			notYouOther: "If you did not expect this change, contact the school right away.",
			safety: "This email never includes a password, PIN or security answer, " +
				"and nobody from the school will ever ask you for one.",
		},
		formatTime: func(t time.Time) string {
			return t.Format("Monday, January 2, 2006 at 3:04 PM MST")
		},
	},
	"es": {
		subject: map[Change]string{
			PasswordChanged:  "Se cambió la contraseña de %s",
			PINChanged:       "Se cambió el PIN de %s",
			QuestionsChanged: "Se cambiaron las preguntas de seguridad de %s",
			PicturesChanged:  "Contraseña de imágenes para %s",
			BadgeIssued:      "Nueva tarjeta de acceso para %s",
		},
		what: map[Change]string{
			PasswordChanged:  "La contraseña de %[1]s se cambió el %[2]s.",
			PINChanged:       "El PIN de %[1]s se cambió el %[2]s.",
			QuestionsChanged: "Las preguntas de seguridad de %[1]s se cambiaron el %[2]s.",
			// "nueva" after the noun: the picture password is no secret-looking "nueva contraseña".
			PicturesChanged: "La escuela puso una contraseña de imágenes nueva para %[1]s el %[2]s.",
			BadgeIssued:     "La escuela entregó una tarjeta de acceso con código QR nueva para %[1]s el %[2]s. Las tarjetas anteriores ya no funcionan.",
		},
		it: map[Change]string{PasswordChanged: "la", PINChanged: "lo", QuestionsChanged: "las", PicturesChanged: "la", BadgeIssued: "la"},
		how: map[Path]string{
			PathSignedIn:  "Tú %s cambiaste mientras tenías la sesión iniciada.",
			PathSelfReset: "Tú %s restableciste con «¿Olvidaste tu contraseña?».",
			PathGuardian:  "Un padre, madre o tutor legal %s restableció.",
			PathStaff:     "El personal de la escuela %s restableció.",
			PathDistrict:  "El distrito escolar %s restableció.",
		},
		account:        "la cuenta escolar de %[1]s (%[2]s)",
		accountNoName:  "la cuenta escolar %s",
		greeting:       "Hola, %s:",
		greetingNoName: "Hola:",
		ifExpected:     "Si esperabas este cambio, no tienes que hacer nada.",
		notYou: "¿No fuiste tú? Díselo a tu maestro o maestra, " +
			"o comunícate con tu escuela de inmediato.",
		safety: "Este correo nunca incluye una contraseña, un PIN ni respuestas de seguridad, " +
			"y nadie de tu escuela te los pedirá nunca.",
		signature:     "Portal de contraseñas de %s",
		signatureNone: "Portal de contraseñas de la escuela",
		guardian: guardianPhrases{
			how: map[Path]string{
				PathSignedIn:  "Su hijo o hija %s cambió mientras tenía la sesión iniciada.",
				PathSelfReset: "Su hijo o hija %s restableció con «¿Olvidaste tu contraseña?».",
			},
			ifExpected: "Si usted esperaba este cambio, no tiene que hacer nada.",
			notYou: map[Path]string{
				PathGuardian: "Si ni usted ni otro tutor hicieron este cambio, " +
					"comuníquese de inmediato con la escuela.",
			},
			notYouOther: "Si usted no esperaba este cambio, comuníquese de inmediato con la escuela.",
			safety: "Este correo nunca incluye una contraseña, un PIN ni respuestas de seguridad, " +
				"y nadie de la escuela se los pedirá nunca.",
		},
		formatTime: formatTimeSpanish,
	},
}

// Go's time package formats only English names, and pulling in a full
// locale library for two arrays is not worth it.
var (
	spanishWeekdays = [...]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
	spanishMonths   = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio",
		"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
)

// formatTimeSpanish writes "lunes, 2 de marzo de 2026, a las 14:05 (EST)":
// the 24-hour clock and day-before-month order Spanish readers expect.
func formatTimeSpanish(t time.Time) string {
	return fmt.Sprintf("%s, %d de %s de %d, a las %s (%s)",
		spanishWeekdays[t.Weekday()], t.Day(), spanishMonths[t.Month()-1], t.Year(),
		t.Format("15:04"), t.Format("MST"))
}
