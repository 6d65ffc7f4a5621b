package mail

import (
	_ "embed" // the templates ship inside the binary
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"unicode"
)

//go:embed templates/family.txt.tmpl
var familyText string

//go:embed templates/family.html.tmpl
var familyHTML string

var (
	familyTextTmpl = texttemplate.Must(texttemplate.New("family-text").Parse(familyText))
	familyHTMLTmpl = htmltemplate.Must(htmltemplate.New("family-html").Parse(familyHTML))
)

// familyView is what the family templates see: finished, localised
// paragraphs in reading order.
type familyView struct {
	Lang      string
	Subject   string
	Greeting  string
	Blocks    []familyBlock
	CopyHint  string
	Safety    string
	Signature string
	// District names the district atop the HTML and under the signature;
	// Help is its help desk.
	District string
	Help     string
}

// familyBlock is one paragraph, optionally followed by an address on a line
// of its own.
type familyBlock struct {
	Text string
	URL  string
	// Button, when set, shows URL in HTML as a button with this label, then
	// as a plain address for mail clients that break buttons.
	Button string
	// Alert highlights the paragraph as a warning.
	Alert bool
}

// RenderFamily builds the subject, plain text and HTML of a family-portal
// email in the guardian's language. link is the opened one-time link for
// FamilyVerifyEmail and FamilyResetPassword, and must be "" for the other
// kinds. It fails, wrapping ErrInvalidArgs, for an unknown kind, a missing
// OccurredAt, a missing, extra or malformed link, or a malformed SignInURL.
// Its errors never contain the link.
func RenderFamily(a FamilyEmailArgs, link string) (Rendered, error) {
	lang := normalizeLocale(a.Locale)
	p, base := familyCatalog[lang], catalog[lang]
	w, ok := p.kinds[a.EmailKind]
	life := a.EmailKind.LinkLifetime()
	if err := a.check("family", string(a.EmailKind), ok, life, link); err != nil {
		return Rendered{}, err
	}
	if a.EmailKind == FamilyGuardianLinked && (oneLine(a.ChildName) == "" || oneLine(a.LinkedBy) == "") {
		return Rendered{}, fmt.Errorf("%w: guardian_linked email without child_name or linked_by", ErrInvalidArgs)
	}
	signIn := strings.TrimSpace(a.SignInURL)
	if signIn != "" && !webAddress(signIn) {
		return Rendered{}, fmt.Errorf("%w: sign_in_url is not an absolute http(s) URL", ErrInvalidArgs)
	}

	loc := location(a.TimeZone)
	fill := strings.NewReplacer(
		"{when}", base.formatTime(a.OccurredAt.In(loc)),
		"{until}", base.formatTime(a.OccurredAt.Add(life).In(loc)),
		"{child}", oneLine(a.ChildName),
		"{linkedBy}", oneLine(a.LinkedBy),
		"{contact}", oneLine(a.SchoolContact),
	).Replace

	v := familyView{
		Lang:      lang,
		Subject:   fill(w.subject),
		Greeting:  base.greet(a.Name),
		Blocks:    []familyBlock{lead(fill(w.lead), link, w.button)},
		CopyHint:  p.copyHint,
		Safety:    p.safety,
		Signature: p.signature,
		District:  oneLine(a.District.Name),
		Help:      a.District.helpLine(lang),
	}
	add := func(b familyBlock) {
		if b.Text != "" {
			v.Blocks = append(v.Blocks, b)
		}
	}
	add(familyBlock{Text: fill(w.validity)})
	if a.EmailKind == FamilyPasswordChanged {
		add(familyBlock{Text: p.via[a.Via]})
	}
	add(familyBlock{Text: w.signIn, URL: signIn})
	add(familyBlock{Text: w.ifExpected})
	notYou := familyBlock{Text: fill(w.notYou), Alert: w.alert}
	if w.signInAfterAlert {
		notYou.URL = signIn
	}
	add(notYou)

	return execute(familyTextTmpl, familyHTMLTmpl, v.Subject, "family", v)
}

// webAddress reports whether s is an absolute http or https URL that can
// stand on a line of its own: no spaces or control characters, which could
// break the text layout or hide part of the address.
func webAddress(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
