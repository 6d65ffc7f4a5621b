package staff

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/skip2/go-qrcode"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/mail"
)

// totpPeriod is the authenticator apps' usual 30-second time step.
const totpPeriod = 30

// totpOpts check one time step exactly: the skew of one step either way is walked by
// matchStep, which needs to know which step matched.
var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a new authenticator secret to show: as a key to type, the otpauth URI and
// the URI as a QR code (a PNG data URL).
type Enrolment struct {
	Secret string
	URI    string
	QRCode string
}

// TOTPAD is the associated data a staff member's TOTP secret is sealed with: it binds the
// sealed secret to its staff member, so one copied to another row cannot be opened.
func TOTPAD(staffID string) []byte { return []byte("staff-totp:" + staffID) }

// StartEnrolment makes a new authenticator secret for m, who has no second factor yet, and
// keeps it sealed as pending until ConfirmEnrolment gets a right code; each call replaces
// the last.
func (s *Service) StartEnrolment(ctx context.Context, m accounts.Staff) (Enrolment, error) {
	if m.HasSecondFactor() {
		return Enrolment{}, ErrEnrolled
	}
	issuer := s.District
	if issuer == "" {
		issuer = "School portal"
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: m.Email, Period: totpPeriod, SecretSize: 20,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: s.random(),
	})
	if err != nil {
		return Enrolment{}, fmt.Errorf("totp secret: %w", err)
	}
	sealed, keyID, err := s.Sealer.Seal(key.Secret(), TOTPAD(m.ID))
	if err != nil {
		return Enrolment{}, fmt.Errorf("seal totp secret: %w", err)
	}
	if err := s.Store.SetPendingTOTP(ctx, m.ID, sealed, keyID); err != nil {
		return Enrolment{}, err
	}
	png, err := qrcode.Encode(key.URL(), qrcode.Medium, 256)
	if err != nil {
		return Enrolment{}, fmt.Errorf("totp qr code: %w", err)
	}
	return Enrolment{Secret: key.Secret(), URI: key.URL(),
		QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)}, nil
}

// ConfirmEnrolment enrols the pending authenticator of m with a right code and returns ten
// new recovery codes, shown only now. The code's step becomes the last used one, so it
// cannot sign in again. Enrolment, codes, audit event and email commit together.
func (s *Service) ConfirmEnrolment(ctx context.Context, m accounts.Staff, code string) ([]string, error) {
	throttle := accounts.Throttle{Attempts: s.Attempts}
	if err := throttle.Claim(ctx, signInKey(m.ID), s.now()); err != nil {
		return nil, s.refused(ctx, m.ID, actionTOTPEnrolled, err, "sign_in_throttled")
	}
	sec, err := s.Store.StaffSecrets(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if len(sec.PendingSealed) == 0 || m.HasSecondFactor() {
		return nil, ErrNoEnrolment
	}
	secret, err := s.Sealer.Open(sec.PendingSealed, sec.PendingKeyID, TOTPAD(m.ID))
	if err != nil {
		return nil, fmt.Errorf("open totp secret: %w", err)
	}
	digits, ok := totpCode(code)
	step := matchStep(digits, secret, s.now())
	if !ok || step == 0 {
		return nil, s.refused(ctx, m.ID, actionTOTPEnrolled, ErrSecondFactorInvalid, "second_factor_invalid")
	}
	codes, digests, err := newRecoveryCodes(s.random(), m.ID)
	if err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(ctx context.Context) error {
		done, err := s.Store.ConfirmTOTP(ctx, m.ID, sec.PendingSealed, step, s.now())
		if err != nil {
			return err
		}
		if !done {
			return ErrSecondFactorInvalid
		}
		if err := s.Store.SaveRecoveryCodes(ctx, m.ID, digests); err != nil {
			return err
		}
		if err := s.self(ctx, m.ID, actionTOTPEnrolled, audit.Succeeded, ""); err != nil {
			return err
		}
		return s.email(ctx, m, mail.StaffTOTPEnrolled)
	})
	if err != nil {
		return nil, err
	}
	return codes, throttle.Succeeded(ctx, signInKey(m.ID))
}

// useTOTP checks an authenticator code of m and spends its time step.
func (s *Service) useTOTP(ctx context.Context, m accounts.Staff, digits string) (bool, error) {
	sec, err := s.Store.StaffSecrets(ctx, m.ID)
	if err != nil || len(sec.TOTPSealed) == 0 {
		return false, err
	}
	secret, err := s.Sealer.Open(sec.TOTPSealed, sec.TOTPKeyID, TOTPAD(m.ID))
	if err != nil {
		return false, fmt.Errorf("open totp secret: %w", err)
	}
	step := matchStep(digits, secret, s.now())
	if step == 0 {
		return false, nil
	}
	return s.Store.UseTOTPStep(ctx, m.ID, step)
}

// matchStep returns the newest time step, of the current one and one either side, whose
// code is digits; 0 when none is.
func matchStep(digits, secret string, now time.Time) int64 {
	for off := int64(1); off >= -1; off-- {
		at := now.Add(time.Duration(off*totpPeriod) * time.Second)
		if ok, _ := totp.ValidateCustom(digits, secret, at, totpOpts); ok {
			return at.Unix() / totpPeriod
		}
	}
	return 0
}

// totpCode returns a code typed as six digits (spaces ignored).
func totpCode(code string) (string, bool) {
	c := strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(c) != 6 {
		return "", false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return c, true
}

// recoveryAlphabet has no look-alikes (0/O, 1/I/L), so a code read off paper is typed
// right; 31 symbols, so a 10-symbol code carries about 49.5 bits.
const recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newRecoveryCodes returns RecoveryCodeCount codes formatted XXXXX-XXXXX and their digests.
func newRecoveryCodes(r io.Reader, staffID string) ([]string, [][]byte, error) {
	codes, digests := make([]string, RecoveryCodeCount), make([][]byte, RecoveryCodeCount)
	buf := make([]byte, 1)
	for i := range codes {
		var b strings.Builder
		for b.Len() < 10 {
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, nil, fmt.Errorf("recovery code: %w", err)
			}
			// Rejection sampling keeps every symbol equally likely.
			if int(buf[0]) >= 256/len(recoveryAlphabet)*len(recoveryAlphabet) {
				continue
			}
			b.WriteByte(recoveryAlphabet[int(buf[0])%len(recoveryAlphabet)])
		}
		raw := b.String()
		codes[i], digests[i] = raw[:5]+"-"+raw[5:], RecoveryDigest(staffID, raw)
	}
	return codes, digests, nil
}

// normalizeRecoveryCode returns a recovery code as stored (case, spaces and dashes
// ignored), or false when it cannot be one.
func normalizeRecoveryCode(code string) (string, bool) {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(code))
	if len(c) != 10 {
		return "", false
	}
	for _, r := range c {
		if !strings.ContainsRune(recoveryAlphabet, r) {
			return "", false
		}
	}
	return c, true
}

// RecoveryDigest is what is stored of a recovery code: SHA-256 of the staff id and the code.
// A fast hash is enough here, unlike for passwords: a code is ~49.5 random bits chosen by
// the server, so a stolen digest cannot be reversed by guessing, and the staff id in the
// input keeps one table of guesses from serving every account. Argon2id would only make
// each check cost 30 ms of CPU.
func RecoveryDigest(staffID, code string) []byte {
	d := sha256.Sum256(bytes.Join([][]byte{[]byte(staffID), []byte(code)}, []byte{':'}))
	return d[:]
}
