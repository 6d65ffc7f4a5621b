package mail

import (
	_ "embed" // the templates ship inside the binary
	"errors"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	// Embedding the zone database means a slim container image without
	// /usr/share/zoneinfo still shows each district its own local time.
	_ "time/tzdata"
)

// ErrInvalidArgs reports a job payload that cannot be rendered. A retry
// cannot fix it, so the workers cancel such jobs instead of retrying.
var ErrInvalidArgs = errors.New("mail: invalid email arguments")

//go:embed templates/confirmation.txt.tmpl
var confirmationText string

//go:embed templates/confirmation.html.tmpl
var confirmationHTML string

// The HTML template goes through html/template so that names and contact
// details typed by staff are escaped; the text template has nothing to escape.
var (
	textTmpl = texttemplate.Must(texttemplate.New("text").Parse(confirmationText))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(confirmationHTML))
)

// Rendered is an email ready to send.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// view is what the templates see: finished, localised sentences only.
type view struct {
	Lang      string
	Subject   string
	Greeting  string
	What      string
	How       string
	IfExpect  string
	NotYou    string
	Contact   string
	Safety    string
	Signature string
	// District names the district under the signature and atop the HTML;
	// Help is its help desk, in the copy for a guardian only (a student
	// turns to the school, named in Contact).
	District string
	Help     string
}

// Render builds the subject, plain text and HTML of a confirmation email in
// the recipient's language. It fails only for a Change or Path it does not
// know or a missing OccurredAt, which are programming errors in the caller.
func Render(a ConfirmationArgs) (Rendered, error) {
	lang := normalizeLocale(a.Locale)
	p := catalog[lang]
	what, ok := p.what[a.Change]
	if !ok {
		return Rendered{}, fmt.Errorf("%w: unknown change %q", ErrInvalidArgs, a.Change)
	}
	how, ok := p.how[a.Path]
	if !ok {
		return Rendered{}, fmt.Errorf("%w: unknown path %q", ErrInvalidArgs, a.Path)
	}
	if a.OccurredAt.IsZero() {
		return Rendered{}, fmt.Errorf("%w: occurred_at is missing", ErrInvalidArgs)
	}

	username := oneLine(a.Username)
	account := fmt.Sprintf(p.accountNoName, username)
	if name := oneLine(a.StudentName); name != "" {
		account = fmt.Sprintf(p.account, name, username)
	}
	v := view{
		Lang:      lang,
		Subject:   fmt.Sprintf(p.subject[a.Change], username),
		Greeting:  p.greet(a.RecipientName),
		What:      fmt.Sprintf(what, account, p.formatTime(a.OccurredAt.In(location(a.TimeZone)))),
		How:       fmt.Sprintf(how, p.it[a.Change]),
		IfExpect:  p.ifExpected,
		NotYou:    p.notYou,
		Contact:   contactLine(a.SchoolName, a.SchoolContact),
		Safety:    p.safety,
		Signature: p.signatureNone,
		District:  oneLine(a.District.Name),
	}
	if a.ToGuardian {
		v.Help = a.District.helpLine(lang)
		g := p.guardian
		if h, ok := g.how[a.Path]; ok {
			v.How = fmt.Sprintf(h, p.it[a.Change])
		}
		v.IfExpect, v.Safety = g.ifExpected, g.safety
		v.NotYou = g.notYouOther
		if n, ok := g.notYou[a.Path]; ok {
			v.NotYou = n
		}
	}
	if school := oneLine(a.SchoolName); school != "" {
		v.Signature = fmt.Sprintf(p.signature, school)
	}

	return execute(textTmpl, htmlTmpl, v.Subject, "confirmation", v)
}

// normalizeLocale maps "es", "es-US" and "ES_mx" to "es", and anything it has
// no catalog for to English.
func normalizeLocale(locale string) string {
	lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(locale)), "-")
	lang, _, _ = strings.Cut(lang, "_")
	if _, ok := catalog[lang]; ok {
		return lang
	}
	return "en"
}

// location falls back to UTC for an unknown zone: the time is still right,
// only less convenient, and the email still goes out.
func location(name string) *time.Location {
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

func contactLine(school, contact string) string {
	school, contact = oneLine(school), oneLine(contact)
	switch {
	case school != "" && contact != "":
		return school + ": " + contact
	case contact != "":
		return contact
	default:
		return school
	}
}

// oneLine collapses line breaks and runs of spaces, so a stray newline in a
// name from an import cannot break the layout or a header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
