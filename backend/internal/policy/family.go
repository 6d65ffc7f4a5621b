package policy

import (
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Family-portal rules, reported with the field they are about.
const (
	RuleEmailFormat      Rule = "email_format"
	RuleNameRequired     Rule = "name_required"
	RuleNameTooLong      Rule = "name_too_long"
	RuleStudentIDFormat  Rule = "student_id_format"
	RuleAccessCodeFormat Rule = "access_code_format"
)

// RefusedLink is the refusal code of a malformed student ID or access code.
const RefusedLink = "link_rules"

// RefusedRegistration is the refusal code of a malformed email or name at registration.
const RefusedRegistration = "registration_rules"

// MaxGuardianNameLength bounds a guardian's name, in characters.
const MaxGuardianNameLength = 100

// CheckGuardianRegistration checks the email and name of a new family account; the password
// goes through [CheckPassword] like every other password.
func CheckGuardianRegistration(email, name string) []Violation {
	var vs []Violation
	if _, ok := NormalizeEmail(email); !ok {
		vs = append(vs, violation(RuleEmailFormat, "email"))
	}
	switch n := strings.TrimSpace(name); {
	case n == "":
		vs = append(vs, violation(RuleNameRequired, "name"))
	case utf8.RuneCountInString(n) > MaxGuardianNameLength:
		vs = append(vs, violation(RuleNameTooLong, "name"))
	}
	return vs
}

// NormalizeEmail returns a bare email address trimmed and lower-cased, and whether it is
// one: "Name <a@b>" forms, addresses without a dot in the domain and addresses over 254
// bytes are not.
func NormalizeEmail(email string) (string, bool) {
	e := strings.ToLower(strings.TrimSpace(email))
	if e == "" || len(e) > 254 {
		return "", false
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || addr.Name != "" {
		return "", false
	}
	at := strings.LastIndexByte(e, '@')
	if at < 1 || !strings.Contains(e[at+1:], ".") || strings.HasSuffix(e, ".") {
		return "", false
	}
	return e, true
}

// GuardianPasswordCandidate is the password check context of a guardian: the email's local
// part stands for the username, and the guardian's name for the names.
func GuardianPasswordCandidate(password, email, name string, sameAsCurrent bool) PasswordCandidate {
	local := strings.TrimSpace(email)
	if at := strings.LastIndexByte(local, '@'); at >= 0 {
		local = local[:at]
	}
	return PasswordCandidate{Password: password, Username: local, Names: []string{name}, SameAsCurrent: sameAsCurrent}
}

// StudentNumberLength is the length of a student ID (OSIS number).
const StudentNumberLength = 9

// accessCodeAlphabet are the characters of a parent access code: upper-case letters and
// digits without the look-alikes 0, O, 1 and I (nor L, for symmetry with passwords), so a
// code copied from a printed letter reads one way only.
const accessCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// AccessCodeLength is the number of characters of a parent access code: 12 from a
// 31-character alphabet, about 59 bits, far beyond what the attempt limits let anyone try.
const AccessCodeLength = 12

// NormalizeLinkInput turns a typed student ID and access code into their canonical forms
// (spaces and dashes dropped, code upper-cased) and reports which of them are malformed.
func NormalizeLinkInput(studentID, code string) (string, string, []Violation) {
	id := stripSeparators(studentID)
	c := NormalizeAccessCode(code)
	var vs []Violation
	if len(id) != StudentNumberLength || strings.Trim(id, "0123456789") != "" {
		vs = append(vs, violation(RuleStudentIDFormat, "studentId"))
	}
	if len(c) != AccessCodeLength || strings.Trim(c, accessCodeAlphabet) != "" {
		vs = append(vs, violation(RuleAccessCodeFormat, "accessCode"))
	}
	return id, c, vs
}

// NormalizeAccessCode returns a typed access code in canonical form: spaces and dashes
// dropped, upper case.
func NormalizeAccessCode(code string) string { return strings.ToUpper(stripSeparators(code)) }

func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// GenerateAccessCode returns a new parent access code in its canonical form, drawing
// randomness from r (crypto/rand.Reader in production). [FormatAccessCode] prints it.
func GenerateAccessCode(r io.Reader) (string, error) {
	b := make([]byte, AccessCodeLength)
	for i := range b {
		n, err := uniform(r, len(accessCodeAlphabet))
		if err != nil {
			return "", fmt.Errorf("policy: generate access code: %w", err)
		}
		b[i] = accessCodeAlphabet[n]
	}
	return string(b), nil
}

// FormatAccessCode prints a canonical access code in groups of four, as on a family letter.
func FormatAccessCode(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Access is what a guardian may do for a child.
type Access string

// Guardian access levels.
const (
	// AccessNone: not linked. The guardian learns nothing, not even that the child exists.
	AccessNone Access = "none"
	// AccessActive: linked; may see the recovery status and reset the password.
	AccessActive Access = "active"
	// AccessAdult: linked, but the child is an adult and the school did not keep the link;
	// the guardian may only unlink.
	AccessAdult Access = "adult"
)

// ErrStudentIsAdult refuses a guardian action on a student who is an adult.
var ErrStudentIsAdult = errors.New("the student is an adult and manages their own account")

// GuardianLink is what the policy needs to know about a guardian's link to a student.
type GuardianLink struct {
	Linked bool
	// KeepAfterAdult is set by the school to keep a guardian's rights after the student
	// turns adult (a student with a disability, for example).
	KeepAfterAdult bool
}

// GuardianAccess decides what a guardian with link may do for a student born on
// dateOfBirth, at now.
func GuardianAccess(link GuardianLink, dateOfBirth, now time.Time, s Settings) Access {
	switch {
	case !link.Linked:
		return AccessNone
	case IsAdult(dateOfBirth, now, s) && !link.KeepAfterAdult:
		return AccessAdult
	default:
		return AccessActive
	}
}

// IsAdult reports whether someone born on dateOfBirth has reached s.AdultAge at now. The
// birthday counts by calendar date where the district is (s.Location): it begins at
// midnight there, not in UTC; someone born on February 29 comes of age on March 1 in years
// without one.
func IsAdult(dateOfBirth, now time.Time, s Settings) bool {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := dateOfBirth.UTC().Date()
	comesOfAge := time.Date(y+s.AdultAge, m, d, 0, 0, 0, 0, loc)
	return !now.Before(comesOfAge)
}

// LinkAttempts counts failed link attempts of one guardian, or against one student ID.
type LinkAttempts struct {
	Failures int
	// WindowStart is the first failure of the current window.
	WindowStart time.Time
}

// LinkWait returns how long linking stays refused for a counter, zero when it is allowed.
func LinkWait(a LinkAttempts, now time.Time, s Settings) time.Duration {
	if s.LinkFailureLimit <= 0 || a.Failures < s.LinkFailureLimit {
		return 0
	}
	if end := a.WindowStart.Add(s.LinkFailureWindow); now.Before(end) {
		return end.Sub(now)
	}
	return 0
}

// AfterFailedLink returns the counter after one more failed attempt at now: a window that
// has ended starts again.
func AfterFailedLink(a LinkAttempts, now time.Time, s Settings) LinkAttempts {
	if a.Failures == 0 || !now.Before(a.WindowStart.Add(s.LinkFailureWindow)) {
		return LinkAttempts{Failures: 1, WindowStart: now}
	}
	return LinkAttempts{Failures: a.Failures + 1, WindowStart: a.WindowStart}
}

// GuardianResetWindow is the period guardian resets of one child are counted over.
const GuardianResetWindow = 24 * time.Hour

// ResetLimitError refuses a guardian reset because the child had the day's share already.
type ResetLimitError struct{ RetryAt time.Time }

func (e *ResetLimitError) Error() string {
	return "this child's password was reset too many times today"
}

// CheckGuardianResets refuses a guardian reset when the child already had
// s.GuardianResetsPerDay guardian resets in the 24 hours before now. recent are the times of
// those resets, oldest first; the refusal says when the oldest one leaves the window. A
// limit of zero or less refuses every guardian reset (with no time to retry), so a setting
// that went missing never lifts the limit.
func CheckGuardianResets(recent []time.Time, now time.Time, s Settings) error {
	if s.GuardianResetsPerDay <= 0 {
		return &ResetLimitError{}
	}
	inWindow := resetsInWindow(recent, now)
	if len(inWindow) < s.GuardianResetsPerDay {
		return nil
	}
	return &ResetLimitError{RetryAt: inWindow[len(inWindow)-s.GuardianResetsPerDay].Add(GuardianResetWindow)}
}

// GuardianResetsLeft is how many guardian resets the child may still have now.
func GuardianResetsLeft(recent []time.Time, now time.Time, s Settings) int {
	return max(0, s.GuardianResetsPerDay-len(resetsInWindow(recent, now)))
}

func resetsInWindow(recent []time.Time, now time.Time) []time.Time {
	start := now.Add(-GuardianResetWindow)
	for i, t := range recent {
		if t.After(start) {
			return recent[i:]
		}
	}
	return nil
}

// Limits on the emails a family account's address is sent on request, so the portal's
// forms cannot be used to flood someone's mailbox.
const (
	// GuardianEmailInterval is the least time between two verification (or "already
	// registered") emails to one address.
	GuardianEmailInterval = time.Minute
	// ResetLinkWindow and MaxResetLinks bound the password reset links sent to one address:
	// further requests answer the same and send nothing.
	ResetLinkWindow = time.Hour
	MaxResetLinks   = 5
)

// NextGuardianEmail returns the first moment another verification or "already registered"
// email may go to an address last sent one at lastSent (the zero time: at once).
func NextGuardianEmail(lastSent time.Time) time.Time {
	if lastSent.IsZero() {
		return time.Time{}
	}
	return lastSent.Add(GuardianEmailInterval)
}

// ResetLinkAllowed reports whether another reset link may go to an address that was sent
// sentInWindow of them in the last ResetLinkWindow.
func ResetLinkAllowed(sentInWindow int) bool { return sentInWindow < MaxResetLinks }
