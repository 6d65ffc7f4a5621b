package accounts

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// Sealer errors.
var (
	// ErrUnknownSealKey reports a sealed value whose key id the Sealer does not hold.
	ErrUnknownSealKey = errors.New("accounts: unknown sealing key")
	// ErrSealedCorrupt reports a sealed value that fails authentication: tampered, sealed
	// under another key, or opened with other associated data.
	ErrSealedCorrupt = errors.New("accounts: sealed value cannot be opened")
)

// Sealer encrypts school-issued default passwords at rest with XChaCha20-Poly1305.
//
// Keys are named by id. Seal always uses the active key and returns its id, which is stored
// beside the sealed value; Open uses the stored id. To rotate, add a new key, make it
// active, and keep the old one until no value sealed under it remains. The 24-byte random
// nonce of XChaCha20 makes nonce reuse negligible however many values a key seals.
//
// A Sealer is safe for concurrent use.
type Sealer struct {
	aeads  map[string]cipher.AEAD
	active string
}

// NewSealer returns a Sealer with keys (id to 32-byte key) that seals under activeKeyID.
// The keys are copied.
func NewSealer(keys map[string][]byte, activeKeyID string) (*Sealer, error) {
	if _, ok := keys[activeKeyID]; !ok {
		return nil, fmt.Errorf("accounts: new sealer: active key %q is not among the keys", activeKeyID)
	}
	s := &Sealer{aeads: make(map[string]cipher.AEAD, len(keys)), active: activeKeyID}
	for id, key := range keys {
		if id == "" {
			return nil, errors.New("accounts: new sealer: empty key id")
		}
		if len(key) != chacha20poly1305.KeySize {
			return nil, fmt.Errorf("accounts: new sealer: key %q has %d bytes, want %d",
				id, len(key), chacha20poly1305.KeySize)
		}
		aead, err := chacha20poly1305.NewX(key)
		if err != nil {
			return nil, fmt.Errorf("accounts: new sealer: key %q: %w", id, err)
		}
		s.aeads[id] = aead
	}
	return s, nil
}

// Seal encrypts plaintext under the active key, binding it to associatedData (such as the
// student's id, so a sealed value cannot be moved to another row). It returns the nonce
// followed by the ciphertext, and the id of the key used.
func (s *Sealer) Seal(plaintext string, associatedData []byte) (sealed []byte, keyID string, err error) {
	aead := s.aeads[s.active]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	// crypto/rand.Read never returns an error: it crashes the program instead.
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, []byte(plaintext), associatedData), s.active, nil
}

// Open decrypts a value sealed under keyID with the same associatedData. It returns an
// error wrapping ErrUnknownSealKey or ErrSealedCorrupt when it cannot.
func (s *Sealer) Open(sealed []byte, keyID string, associatedData []byte) (string, error) {
	aead, ok := s.aeads[keyID]
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrUnknownSealKey, keyID)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("%w: too short", ErrSealedCorrupt)
	}
	nonce, ciphertext := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	plaintext, err := aead.Open(nil, nonce, ciphertext, associatedData)
	if err != nil {
		return "", ErrSealedCorrupt
	}
	return string(plaintext), nil
}
