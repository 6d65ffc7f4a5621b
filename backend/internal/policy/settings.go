package policy

import (
	"errors"
	"time"
)

// Settings are the district-tunable numbers the rules use. Start from [DefaultSettings]
// and override what the district configures.
type Settings struct {
	// SelfServiceMinGrade is the lowest grade allowed to reset its own password.
	SelfServiceMinGrade int
	// SelfResetWindow is the shortest time between two self-resets.
	SelfResetWindow time.Duration
	// LockAfterFailures is how many consecutive failed recovery verifications lock
	// recovery for LockDuration; every further multiple of it locks again. Zero or less
	// never locks.
	LockAfterFailures int
	// LockDuration is how long a lock lasts.
	LockDuration time.Duration
	// DisableAfterFailures is how many consecutive failed recovery verifications disable
	// recovery until the student sets a PIN or questions again while signed in. Zero or
	// less never disables.
	DisableAfterFailures int
	// AdultAge is the age at which a student is an adult (guardian rights end).
	AdultAge int
	// AccessCodeTTL is how long a parent access code stays valid after it is issued.
	AccessCodeTTL time.Duration
	// GuardianResetsPerDay is how many guardian resets one child may have in any 24 hours,
	// whichever linked guardians make them.
	GuardianResetsPerDay int
	// LinkFailureLimit is how many failed link attempts a guardian, and a student ID, may
	// have in LinkFailureWindow before linking is refused until the window ends.
	LinkFailureLimit int
	// LinkFailureWindow is the period failed link attempts are counted over, from the first.
	LinkFailureWindow time.Duration
	// BadgeMaxGrade is the highest grade that may sign in with a QR badge; every graded
	// level from the youngest pre-K up to it is eligible (ungraded students are not).
	BadgeMaxGrade int
	// Location is the district's time zone, where calendar dates (a birthday) begin; nil
	// means UTC.
	Location *time.Location
}

// DefaultSettings returns the settings the product specifies: self-service from grade 3,
// one self-reset every 30 days, a 15-minute lock after 5 failed verifications, recovery
// disabled after 10, adults at 18; parent access codes valid 60 days, 5 guardian resets per
// child a day, 10 failed link attempts a day per guardian and per student ID.
func DefaultSettings() Settings {
	return Settings{
		SelfServiceMinGrade:  3,
		SelfResetWindow:      30 * 24 * time.Hour,
		LockAfterFailures:    5,
		LockDuration:         15 * time.Minute,
		DisableAfterFailures: 10,
		AdultAge:             18,
		AccessCodeTTL:        60 * 24 * time.Hour,
		GuardianResetsPerDay: 5,
		LinkFailureLimit:     10,
		LinkFailureWindow:    24 * time.Hour,
		BadgeMaxGrade:        5,
	}
}

// Grade values with a meaning of their own.
const (
	// GradeUngraded is the grade of ungraded students.
	GradeUngraded = -9
	// GradeKindergarten is kindergarten; grades below it are pre-K levels.
	GradeKindergarten = 0
	// MinGrade and MaxGrade bound the ordinary grades: -5 (the youngest pre-K level)
	// to 13 (post-secondary).
	MinGrade = -5
	MaxGrade = 13
)

// ErrInvalidGrade reports a grade outside -5..13 and -9.
var ErrInvalidGrade = errors.New("policy: invalid grade")

// ValidGrade reports whether g is a grade the portal knows: -5 to 13, or -9 (ungraded).
func ValidGrade(g int) bool {
	return g == GradeUngraded || (g >= MinGrade && g <= MaxGrade)
}

// CanSelfReset reports whether a student in grade may reset a forgotten password
// without an adult.
//
// Graded students may from s.SelfServiceMinGrade up; pre-K levels (negative grades) and
// kindergarten fall below the default minimum of 3 and are served by guardians and staff.
// Ungraded students (-9) may self-reset: the grade says nothing about their age, and the
// district can still withhold the PIN and questions from them. Invalid grades may not.
func CanSelfReset(grade int, s Settings) bool {
	if !ValidGrade(grade) {
		return false
	}
	return grade == GradeUngraded || grade >= s.SelfServiceMinGrade
}

// BadgeEligible reports whether a student in grade may have a QR badge: graded levels from
// MinGrade (-5) to s.BadgeMaxGrade. Ungraded students (-9) may not: the grade says nothing
// of their age, and a badge is a weaker sign-in than a password.
func BadgeEligible(grade int, s Settings) bool {
	return grade >= MinGrade && grade <= s.BadgeMaxGrade && grade <= MaxGrade
}

// TimeZone returns the name of the district's time zone ("" for UTC), for the times shown
// in emails.
func (s Settings) TimeZone() string {
	if s.Location == nil {
		return ""
	}
	return s.Location.String()
}
