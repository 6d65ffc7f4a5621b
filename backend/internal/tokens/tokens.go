package tokens

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrInvalid is any token that is forged, expired, malformed, for another
// purpose, or signed with an unknown key.
var ErrInvalid = errors.New("token invalid or expired")

// Purpose selects the audience of a token.
type Purpose string

// Purposes.
const (
	Session     Purpose = "session"
	ForgotFlow  Purpose = "forgot-flow"
	ForgotReset Purpose = "forgot-reset"
	// StaffPending is a staff sign-in whose password was right and whose second factor is
	// still to come: its own audience, so it can never pass for a session.
	StaffPending Purpose = "staff-pending"
)

// Key is one signing key of the ring.
type Key struct {
	ID     string
	Secret []byte
}

// Issuer signs and verifies tokens.
type Issuer struct {
	issuer string
	keys   []Key // keys[0] signs
	byID   map[string][]byte
	now    func() time.Time
}

// NewIssuer returns an issuer whose first key signs. Each key must have an id
// and at least 32 bytes of secret.
func NewIssuer(issuer string, keys []Key) (*Issuer, error) {
	if len(keys) == 0 {
		return nil, errors.New("tokens: no signing key")
	}
	byID := make(map[string][]byte, len(keys))
	for _, k := range keys {
		if k.ID == "" || len(k.Secret) < 32 {
			return nil, fmt.Errorf("tokens: key %q needs an id and at least 32 bytes", k.ID)
		}
		byID[k.ID] = k.Secret
	}
	return &Issuer{issuer: issuer, keys: keys, byID: byID, now: time.Now}, nil
}

// Claims are what a token says.
type Claims struct {
	jwt.RegisteredClaims
	// Kind is the kind of account the subject is ("student", later "guardian", "staff").
	Kind string `json:"knd,omitempty"`
	// Version is the account's token version when the token was issued; a
	// password change bumps it and so ends every earlier token.
	Version int `json:"ver"`
	// SignIn marks a session issued by a sign-in with the password (not one re-issued after a
	// change): for a short while it proves the password was just typed.
	SignIn bool `json:"pwd,omitempty"`
	// Badge marks a student session begun by showing a QR badge: it never proved the
	// password, so nothing that needs the password may be done from it.
	Badge bool `json:"bdg,omitempty"`
	// Pictures marks a student session begun with a picture password: like a badge, it
	// never proved the password.
	Pictures bool `json:"pic,omitempty"`
	// SignInAt and SecondFactorAt are a staff session's sign-in and the last time its second
	// factor was proven: a staff session slides, so its token's iat says neither.
	SignInAt       *jwt.NumericDate `json:"sia,omitempty"`
	SecondFactorAt *jwt.NumericDate `json:"sfa,omitempty"`
}

// YoungSignIn reports whether a student session began with a young student's sign-in (a
// badge or a picture password) rather than the password: nothing that needs the password
// may be done from it.
func (c Claims) YoungSignIn() bool { return c.Badge || c.Pictures }

// Now is the issuer's clock, which judges every token it parses.
func (i *Issuer) Now() time.Time { return i.now() }

// StaffTimes are what a staff token carries besides the registered claims. SessionID, when
// set, keeps the id of the session a re-issued token continues (its CSRF token and its
// revocation stay the same); empty starts a new one.
type StaffTimes struct {
	SessionID      string
	SignInAt       time.Time
	SecondFactorAt time.Time
}

// IssueStaff signs a staff token for purpose (StaffPending or Session) about subject, valid
// for ttl, with the staff session's times.
func (i *Issuer) IssueStaff(p Purpose, subject string, version int, t StaffTimes, ttl time.Duration) (string, Claims, error) {
	return i.sign(p, "staff", subject, version, ttl, func(c *Claims) {
		if t.SessionID != "" {
			c.ID = t.SessionID
		}
		if !t.SignInAt.IsZero() {
			c.SignInAt = jwt.NewNumericDate(t.SignInAt)
		}
		if !t.SecondFactorAt.IsZero() {
			c.SecondFactorAt = jwt.NewNumericDate(t.SecondFactorAt)
		}
	})
}

func (i *Issuer) audience(p Purpose) string { return "portal:" + string(p) }

// Issue signs a token for purpose about subject, valid for ttl.
func (i *Issuer) Issue(p Purpose, kind, subject string, version int, ttl time.Duration) (string, Claims, error) {
	return i.issue(p, kind, subject, version, ttl, false)
}

// IssueSignIn is Issue for a session made by a sign-in with the password (Claims.SignIn).
func (i *Issuer) IssueSignIn(p Purpose, kind, subject string, version int, ttl time.Duration) (string, Claims, error) {
	return i.issue(p, kind, subject, version, ttl, true)
}

// IssueBadge is Issue for a student session begun with a QR badge (Claims.Badge).
func (i *Issuer) IssueBadge(p Purpose, kind, subject string, version int, ttl time.Duration) (string, Claims, error) {
	return i.sign(p, kind, subject, version, ttl, func(c *Claims) { c.Badge = true })
}

// IssuePictures is Issue for a student session begun with a picture password (Claims.Pictures).
func (i *Issuer) IssuePictures(p Purpose, kind, subject string, version int, ttl time.Duration) (string, Claims, error) {
	return i.sign(p, kind, subject, version, ttl, func(c *Claims) { c.Pictures = true })
}

func (i *Issuer) issue(p Purpose, kind, subject string, version int, ttl time.Duration, signIn bool) (string, Claims, error) {
	return i.sign(p, kind, subject, version, ttl, func(c *Claims) { c.SignIn = signIn })
}

// sign signs a token with the registered claims filled in and then adjusted by set.
func (i *Issuer) sign(p Purpose, kind, subject string, version int, ttl time.Duration, set func(*Claims)) (string, Claims, error) {
	now := i.now()
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", Claims{}, fmt.Errorf("token id: %w", err)
	}
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    i.issuer,
			Subject:   subject,
			Audience:  jwt.ClaimStrings{i.audience(p)},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			ID:        base64.RawURLEncoding.EncodeToString(jti),
		},
		Kind:    kind,
		Version: version,
	}
	set(&c)
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = i.keys[0].ID
	s, err := t.SignedString(i.keys[0].Secret)
	if err != nil {
		return "", Claims{}, fmt.Errorf("sign token: %w", err)
	}
	return s, c, nil
}

// Parse verifies a token for purpose and returns its claims.
func (i *Issuer) Parse(p Purpose, token string) (Claims, error) {
	var c Claims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(i.issuer),
		jwt.WithAudience(i.audience(p)),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(i.now),
	)
	_, err := parser.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		secret, ok := i.byID[kid]
		if !ok {
			return nil, fmt.Errorf("unknown key id %q", kid)
		}
		return secret, nil
	})
	if err != nil || c.Subject == "" {
		return Claims{}, ErrInvalid
	}
	return c, nil
}

// Bind returns a value bound to a token id under the signing key ring's
// first key: the CSRF token of a session is Bind(jti), so it cannot be
// forged without the key and dies with the session.
func (i *Issuer) Bind(tokenID string) string {
	return base64.RawURLEncoding.EncodeToString(csrfMAC(i.keys[0].Secret, tokenID))
}

// CheckBound reports whether value is Bind(tokenID) under any key of the ring,
// so CSRF tokens survive a key rotation as long as their session does.
func (i *Issuer) CheckBound(tokenID, value string) bool {
	got, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil {
		return false
	}
	for _, k := range i.keys {
		if hmac.Equal(got, csrfMAC(k.Secret, tokenID)) {
			return true
		}
	}
	return false
}

func csrfMAC(secret []byte, tokenID string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("csrf:" + tokenID))
	return m.Sum(nil)
}

// Digest returns a keyed digest of value, for choices that must look random
// to outsiders yet stay the same every time (the decoy questions shown for an
// unknown username).
func (i *Issuer) Digest(value string) []byte {
	m := hmac.New(sha256.New, i.keys[0].Secret)
	m.Write([]byte("digest:" + value))
	return m.Sum(nil)
}
