package mail

import "strings"

// District is the school district the emails come from. Its name heads and
// signs every email (a password email from a name nobody knows looks like
// phishing), and emails to parents end with its help desk. The workers set it
// on each job's arguments from the portal's settings as they render, rather
// than the job storing it: an email queued before a change of the settings
// still goes out with the current name.
type District struct {
	Name      string
	HelpPhone string
	HelpEmail string
	HelpURL   string
}

// helpLabel introduces the district's help desk at the end of an email to a
// parent.
var helpLabel = map[string]string{
	"en": "Help: %s",
	"es": "Ayuda: %s",
}

// helpLine is "Help: (718) 555-0147 · help@district.org · https://…", with
// what the district has set, or "" when it has set none.
func (d District) helpLine(lang string) string {
	var ways []string
	for _, w := range []string{d.HelpPhone, d.HelpEmail, d.HelpURL} {
		if w = oneLine(w); w != "" {
			ways = append(ways, w)
		}
	}
	if len(ways) == 0 {
		return ""
	}
	return strings.Replace(helpLabel[lang], "%s", strings.Join(ways, " · "), 1)
}
