package badges

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// ClassPictures is a class's new picture passwords, by last and first name: shown once.
type ClassPictures struct {
	Class    schoolreset.ClassSummary
	Pictures []IssuedPictures
}

// drawn is a picture password drawn and hashed before a transaction.
type drawn struct {
	pictures []string
	hash     string
}

// SetClassPictures sets picture passwords, drawn at random, for the students of a class in
// the badge grades: those with none, or every one when reissue is set (earlier pictures
// end, locks clear). The class must be in m's scope (accounts.ErrNotFound, audited,
// otherwise). The hashes are made first, a few at a time, for the students the
// class has then; one transaction then checks the class again under the students' row
// locks and stores each with its confirmation, plus one audit event for the class.
func (s *Service) SetClassPictures(ctx context.Context, m accounts.Staff, classID string, reissue bool) (ClassPictures, error) {
	rec, err := s.Scope.AuthorizeClass(ctx, m, classID, actionClassPictures)
	if err != nil {
		return ClassPictures{}, err
	}
	before, err := s.classTargets(ctx, m, rec.Class.ID, reissue, false)
	if err != nil {
		return ClassPictures{}, err
	}
	pool, err := s.drawHashed(ctx, len(before))
	if err != nil {
		return ClassPictures{}, err
	}
	out := ClassPictures{Pictures: []IssuedPictures{}}
	err = s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.AuthorizeClass(ctx, m, classID, actionClassPictures)
		if err != nil {
			return err
		}
		out.Class = rec.Class
		targets, err := s.classTargets(ctx, m, rec.Class.ID, reissue, true)
		if err != nil {
			return err
		}
		for _, st := range targets {
			if len(pool) == 0 {
				// A student enrolled since the hashes were made: hash one more here.
				if pool, err = s.drawHashed(ctx, 1); err != nil {
					return err
				}
			}
			issued, err := s.storePictures(ctx, m, st, pool[0].pictures, pool[0].hash)
			if err != nil {
				return err
			}
			pool = pool[1:]
			out.Pictures = append(out.Pictures, issued)
		}
		reason := "missing_only"
		if reissue {
			reason = "reissue"
		}
		return s.record(ctx, m, "class", rec.Class.ID, actionClassPictures, audit.Succeeded, reason)
	})
	if err != nil {
		return ClassPictures{}, err
	}
	slices.SortFunc(out.Pictures, func(a, b IssuedPictures) int {
		return cmp.Or(cmp.Compare(a.Student.LastName, b.Student.LastName), cmp.Compare(a.Student.FirstName, b.Student.FirstName),
			cmp.Compare(a.Student.ID, b.Student.ID))
	})
	return out, nil
}

// classTargets lists the students of the class that a class set gives pictures to: in the
// badge grades, in m's scope, and without pictures unless reissue is set; lock holds their
// row locks.
func (s *Service) classTargets(ctx context.Context, m accounts.Staff, classID string, reissue, lock bool) ([]accounts.Student, error) {
	students, err := s.Scope.Classrooms.ClassCodeStudents(ctx, m, classID, s.now(), lock)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(students))
	for i, st := range students {
		ids[i] = st.Student.ID
	}
	have, err := s.Pictures.PictureStatuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []accounts.Student
	for _, st := range students {
		_, has := have[st.Student.ID]
		if (has && !reissue) || !policy.BadgeEligible(st.Student.Grade, s.Settings) ||
			policy.StaffMay(m.Role, st.Relation, policy.StaffIssueBadge) != policy.StaffAllowed {
			continue
		}
		out = append(out, st.Student)
	}
	return out, nil
}

// drawHashed draws n picture passwords and hashes them (Hasher.HashMany: a few at a time).
func (s *Service) drawHashed(ctx context.Context, n int) ([]drawn, error) {
	out := make([]drawn, n)
	secrets := make([]string, n)
	for i := range out {
		p, err := drawPictures(s.random())
		if err != nil {
			return nil, err
		}
		out[i].pictures, secrets[i] = p, PictureSecret(p)
	}
	hashes, err := s.Hasher.HashMany(ctx, secrets)
	if err != nil {
		return nil, fmt.Errorf("hash picture passwords: %w", err)
	}
	for i, h := range hashes {
		out[i].hash = h
	}
	return out, nil
}

// ClassPictureSignIn returns the class's picture-sign-in code, making one on first ask
// (audited). Staff in scope of the class, teachers too (accounts.ErrNotFound, audited,
// otherwise).
func (s *Service) ClassPictureSignIn(ctx context.Context, m accounts.Staff, classID string) (ClassPictureSignIn, error) {
	return s.classCode(ctx, m, classID, false)
}

// RenewClassPictureSignIn replaces the class's picture-sign-in code: the old one and its
// printed QR stop working. Audited; the scope is ClassPictureSignIn's.
func (s *Service) RenewClassPictureSignIn(ctx context.Context, m accounts.Staff, classID string) (ClassPictureSignIn, error) {
	return s.classCode(ctx, m, classID, true)
}

// classCode reads (or makes) the class's code, or replaces it when renew is set.
func (s *Service) classCode(ctx context.Context, m accounts.Staff, classID string, renew bool) (ClassPictureSignIn, error) {
	var out ClassPictureSignIn
	err := s.inTx(ctx, func(ctx context.Context) error {
		rec, err := s.Scope.AuthorizeClass(ctx, m, classID, actionClassPictureCode)
		if err != nil {
			return err
		}
		code := ""
		if !renew {
			if code, err = s.Pictures.ClassPictureCode(ctx, rec.Class.ID); err != nil {
				return err
			}
		}
		if code == "" {
			if code, err = s.putClassCode(ctx, m, rec.Class.ID, renew); err != nil {
				return err
			}
			reason := "created"
			if renew {
				reason = "renewed"
			}
			if err := s.record(ctx, m, "class", rec.Class.ID, actionClassPictureCode, audit.Succeeded, reason); err != nil {
				return err
			}
		}
		out = ClassPictureSignIn{Code: code, SignInURL: s.PublicOrigin + "/pictures#" + code}
		return nil
	})
	return out, err
}

// putClassCode stores a new code for the class (replacing its code when replace is set, else
// keeping one made meanwhile), drawing another when one clashes with another class's.
func (s *Service) putClassCode(ctx context.Context, m accounts.Staff, classID string, replace bool) (string, error) {
	for try := 1; ; try++ {
		code, err := newCode(s.random())
		if err != nil {
			return "", err
		}
		stored, err := s.Pictures.PutClassPictureCode(ctx, classID, m.ID, code, s.now(), replace)
		if !errors.Is(err, ErrCodeTaken) || try == maxCodeTries {
			return stored, err
		}
	}
}

// normalizeClassCode is a typed class code as stored: capitals, without spaces or dashes.
func normalizeClassCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}
