package badges

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
)

// TokenLength is the length of a token: 32 random bytes in unpadded base64url.
const TokenLength = 43

// codeAlphabet has no letters or digits that read alike (0/O, 1/I/L): staff read the code
// off a card.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// codeLength is the length of a badge's printed code.
const codeLength = 8

// secret is a new badge's token, its digest and its printed code.
type secret struct {
	token  string
	digest []byte
	code   string
}

// newSecret draws a token and a code from r.
func newSecret(r io.Reader) (secret, error) {
	raw := make([]byte, 32)
	if _, err := io.ReadFull(r, raw); err != nil {
		return secret{}, fmt.Errorf("badge token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	code, err := newCode(r)
	if err != nil {
		return secret{}, err
	}
	d := sha256.Sum256([]byte(token))
	return secret{token: token, digest: d[:], code: code}, nil
}

// newCode draws codeLength letters of codeAlphabet, rejecting bytes past the largest
// multiple of its size so every letter is equally likely.
func newCode(r io.Reader) (string, error) {
	const limit = 256 - 256%len(codeAlphabet)
	out := make([]byte, 0, codeLength)
	buf := make([]byte, 16)
	for len(out) < codeLength {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("badge code: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < codeLength {
				out = append(out, codeAlphabet[int(b)%len(codeAlphabet)])
			}
		}
	}
	return string(out), nil
}

// digestOf returns the digest of a well-formed token (43 characters of base64url that
// decode to 32 bytes), or false.
func digestOf(token string) ([]byte, bool) {
	if len(token) != TokenLength {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(raw) != 32 {
		return nil, false
	}
	d := sha256.Sum256([]byte(token))
	return d[:], true
}
