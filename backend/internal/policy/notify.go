package policy

// Event is a change that sends a confirmation email.
type Event string

// Events.
const (
	EventPasswordChanged  Event = "password_changed"
	EventPINChanged       Event = "pin_changed"
	EventQuestionsChanged Event = "questions_changed"
	// EventPicturesChanged is a new picture password (only staff set one).
	EventPicturesChanged Event = "pictures_changed"
	// EventBadgeIssued is a new QR sign-in badge (only staff issue one); it ends the earlier.
	EventBadgeIssued Event = "badge_issued"
)

// Path is the way a change was made.
type Path string

// Paths.
const (
	// PathSignedIn is the student, signed in.
	PathSignedIn Path = "signed_in"
	// PathSelfReset is the student's forgot-password reset.
	PathSelfReset Path = "self_reset"
	// PathGuardian is a linked guardian in the family portal.
	PathGuardian Path = "guardian"
	// PathStaff is school or district staff.
	PathStaff Path = "staff"
	// PathDistrict is a district admin's regeneration of default passwords.
	PathDistrict Path = "district"
)

// Recipient is who receives a confirmation email.
type Recipient string

// Recipients of confirmation emails.
const (
	// RecipientStudent is the student's school email.
	RecipientStudent Recipient = "student"
	// RecipientGuardians are the student's linked guardians.
	RecipientGuardians Recipient = "guardians"
)

// Recipients returns who is told about event e made through path p. The student is always
// told, so a change they did not make never goes unnoticed; linked guardians are told too
// when a guardian or staff member made the change, so the family knows an adult acted on
// the child's account. Every event is treated alike; e is there so a rule per event needs
// no change of signature.
func Recipients(e Event, p Path) []Recipient {
	switch p {
	case PathGuardian, PathStaff, PathDistrict:
		return []Recipient{RecipientStudent, RecipientGuardians}
	default:
		return []Recipient{RecipientStudent}
	}
}
