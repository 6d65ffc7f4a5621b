package badges

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// PictureTriesPerMinute is how many picture sign-ins (and class pages) one client address
// may try a minute by default: a whole class may share one school address.
const PictureTriesPerMinute = 120

// Refusals of the picture-password actions.
var (
	// ErrPicturesInvalid is every picture sign-in that does not sign in, short of a lock:
	// wrong pictures, an unknown username, a student with no pictures, outside the badge
	// grades, or not on that class's page. One error, so nothing tells them apart.
	ErrPicturesInvalid = errors.New("badges: pictures invalid")
	// ErrPicturesLocked refuses a picture sign-in of a student whose pictures were locked
	// after policy.MaxPictureTries wrong tries.
	ErrPicturesLocked = errors.New("badges: pictures locked")
	// ErrPictureClassInvalid is a class picture-sign-in code that names no class (unknown
	// or replaced).
	ErrPictureClassInvalid = errors.New("badges: class picture code invalid")
)

// PicturesThrottledError refuses a picture sign-in from an address that used up its tries;
// RetryAt is when its window ends.
type PicturesThrottledError struct{ RetryAt time.Time }

func (e *PicturesThrottledError) Error() string {
	return "badges: too many picture sign-ins from this address"
}

// RefusedPictures is the refusal code of a picture choice that breaks a rule.
const RefusedPictures = "picture_rules"

// Audit actions of picture passwords.
const (
	// actionPicturesSet is the event change.Writer.Confirm records for new pictures, so a
	// refusal to set them reads as the same action.
	actionPicturesSet      = string(policy.EventPicturesChanged)
	actionPicturesRemoved  = "pictures_removed"
	actionPicturesUnlocked = "pictures_unlocked"
	actionPicturesLocked   = "pictures_locked"
	actionClassPictures    = "class_pictures_set"
	actionClassPictureCode = "class_picture_code_renewed"
)

// Picture states, as the staff pages show them.
const (
	PicturesNone   = "none"
	PicturesActive = "active"
	PicturesLocked = "locked"
)

// PictureStatus is a student's picture password as the staff pages show it.
type PictureStatus struct {
	// State is PicturesNone, PicturesActive or PicturesLocked.
	State      string
	SetAt      time.Time
	LockedAt   time.Time
	LastUsedAt time.Time
}

// IssuedPictures is a new picture password, shown once.
type IssuedPictures struct {
	Student  accounts.Student
	Pictures []string
	SetAt    time.Time
}

// PictureClass is a class's picture-sign-in page: its name and the students with pictures.
type PictureClass struct {
	Name     string
	Students []PictureClassStudent
}

// PictureClassStudent is a student on a class's picture-sign-in page: first name and last
// initial only.
type PictureClassStudent struct {
	ID          string
	DisplayName string
}

// ClassPictureSignIn is a class's picture-sign-in code and the address its QR holds.
type ClassPictureSignIn struct {
	Code      string
	SignInURL string
}

// PictureTry is a claimed picture sign-in try: the hash to check and the count of tries it
// made (policy.MaxPictureTries for the last one before the lock).
type PictureTry struct {
	Hash  string
	Tries int
}

// PictureStore is the storage of picture passwords (package postgres). Every method runs in
// the transaction InTx (of Store) puts in the context, when there is one.
type PictureStore interface {
	// SetPictures stores hash as the student's picture password, replacing any (its tries
	// and lock cleared), and reports whether one was replaced.
	SetPictures(ctx context.Context, studentID, staffID, hash string, at time.Time) (bool, error)
	// RemovePictures deletes the student's picture password and reports whether there was one.
	RemovePictures(ctx context.Context, studentID string) (bool, error)
	// UnlockPictures clears the student's wrong tries and lock and reports whether it had
	// any pictures.
	UnlockPictures(ctx context.Context, studentID string) (bool, error)
	// PictureStatuses reads the picture passwords of the students, by student id.
	PictureStatuses(ctx context.Context, studentIDs []string) (map[string]PictureStatus, error)
	// PictureStudent finds the student in grades -5..maxGrade by username, or, when
	// classID is set, the one with studentID enrolled in that class; accounts.ErrNotFound
	// otherwise.
	PictureStudent(ctx context.Context, username, classID, studentID string, maxGrade int) (accounts.Student, error)
	// ClaimPictureTry counts a try of the student's pictures in one atomic step while fewer
	// than policy.MaxPictureTries are counted; ok is false when none was counted, and locked then
	// says whether the pictures are locked (else the student has none).
	ClaimPictureTry(ctx context.Context, studentID string) (try PictureTry, ok, locked bool, err error)
	// PicturesRight clears the student's count of tries and lock and records the use.
	PicturesRight(ctx context.Context, studentID string, at time.Time) error
	// LockPictures locks the student's pictures at at, when policy.MaxPictureTries tries are
	// counted and they are not locked yet; it reports whether it locked them.
	LockPictures(ctx context.Context, studentID string, at time.Time) (bool, error)
	// ClassByPictureCode finds the class of a picture-sign-in code: its id and name.
	ClassByPictureCode(ctx context.Context, code string) (id, name string, err error)
	// PictureClassStudents lists the students enrolled in the class, in grades
	// -5..maxGrade, with a picture password, by first and last name.
	PictureClassStudents(ctx context.Context, classID string, maxGrade int) ([]PictureClassStudent, error)
	// ClassPictureCode reads the class's code ("" when none).
	ClassPictureCode(ctx context.Context, classID string) (string, error)
	// PutClassPictureCode stores code as the class's, replacing any when replace is set
	// (else keeping the one there); ErrCodeTaken when another class has it. It returns the
	// class's code as stored.
	PutClassPictureCode(ctx context.Context, classID, staffID, code string, at time.Time, replace bool) (string, error)
}

// PictureHasher hashes and checks picture passwords (argon2id, accounts.Hasher).
type PictureHasher interface {
	Hash(ctx context.Context, secret string) (string, error)
	HashMany(ctx context.Context, secrets []string) ([]string, error)
	Verify(ctx context.Context, secret, encoded string) (bool, error)
	VerifyDummy(ctx context.Context, secret string)
}

// PictureSecret is what is hashed for a picture password: the ids in order.
func PictureSecret(pictures []string) string { return strings.Join(pictures, ",") }

// drawPictures draws policy.PictureCount different pictures from r, each equally likely.
func drawPictures(r io.Reader) ([]string, error) {
	left := slices.Clone(policy.PictureIDs)
	out := make([]string, 0, policy.PictureCount)
	buf := make([]byte, 8)
	for len(out) < policy.PictureCount {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("draw pictures: %w", err)
		}
		for _, b := range buf {
			if len(out) == policy.PictureCount {
				break
			}
			// Rejecting bytes past a multiple of the pictures left keeps every one equally likely.
			n := len(left)
			if int(b) >= 256-256%n {
				continue
			}
			i := int(b) % n
			out = append(out, left[i])
			left = slices.Delete(left, i, i+1)
		}
	}
	return out, nil
}

// DisplayName is a student as a class page shows them: first name and last initial.
func DisplayName(first, last string) string {
	r := []rune(strings.TrimSpace(last))
	if len(r) == 0 {
		return strings.TrimSpace(first)
	}
	return strings.TrimSpace(first) + " " + string(r[0]) + "."
}
