package badges

import (
	"context"
	"errors"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// PictureSignIn is a picture sign-in as the child sends it: a Username, or a ClassCode with
// the StudentID tapped on that class's page, and the Pictures tapped, in order.
type PictureSignIn struct {
	Username  string
	ClassCode string
	StudentID string
	Pictures  []string
}

// SignInWithPictures finds the student of a picture sign-in from client address ip.
//
// The try first counts against the address (*PicturesThrottledError past
// PictureTriesPerMinute), then, for a student found, against the student, in one atomic
// step while fewer than policy.MaxPictureTries are counted; only then is the hash checked, so a
// burst of simultaneous guesses counts every one. A right try clears the count; the
// policy.MaxPictureTries-th wrong one locks the pictures (audited) and, like every try after it, is
// ErrPicturesLocked until staff unlock them or set new ones. Everything else that does not
// sign in is ErrPicturesInvalid, with a hash's work done either way, so the time tells
// nothing: a wrong try, an unknown username, class code or student, a student with no
// pictures or outside the badge grades.
func (s *Service) SignInWithPictures(ctx context.Context, in PictureSignIn, ip string) (accounts.Student, error) {
	if err := s.claimPictureAddress(ctx, ip); err != nil {
		return accounts.Student{}, err
	}
	secret := PictureSecret(in.Pictures)
	st, err := s.pictureStudent(ctx, in)
	if errors.Is(err, accounts.ErrNotFound) {
		s.Hasher.VerifyDummy(ctx, secret)
		return accounts.Student{}, ErrPicturesInvalid
	}
	if err != nil {
		return accounts.Student{}, err
	}
	try, ok, locked, err := s.Pictures.ClaimPictureTry(ctx, st.ID)
	switch {
	case err != nil:
		return accounts.Student{}, err
	case locked:
		return accounts.Student{}, ErrPicturesLocked
	case !ok:
		s.Hasher.VerifyDummy(ctx, secret)
		return accounts.Student{}, ErrPicturesInvalid
	}
	right, err := s.Hasher.Verify(ctx, secret, try.Hash)
	if err != nil {
		return accounts.Student{}, err
	}
	if right {
		if err := s.Pictures.PicturesRight(ctx, st.ID, s.now()); err != nil {
			return accounts.Student{}, err
		}
		return st, nil
	}
	if try.Tries < policy.MaxPictureTries {
		return accounts.Student{}, ErrPicturesInvalid
	}
	return accounts.Student{}, s.inTx(ctx, func(ctx context.Context) error {
		at := s.now()
		locked, err := s.Pictures.LockPictures(ctx, st.ID, at)
		if err != nil {
			return err
		}
		if !locked {
			return ErrPicturesInvalid
		}
		if err := s.Audit.Record(ctx, audit.Event{OccurredAt: at, ActorKind: "anonymous", SubjectKind: "student",
			SubjectID: st.ID, Action: actionPicturesLocked, Path: "sign_in", Outcome: audit.Refused,
			Reason: "too_many_tries"}); err != nil {
			return err
		}
		// The child hears at once that the pictures are locked and who can help, rather than
		// a sixth "try again" that cannot work.
		return ErrPicturesLocked
	})
}

// pictureStudent finds the student a sign-in names, in the badge grades: by username, or
// enrolled in the class of the class code (accounts.ErrNotFound otherwise).
func (s *Service) pictureStudent(ctx context.Context, in PictureSignIn) (accounts.Student, error) {
	classID := ""
	if in.Username == "" {
		id, _, err := s.Pictures.ClassByPictureCode(ctx, normalizeClassCode(in.ClassCode))
		if err != nil {
			return accounts.Student{}, err
		}
		classID = id
	}
	return s.Pictures.PictureStudent(ctx, in.Username, classID, in.StudentID, s.Settings.BadgeMaxGrade)
}

// OpenPictureClass returns the picture-sign-in page of the class with code (typed in any
// case), for client address ip: its name and its students in the badge grades with
// pictures, as first name and last initial. The try counts against the address like a
// sign-in; an unknown or replaced code is ErrPictureClassInvalid.
func (s *Service) OpenPictureClass(ctx context.Context, code, ip string) (PictureClass, error) {
	if err := s.claimPictureAddress(ctx, ip); err != nil {
		return PictureClass{}, err
	}
	id, name, err := s.Pictures.ClassByPictureCode(ctx, normalizeClassCode(code))
	if errors.Is(err, accounts.ErrNotFound) {
		return PictureClass{}, ErrPictureClassInvalid
	}
	if err != nil {
		return PictureClass{}, err
	}
	students, err := s.Pictures.PictureClassStudents(ctx, id, s.Settings.BadgeMaxGrade)
	if err != nil {
		return PictureClass{}, err
	}
	return PictureClass{Name: name, Students: students}, nil
}

// claimPictureAddress counts a picture try against the client address ip.
func (s *Service) claimPictureAddress(ctx context.Context, ip string) error {
	ok, windowEnd, err := s.Store.ClaimTry(ctx, "picture-ip:"+ip, s.now(), s.pictureTriesPerMinute(), tryWindow)
	if err != nil {
		return err
	}
	if !ok {
		return &PicturesThrottledError{RetryAt: windowEnd}
	}
	return nil
}
