package httpapi_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// sessSign signs claims with method and key, with header fields added.
func sessSign(t *testing.T, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	maps.Copy(tok.Header, header)
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign %s: %v", method.Alg(), err)
	}
	return s
}

// sessHandMade builds a token by hand: any header, HMAC-SHA256 signature.
func sessHandMade(t *testing.T, header map[string]any, claims jwt.MapClaims, secret []byte) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signing := enc(header) + "." + enc(claims)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func TestSessionTokensRefused(t *testing.T) {
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{PIN: "583920"})
	other := h.Student(apitest.StudentOpts{})
	key := h.SessionKey()
	iss := h.TokenIssuer()

	// base holds the claims of a real session token for st, as the portal issues them.
	real, _, err := iss.Issue(tokens.Session, "student", st.ID, 1, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	base := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(real, base); err != nil {
		t.Fatal(err)
	}
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := maps.Clone(base)
		change(c)
		return c
	}
	kid := map[string]any{"kid": key.ID}
	hs256 := func(claims jwt.MapClaims) string { return sessSign(t, jwt.SigningMethodHS256, key.Secret, kid, claims) }
	issue := func(p tokens.Purpose, kind, subject string, version int, ttl time.Duration) string {
		s, _, err := iss.Issue(p, kind, subject, version, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	// The controls prove the tokens below are refused for the one thing each gets wrong.
	for name, tok := range map[string]string{"issued by the portal's issuer": real, "re-signed by hand": hs256(base)} {
		t.Run("control: "+name, func(t *testing.T) {
			r := sessWithCookie(h, http.MethodGet, "/api/v1/me/account", tok)
			if r.Status != http.StatusOK || r.String("username") != st.Username {
				t.Fatalf("got %d %s, want 200 for %s", r.Status, r.Raw, st.Username)
			}
		})
	}

	otherKey := make([]byte, 32)
	if _, err := rand.Read(otherKey); err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()

	// A real forgot-password reset token: kind student, subject and version
	// right, only the audience differs.
	c := h.Client()
	start := c.Expect(c.Do(http.MethodPost, "/api/v1/forgot/start", map[string]string{"username": st.Username}), http.StatusOK, "")
	verified := c.Expect(c.Do(http.MethodPost, "/api/v1/forgot/verify", map[string]string{
		"flowToken": start.String("flowToken"), "method": "pin", "pin": "583920"}), http.StatusOK, "")

	tampered := func() string {
		parts := strings.Split(real, ".")
		payload, _ := json.Marshal(with(func(c jwt.MapClaims) { c["sub"] = other.ID }))
		return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
	}

	tests := []struct {
		name  string
		token string
	}{
		{"signed with another key under the same kid", sessSign(t, jwt.SigningMethodHS256, otherKey, kid, base)},
		{"signed with another key under an unknown kid", sessSign(t, jwt.SigningMethodHS256, otherKey, map[string]any{"kid": "attacker"}, base)},
		{"unknown kid, right key", sessSign(t, jwt.SigningMethodHS256, key.Secret, map[string]any{"kid": "test-2"}, base)},
		{"no kid", sessSign(t, jwt.SigningMethodHS256, key.Secret, nil, base)},
		{"expired", issue(tokens.Session, "student", st.ID, 1, -time.Minute)},
		{"expired by hand", hs256(with(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Second).Unix() }))},
		{"alg none", sessSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, base)},
		{"alg none, no signature", strings.TrimSuffix(sessSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, base), ".") + "."},
		{"HS512 with the right key", sessSign(t, jwt.SigningMethodHS512, key.Secret, kid, base)},
		{"HS384 with the right key", sessSign(t, jwt.SigningMethodHS384, key.Secret, kid, base)},
		{"RS256", sessSign(t, jwt.SigningMethodRS256, rsaKey, kid, base)},
		{"RS256 header over an HMAC signature", sessHandMade(t, map[string]any{"alg": "RS256", "typ": "JWT", "kid": key.ID}, base, key.Secret)},
		{"forgot-flow audience", issue(tokens.ForgotFlow, "student", st.ID, 1, time.Hour)},
		{"forgot-reset audience", issue(tokens.ForgotReset, "student", st.ID, 1, time.Hour)},
		{"real forgot-flow token", start.String("flowToken")},
		{"real forgot-reset token", verified.String("resetToken")},
		{"no exp", hs256(with(func(c jwt.MapClaims) { delete(c, "exp") }))},
		{"no aud", hs256(with(func(c jwt.MapClaims) { delete(c, "aud") }))},
		{"no iss", hs256(with(func(c jwt.MapClaims) { delete(c, "iss") }))},
		{"another issuer", hs256(with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }))},
		{"issued in the future", hs256(with(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(time.Hour).Unix(), now.Add(2*time.Hour).Unix()
		}))},
		{"stale token version", issue(tokens.Session, "student", st.ID, 0, time.Hour)},
		{"future token version", issue(tokens.Session, "student", st.ID, 2, time.Hour)},
		{"another kind of account", issue(tokens.Session, "guardian", st.ID, 1, time.Hour)},
		{"no kind", hs256(with(func(c jwt.MapClaims) { delete(c, "knd") }))},
		{"no subject", hs256(with(func(c jwt.MapClaims) { delete(c, "sub") }))},
		{"unknown subject", issue(tokens.Session, "student", uuid.NewString(), 1, time.Hour)},
		{"subject not a uuid", issue(tokens.Session, "student", "' or 1=1 --", 1, time.Hour)},
		{"payload swapped to another student", tampered()},
		{"signature stripped", strings.Join(strings.Split(real, ".")[:2], ".") + "."},
		{"not a token", "not-a-token"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/api/v1/me/account", "/api/v1/session"} {
				r := sessWithCookie(h, http.MethodGet, path, tt.token)
				if !isSignedOut(path, r) {
					t.Errorf("GET %s: got %d %s, want it refused as not signed in", path, r.Status, r.Raw)
				}
			}
		})
	}

	t.Run("a good token under another cookie name", func(t *testing.T) {
		r := h.Client().Do(http.MethodGet, "/api/v1/me/account", nil, "Cookie", "__Host-portal_session="+real)
		if r.Status != http.StatusUnauthorized || r.Code() != "not_signed_in" {
			t.Errorf("got %d %s, want 401 not_signed_in", r.Status, r.Raw)
		}
	})
}
