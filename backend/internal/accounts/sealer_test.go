package accounts

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestNewSealer(t *testing.T) {
	tests := []struct {
		name    string
		keys    map[string][]byte
		active  string
		wantErr string
	}{
		{"one key", map[string][]byte{"k1": testKey(1)}, "k1", ""},
		{"two keys", map[string][]byte{"k1": testKey(1), "k2": testKey(2)}, "k2", ""},
		{"no keys", nil, "k1", "not among the keys"},
		{"active missing", map[string][]byte{"k1": testKey(1)}, "k2", "not among the keys"},
		{"short key", map[string][]byte{"k1": testKey(1), "k2": make([]byte, 16)}, "k1", "has 16 bytes, want 32"},
		{"long key", map[string][]byte{"k1": make([]byte, 33)}, "k1", "has 33 bytes, want 32"},
		{"empty id", map[string][]byte{"": testKey(1)}, "", "empty key id"},
	}
	for _, tt := range tests {
		s, err := NewSealer(tt.keys, tt.active)
		switch {
		case tt.wantErr == "" && (err != nil || s == nil):
			t.Errorf("%s: NewSealer: got %v, %v, want a sealer", tt.name, s, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: NewSealer: got error %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestSealOpen(t *testing.T) {
	s, err := NewSealer(map[string][]byte{"k1": testKey(1)}, "k1")
	if err != nil {
		t.Fatal(err)
	}
	ad := []byte("student:8f14e45f")
	for _, pw := range []string{"", "SunnyTiger47", "Ab3xQ9mZr7KwPt", "Ñandú 🐱"} {
		sealed, keyID, err := s.Seal(pw, ad)
		if err != nil || keyID != "k1" {
			t.Fatalf("Seal(%q): got key %q, error %v, want k1, nil", pw, keyID, err)
		}
		if pw != "" && bytes.Contains(sealed, []byte(pw)) {
			t.Errorf("Seal(%q): got the plaintext inside the sealed value", pw)
		}
		if got, want := len(sealed), 24+len(pw)+16; got != want {
			t.Errorf("Seal(%q): got %d bytes, want %d (nonce + ciphertext + tag)", pw, got, want)
		}
		got, err := s.Open(sealed, keyID, ad)
		if err != nil || got != pw {
			t.Errorf("Open(Seal(%q)): got %q, %v, want %q, nil", pw, got, err, pw)
		}
		again, _, _ := s.Seal(pw, ad)
		if bytes.Equal(again, sealed) {
			t.Errorf("Seal(%q) twice: got equal values, want fresh nonces", pw)
		}
	}
}

func TestSealerRotation(t *testing.T) {
	old, err := NewSealer(map[string][]byte{"2025": testKey(1)}, "2025")
	if err != nil {
		t.Fatal(err)
	}
	sealed, keyID, _ := old.Seal("SunnyTiger47", nil)

	rotated, err := NewSealer(map[string][]byte{"2025": testKey(1), "2026": testKey(2)}, "2026")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(sealed, keyID, nil); err != nil || got != "SunnyTiger47" {
		t.Errorf("Open with the old key after rotation: got %q, %v, want SunnyTiger47, nil", got, err)
	}
	if _, id, _ := rotated.Seal("x", nil); id != "2026" {
		t.Errorf("Seal after rotation: got key %q, want 2026", id)
	}
}

func TestSealerCopiesKeys(t *testing.T) {
	keys := map[string][]byte{"k1": testKey(1)}
	s, err := NewSealer(keys, "k1")
	if err != nil {
		t.Fatal(err)
	}
	sealed, id, _ := s.Seal("SunnyTiger47", nil)
	keys["k1"][0] ^= 0xFF
	delete(keys, "k1")
	if got, err := s.Open(sealed, id, nil); err != nil || got != "SunnyTiger47" {
		t.Errorf("Open after the caller changed its map: got %q, %v, want SunnyTiger47, nil", got, err)
	}
}

func TestOpenFailures(t *testing.T) {
	s, err := NewSealer(map[string][]byte{"k1": testKey(1), "k2": testKey(2)}, "k1")
	if err != nil {
		t.Fatal(err)
	}
	ad := []byte("student:1")
	sealed, _, _ := s.Seal("SunnyTiger47", ad)
	tampered := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 1
		return b
	}
	tests := []struct {
		name   string
		sealed []byte
		keyID  string
		ad     []byte
		want   error
	}{
		{"unknown key id", sealed, "k9", ad, ErrUnknownSealKey},
		{"empty key id", sealed, "", ad, ErrUnknownSealKey},
		{"other key", sealed, "k2", ad, ErrSealedCorrupt},
		{"other associated data", sealed, "k1", []byte("student:2"), ErrSealedCorrupt},
		{"no associated data", sealed, "k1", nil, ErrSealedCorrupt},
		{"nonce tampered", tampered(0), "k1", ad, ErrSealedCorrupt},
		{"ciphertext tampered", tampered(30), "k1", ad, ErrSealedCorrupt},
		{"tag tampered", tampered(len(sealed) - 1), "k1", ad, ErrSealedCorrupt},
		{"truncated", sealed[:len(sealed)-1], "k1", ad, ErrSealedCorrupt},
		{"too short", sealed[:39], "k1", ad, ErrSealedCorrupt},
		{"empty", nil, "k1", ad, ErrSealedCorrupt},
	}
	for _, tt := range tests {
		got, err := s.Open(tt.sealed, tt.keyID, tt.ad)
		if got != "" || !errors.Is(err, tt.want) {
			t.Errorf("%s: Open: got %q, %v, want \"\", %v", tt.name, got, err, tt.want)
		}
	}
}
