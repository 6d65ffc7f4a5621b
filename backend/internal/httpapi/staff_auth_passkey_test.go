package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/descope/virtualwebauthn"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
)

// passkeyOrigin is where the passkey tests reach the portal: WebAuthn needs a domain, and
// the test server listens on an IP address.
const passkeyOrigin = "https://portal.example"

// originBrowser drives a portal handler reached at passkeyOrigin, keeping its cookies
// (secure, __Host- names) and CSRF token.
type originBrowser struct {
	t       *testing.T
	handler http.Handler
	cookies map[string]string
	csrf    string
}

func (b *originBrowser) do(method, path string, body any) apitest.Response {
	b.t.Helper()
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			b.t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, passkeyOrigin+"/api/v1"+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	for name, value := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	rec := httptest.NewRecorder()
	b.handler.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(b.cookies, ck.Name)
		} else {
			b.cookies[ck.Name] = ck.Value
		}
	}
	out := apitest.Response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
	_ = json.Unmarshal(out.Raw, &out.Body)
	return out
}

func (b *originBrowser) expect(r apitest.Response, status int, code string) apitest.Response {
	b.t.Helper()
	if r.Status != status || (code != "" && r.Code() != code) {
		b.t.Fatalf("got %d %s, want %d %s", r.Status, r.Raw, status, code)
	}
	return r
}

// credentialBody wraps a virtual authenticator's JSON answer as the contract's request.
func credentialBody(t *testing.T, response, name string) map[string]any {
	t.Helper()
	var cred map[string]any
	if err := json.Unmarshal([]byte(response), &cred); err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"credential": cred}
	if name != "" {
		body["name"] = name
	}
	return body
}

// TestStaffPasskeys registers a passkey with a virtual authenticator, signs in with it,
// refuses a replayed or foreign assertion, and removes it; each change is emailed.
func TestStaffPasskeys(t *testing.T) {
	h := apitest.New(t)
	handler := h.PortalAt(passkeyOrigin)
	m := h.Staff(apitest.StaffOpts{})
	browser := func() *originBrowser { return &originBrowser{t: t, handler: handler, cookies: map[string]string{}} }
	password := func(b *originBrowser) apitest.Response {
		r := b.expect(b.do(http.MethodPost, "/staff/session", map[string]string{"email": m.Email, "password": m.Password}), 200, "")
		if _, ok := b.cookies["__Host-portal_staff_pending"]; !ok {
			t.Fatalf("got cookies %v, want __Host-portal_staff_pending", b.cookies)
		}
		b.csrf = r.String("csrfToken")
		return r
	}
	b := browser()
	password(b)
	code, _ := m.NextCode()
	signedIn := b.expect(b.do(http.MethodPost, "/staff/session/second-factor", map[string]string{"code": code}), 200, "")
	b.csrf = signedIn.String("csrfToken")
	// Behind https the session cookie is Secure, host-only, __Host-, and the pending one is
	// cleared.
	sessCheckCookie(t, sessCookie(t, signedIn.Header, "__Host-portal_staff"), true)
	if ck := sessCookie(t, signedIn.Header, "__Host-portal_staff_pending"); ck.MaxAge >= 0 {
		t.Errorf("got pending cookie %v after the sign-in, want it cleared", ck)
	}

	rp := virtualwebauthn.RelyingParty{ID: "portal.example", Name: "District", Origin: passkeyOrigin}
	auth := virtualwebauthn.NewAuthenticator()
	cred := virtualwebauthn.NewCredential(virtualwebauthn.KeyTypeEC2)
	options := b.expect(b.do(http.MethodPost, "/staff/me/passkeys/options", nil), 200, "")
	attOpts, err := virtualwebauthn.ParseAttestationOptions(string(options.Raw))
	if err != nil {
		t.Fatalf("creation options %s: %v", options.Raw, err)
	}
	if attOpts.RelyingPartyID != "portal.example" {
		t.Errorf("got RP id %q, want portal.example", attOpts.RelyingPartyID)
	}
	attestation := virtualwebauthn.CreateAttestationResponse(rp, auth, cred, *attOpts)
	added := b.expect(b.do(http.MethodPost, "/staff/me/passkeys", credentialBody(t, attestation, "School laptop")), http.StatusCreated, "")
	auth.AddCredential(cred)
	if added.String("name") != "School laptop" || added.String("id") == "" {
		t.Errorf("got %s, want the passkey named School laptop", added.Raw)
	}
	b.expect(b.do(http.MethodPost, "/staff/me/passkeys", credentialBody(t, attestation, "")), http.StatusBadRequest, "passkey_challenge_expired")
	b.expect(b.do(http.MethodPost, "/staff/me/passkeys/options", nil), 200, "")
	b.expect(b.do(http.MethodPost, "/staff/me/passkeys", map[string]any{"credential": map[string]any{"id": "x"}}), http.StatusBadRequest, "passkey_invalid")
	h.WaitForMail(m.Email, func(msg mailcatcher.Message) bool { return strings.Contains(msg.Subject, "passkey was added") })

	// Sign in with the passkey.
	assert := func(b *originBrowser, rp virtualwebauthn.RelyingParty) string {
		options := b.expect(b.do(http.MethodPost, "/staff/session/passkey/options", nil), 200, "")
		opts, err := virtualwebauthn.ParseAssertionOptions(string(options.Raw))
		if err != nil {
			t.Fatalf("assertion options %s: %v", options.Raw, err)
		}
		return virtualwebauthn.CreateAssertionResponse(rp, auth, cred, *opts)
	}
	b2 := browser()
	step := password(b2)
	if !strings.Contains(string(step.Raw), `"passkey"`) {
		t.Errorf("got methods %s, want passkey among them", step.Raw)
	}
	assertion := assert(b2, rp)
	r := b2.expect(b2.do(http.MethodPost, "/staff/session/passkey", credentialBody(t, assertion, "")), 200, "")
	b2.csrf = r.String("csrfToken")
	b2.expect(b2.do(http.MethodGet, "/staff/me/passkeys", nil), 200, "")

	b3 := browser()
	password(b3)
	b3.expect(b3.do(http.MethodPost, "/staff/session/passkey", credentialBody(t, assertion, "")), http.StatusBadRequest, "passkey_challenge_expired")
	assert(b3, rp) // a new challenge: the old assertion answers another one
	b3.expect(b3.do(http.MethodPost, "/staff/session/passkey", credentialBody(t, assertion, "")), http.StatusUnauthorized, "second_factor_invalid")
	foreign := assert(b3, virtualwebauthn.RelyingParty{ID: "portal.example", Name: "District", Origin: "https://evil.example"})
	b3.expect(b3.do(http.MethodPost, "/staff/session/passkey", credentialBody(t, foreign, "")), http.StatusUnauthorized, "second_factor_invalid")
	b3.expect(b3.do(http.MethodGet, "/staff/session", nil), http.StatusNoContent, "")

	// A live session renews its second factor with the passkey too.
	renewed := b2.expect(b2.do(http.MethodPost, "/staff/session/passkey", credentialBody(t, assert(b2, rp), "")), 200, "")
	if renewed.String("csrfToken") != b2.csrf {
		t.Error("a renewal changed the session, want the same one")
	}

	list := b.expect(b.do(http.MethodGet, "/staff/me/passkeys", nil), 200, "")
	var keys []map[string]any
	_ = json.Unmarshal(list.Raw, &keys)
	if len(keys) != 1 || keys[0]["lastUsedAt"] == nil {
		t.Fatalf("got passkeys %s, want one, used", list.Raw)
	}
	b.expect(b.do(http.MethodDelete, "/staff/me/passkeys/"+keys[0]["id"].(string), nil), http.StatusNoContent, "")
	b.expect(b.do(http.MethodDelete, "/staff/me/passkeys/"+keys[0]["id"].(string), nil), http.StatusNotFound, "not_found")
	h.WaitForMail(m.Email, func(msg mailcatcher.Message) bool { return strings.Contains(msg.Subject, "passkey was removed") })
	for action, want := range map[string]int{"staff_passkey_added": 1, "staff_passkey_removed": 1} {
		if n := h.Count(`select count(*) from audit_events where actor_id = $1 and action = $2 and outcome = 'succeeded'`, m.ID, action); n != want {
			t.Errorf("got %d %s events, want %d", n, action, want)
		}
	}
}
