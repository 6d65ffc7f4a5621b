package emaillink

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
)

// tokenBytes is a token's randomness: 256 bits, so a digest needs no slow hash and an
// answer about one token helps no guess of another.
const tokenBytes = 32

// Digest is what is stored of a token: its SHA-256, so the store never holds a usable link.
func Digest(token string) []byte {
	d := sha256.Sum256([]byte(token))
	return d[:]
}

// NewToken returns a fresh token drawn from r (crypto/rand in production) and its digest.
func NewToken(r io.Reader) (token string, digest []byte, err error) {
	b := make([]byte, tokenBytes)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", nil, fmt.Errorf("link token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Digest(token), nil
}

// Sealer seals a link for its email job, so the job table never holds a usable token
// (package accounts' Sealer).
type Sealer interface {
	Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error)
}

// Sealed is a link sealed for its email job.
type Sealed struct {
	Link  []byte
	KeyID string
}

// Issue makes a new link to page (a full URL without fragment) and returns it sealed with
// associatedData (the address it is emailed to): save stores the token's digest, in the
// caller's transaction, before the link is sealed. The token travels in the URL's
// fragment, which browsers never send to a server, so it stays out of access logs and
// Referer headers.
func Issue(r io.Reader, sealer Sealer, page string, associatedData []byte, save func(digest []byte) error) (Sealed, error) {
	token, digest, err := NewToken(r)
	if err != nil {
		return Sealed{}, err
	}
	if err := save(digest); err != nil {
		return Sealed{}, err
	}
	sealed, keyID, err := sealer.Seal(page+"#token="+token, associatedData)
	if err != nil {
		return Sealed{}, fmt.Errorf("seal link: %w", err)
	}
	return Sealed{Link: sealed, KeyID: keyID}, nil
}

// ErrInvalid is an emailed link that is unknown, expired or already used; the stores of
// both paths answer it, and the HTTP layer gives it one status.
var ErrInvalid = errors.New("this link has expired or was already used")
