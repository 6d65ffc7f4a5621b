package tokens

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const testIssuer = "https://portal.example"

var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func testKey(t *testing.T, id string) Key {
	t.Helper()
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		t.Fatal(err)
	}
	return Key{ID: id, Secret: secret}
}

// testIssuerAt returns an issuer over keys whose clock reads now.
func testIssuerAt(t *testing.T, now time.Time, keys ...Key) *Issuer {
	t.Helper()
	i, err := NewIssuer(testIssuer, keys)
	if err != nil {
		t.Fatalf("NewIssuer: %v", err)
	}
	i.now = func() time.Time { return now }
	return i
}

func issue(t *testing.T, i *Issuer, p Purpose, ttl time.Duration) (string, Claims) {
	t.Helper()
	s, c, err := i.Issue(p, "student", "8d6a4c1e-5b7f-4f62-9f0c-2a1b3c4d5e6f", 3, ttl)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	return s, c
}

func TestIssueParseRoundTrip(t *testing.T) {
	k := testKey(t, "k1")
	i := testIssuerAt(t, testNow, k)
	for _, p := range []Purpose{Session, ForgotFlow, ForgotReset} {
		t.Run(string(p), func(t *testing.T) {
			s, issued := issue(t, i, p, time.Hour)
			got, err := i.Parse(p, s)
			if err != nil {
				t.Fatalf("Parse: got %v, want nil", err)
			}
			if got.Subject != issued.Subject || got.Kind != "student" || got.Version != 3 || got.ID != issued.ID || got.ID == "" {
				t.Errorf("got claims %+v, want %+v", got, issued)
			}
			if got.Issuer != testIssuer {
				t.Errorf("got issuer %q, want %q", got.Issuer, testIssuer)
			}
			if len(got.Audience) != 1 || got.Audience[0] != "portal:"+string(p) {
				t.Errorf("got audience %v, want one for %s", got.Audience, p)
			}
			if !got.ExpiresAt.Equal(testNow.Add(time.Hour)) || !got.IssuedAt.Equal(testNow) {
				t.Errorf("got iat %v exp %v, want %v and an hour later", got.IssuedAt, got.ExpiresAt, testNow)
			}
			header := testHeader(t, s)
			if header["alg"] != "HS256" || header["kid"] != "k1" {
				t.Errorf("got header %v, want HS256 with kid k1", header)
			}
		})
	}

	t.Run("every token has its own id", func(t *testing.T) {
		_, a := issue(t, i, Session, time.Hour)
		_, b := issue(t, i, Session, time.Hour)
		if a.ID == b.ID {
			t.Errorf("got the same jti %q twice", a.ID)
		}
	})
}

func TestParseRefusesOtherPurposes(t *testing.T) {
	i := testIssuerAt(t, testNow, testKey(t, "k1"))
	purposes := []Purpose{Session, ForgotFlow, ForgotReset}
	for _, issued := range purposes {
		s, _ := issue(t, i, issued, time.Hour)
		for _, parsed := range purposes {
			if parsed == issued {
				continue
			}
			if _, err := i.Parse(parsed, s); !errors.Is(err, ErrInvalid) {
				t.Errorf("a %s token parsed as %s: got %v, want ErrInvalid", issued, parsed, err)
			}
		}
	}
}

func TestParseRefusesExpired(t *testing.T) {
	k := testKey(t, "k1")
	s, _ := issue(t, testIssuerAt(t, testNow, k), Session, time.Minute)
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"at issue", testNow, true},
		{"half-way", testNow.Add(30 * time.Second), true},
		{"at expiry", testNow.Add(time.Minute), false},
		{"after expiry", testNow.Add(time.Minute + time.Second), false},
		{"a day later", testNow.Add(24 * time.Hour), false},
		{"before it was issued", testNow.Add(-time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testIssuerAt(t, tt.at, k).Parse(Session, s)
			if tt.ok && err != nil {
				t.Errorf("got %v, want the token accepted", err)
			}
			if !tt.ok && !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v, want ErrInvalid", err)
			}
		})
	}
	t.Run("issued already expired", func(t *testing.T) {
		i := testIssuerAt(t, testNow, k)
		s, _ := issue(t, i, Session, -time.Second)
		if _, err := i.Parse(Session, s); !errors.Is(err, ErrInvalid) {
			t.Errorf("got %v, want ErrInvalid", err)
		}
	})
}

// testHeader decodes the header of a token.
func testHeader(t *testing.T, token string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// testClaims returns the claims of a real token as a map, to alter and re-sign.
func testClaims(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func testSign(t *testing.T, m jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	maps.Copy(tok.Header, header)
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign %s: %v", m.Alg(), err)
	}
	return s
}

func TestParseRefusesForgeries(t *testing.T) {
	k := testKey(t, "k1")
	i := testIssuerAt(t, testNow, k)
	real, _ := issue(t, i, Session, time.Hour)
	base := testClaims(t, real)
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := maps.Clone(base)
		change(c)
		return c
	}
	kid := map[string]any{"kid": k.ID}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	// An RS256 header over an HMAC signature: the classic algorithm confusion.
	confused := func() string {
		enc := func(v any) string {
			b, _ := json.Marshal(v)
			return base64.RawURLEncoding.EncodeToString(b)
		}
		signing := enc(map[string]any{"alg": "RS256", "typ": "JWT", "kid": k.ID}) + "." + enc(base)
		m := hmac.New(sha256.New, k.Secret)
		m.Write([]byte(signing))
		return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}()

	if _, err := i.Parse(Session, testSign(t, jwt.SigningMethodHS256, k.Secret, kid, base)); err != nil {
		t.Fatalf("control: the claims re-signed with HS256 and the right key: got %v, want accepted", err)
	}
	tests := []struct {
		name  string
		token string
	}{
		{"alg none", testSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, base)},
		{"HS512 with the right key", testSign(t, jwt.SigningMethodHS512, k.Secret, kid, base)},
		{"HS384 with the right key", testSign(t, jwt.SigningMethodHS384, k.Secret, kid, base)},
		{"RS256", testSign(t, jwt.SigningMethodRS256, rsaKey, kid, base)},
		{"RS256 header, HMAC signature", confused},
		{"unknown kid", testSign(t, jwt.SigningMethodHS256, k.Secret, map[string]any{"kid": "k2"}, base)},
		{"no kid", testSign(t, jwt.SigningMethodHS256, k.Secret, nil, base)},
		{"kid of the wrong type", testSign(t, jwt.SigningMethodHS256, k.Secret, map[string]any{"kid": 1}, base)},
		{"another key under the same kid", testSign(t, jwt.SigningMethodHS256, testKey(t, "k1").Secret, kid, base)},
		{"no exp", testSign(t, jwt.SigningMethodHS256, k.Secret, kid, with(func(c jwt.MapClaims) { delete(c, "exp") }))},
		{"no iss", testSign(t, jwt.SigningMethodHS256, k.Secret, kid, with(func(c jwt.MapClaims) { delete(c, "iss") }))},
		{"another iss", testSign(t, jwt.SigningMethodHS256, k.Secret, kid, with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }))},
		{"no aud", testSign(t, jwt.SigningMethodHS256, k.Secret, kid, with(func(c jwt.MapClaims) { delete(c, "aud") }))},
		{"no sub", testSign(t, jwt.SigningMethodHS256, k.Secret, kid, with(func(c jwt.MapClaims) { delete(c, "sub") }))},
		{"iat in the future", testSign(t, jwt.SigningMethodHS256, k.Secret, kid, with(func(c jwt.MapClaims) {
			c["iat"] = testNow.Add(time.Minute).Unix()
		}))},
		{"tampered payload", func() string {
			parts := strings.Split(real, ".")
			payload, _ := json.Marshal(with(func(c jwt.MapClaims) { c["ver"] = 4 }))
			return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
		}()},
		{"signature stripped", strings.Join(strings.Split(real, ".")[:2], ".") + "."},
		{"empty", ""},
		{"garbage", "a.b.c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := i.Parse(Session, tt.token)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v, want ErrInvalid", err)
			}
			if got.Subject != "" || got.Version != 0 || got.Kind != "" {
				t.Errorf("got claims %+v with the error, want none", got)
			}
		})
	}
}

func TestKeyRotation(t *testing.T) {
	oldKey, newKey := testKey(t, "2025"), testKey(t, "2026")
	before := testIssuerAt(t, testNow, oldKey)
	during := testIssuerAt(t, testNow, newKey, oldKey)
	after := testIssuerAt(t, testNow, newKey)

	old, oldClaims := issue(t, before, Session, time.Hour)
	if _, err := during.Parse(Session, old); err != nil {
		t.Errorf("a token of the old key while it is second in the ring: got %v, want accepted", err)
	}
	if _, err := after.Parse(Session, old); !errors.Is(err, ErrInvalid) {
		t.Errorf("a token of the old key once it left the ring: got %v, want ErrInvalid", err)
	}

	fresh, _ := issue(t, during, Session, time.Hour)
	if kid := testHeader(t, fresh)["kid"]; kid != newKey.ID {
		t.Errorf("a new token is signed by kid %v, want the first key %q", kid, newKey.ID)
	}
	if _, err := before.Parse(Session, fresh); !errors.Is(err, ErrInvalid) {
		t.Errorf("a token of the new key in an issuer without it: got %v, want ErrInvalid", err)
	}
	if _, err := after.Parse(Session, fresh); err != nil {
		t.Errorf("a token of the new key: got %v, want accepted", err)
	}

	// A CSRF token bound under the old key survives the rotation with its session.
	csrf := before.Bind(oldClaims.ID)
	if !during.CheckBound(oldClaims.ID, csrf) {
		t.Errorf("a CSRF token of the old key while it is in the ring: got refused, want accepted")
	}
	if after.CheckBound(oldClaims.ID, csrf) {
		t.Errorf("a CSRF token of the old key once it left the ring: got accepted, want refused")
	}
	if got, want := during.Bind(oldClaims.ID), after.Bind(oldClaims.ID); got != want {
		t.Errorf("Bind during the rotation uses another key than the first: %q, want %q", got, want)
	}
}

func TestBindAndCheckBound(t *testing.T) {
	i := testIssuerAt(t, testNow, testKey(t, "k1"))
	other := testIssuerAt(t, testNow, testKey(t, "k1"))
	const jti = "m2V0ZXN0LXRva2VuLWlk"
	v := i.Bind(jti)
	if v == "" || v != i.Bind(jti) {
		t.Fatalf("Bind: got %q then %q, want the same non-empty value", v, i.Bind(jti))
	}
	if !i.CheckBound(jti, v) {
		t.Fatalf("CheckBound of Bind: got false, want true")
	}
	if strings.Contains(v, jti) {
		t.Errorf("Bind(%q) = %q holds the token id", jti, v)
	}
	flipped := []byte(v)
	flipped[0] = map[bool]byte{true: 'B', false: 'A'}[flipped[0] == 'A']
	tests := []struct {
		name, jti, value string
	}{
		{"another token id", jti + "x", v},
		{"empty token id", "", v},
		{"empty value", jti, ""},
		{"a changed character", jti, string(flipped)},
		{"not base64", jti, "!!!not base64!!!"},
		{"standard base64 with padding", jti, base64.StdEncoding.EncodeToString([]byte("x"))},
		{"truncated", jti, v[:len(v)-4]},
		{"bound under another key", jti, other.Bind(jti)},
		{"the token id itself", jti, jti},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if i.CheckBound(tt.jti, tt.value) {
				t.Errorf("CheckBound(%q, %q): got true, want false", tt.jti, tt.value)
			}
		})
	}
	if a, b := i.Bind("one"), i.Bind("two"); a == b {
		t.Errorf("Bind gives %q for two token ids, want different values", a)
	}
}

func TestDigest(t *testing.T) {
	k := testKey(t, "k1")
	i := testIssuerAt(t, testNow, k)
	a := i.Digest("johns1234")
	if !bytes.Equal(a, i.Digest("johns1234")) || !bytes.Equal(a, testIssuerAt(t, testNow, k).Digest("johns1234")) {
		t.Errorf("Digest is not stable for one key")
	}
	if bytes.Equal(a, i.Digest("johns1235")) {
		t.Errorf("Digest is the same for two values")
	}
	if bytes.Equal(a, testIssuerAt(t, testNow, testKey(t, "k1")).Digest("johns1234")) {
		t.Errorf("Digest is the same under two keys")
	}
	if bytes.Equal(a, []byte(i.Bind("johns1234"))) {
		t.Errorf("Digest and Bind agree, want separate domains")
	}
}

func TestNewIssuerRefusesBadKeys(t *testing.T) {
	good := testKey(t, "k1")
	tests := []struct {
		name string
		keys []Key
		ok   bool
	}{
		{"one 32-byte key", []Key{good}, true},
		{"two keys", []Key{good, testKey(t, "k2")}, true},
		{"a longer key", []Key{{ID: "k1", Secret: make([]byte, 64)}}, true},
		{"no keys", nil, false},
		{"31 bytes", []Key{{ID: "k1", Secret: make([]byte, 31)}}, false},
		{"empty secret", []Key{{ID: "k1"}}, false},
		{"no id", []Key{{Secret: good.Secret}}, false},
		{"a short second key", []Key{good, {ID: "k2", Secret: []byte("short")}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, err := NewIssuer(testIssuer, tt.keys)
			if tt.ok && (err != nil || i == nil) {
				t.Errorf("got %v, want an issuer", err)
			}
			if !tt.ok && (err == nil || i != nil) {
				t.Errorf("got issuer %v, err %v; want an error", i, err)
			}
		})
	}
}
